using System.Text;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Common;
using TraffickingCases.Infrastructure.Audit;
using TraffickingCases.Infrastructure.Csv;
using TraffickingCases.Infrastructure.Matching;
using TraffickingCases.Infrastructure.Persistence;
using TraffickingCases.Infrastructure.Risk;
using F = TraffickingCases.Infrastructure.Import.ImportFormats;

namespace TraffickingCases.Infrastructure.Import;

/// <summary>What an import did, or would have done on a dry run.</summary>
public sealed record ImportResult(ImportKind Kind, int Rows, int Added, int Unchanged, IReadOnlyList<ImportError> Errors, bool DryRun)
{
    public bool Succeeded => Errors.Count == 0;

    public string Summary => Succeeded
        ? $"{(DryRun ? "dry run: would import" : "imported")} {Added} {Noun} ({Unchanged} already present) from {Rows} rows"
        : $"nothing imported: {Errors.Count} error{(Errors.Count == 1 ? string.Empty : "s")} in {Rows} rows";

    private string Noun => Kind switch
    {
        ImportKind.Children => "children",
        ImportKind.Referrals => "referrals",
        ImportKind.MissingEpisodes => "missing episodes",
        ImportKind.Placements => "placements",
        ImportKind.Support => "support requests",
    };
}

/// <summary>
/// Moves records in from spreadsheets. Every row is checked with the same domain rules as the forms;
/// if any row is wrong nothing is written. Rows already imported are recognised and left alone, so
/// importing the same file twice changes nothing.
/// </summary>
public sealed class CaseImporter(CasesDbContext db, RulesService rules, MatchFlagger matches, AuditTrail audit, TimeProvider clock)
{
    public async Task<ImportResult> ImportAsync(ImportKind kind, Stream csv, bool dryRun, CancellationToken ct = default)
    {
        var errors = new List<ImportError>();
        var rows = new List<CsvRow>();
        using (var reader = new StreamReader(csv, new UTF8Encoding(false, true), detectEncodingFromByteOrderMarks: true))
        {
            Dictionary<string, int>? header = null;
            try
            {
                await foreach (var (row, fields) in CsvFile.ReadAsync(reader, ct))
                {
                    if (header is null)
                    {
                        header = ReadHeader(kind, fields, errors);
                        continue;
                    }

                    rows.Add(new CsvRow(row, fields, header, errors));
                }
            }
            catch (DecoderFallbackException)
            {
                errors.Add(new ImportError(1, "file", "the file is not UTF-8 text; save it as 'CSV UTF-8'"));
            }
            catch (CsvFormatException e)
            {
                errors.Add(ImportError.UnclosedQuote(e, header));
            }

            if (header is null && errors.Count == 0)
            {
                errors.Add(new ImportError(1, "file", "the file is empty; it needs a header row"));
            }
        }

        if (errors.Count > 0)
        {
            return new ImportResult(kind, rows.Count, 0, 0, errors, dryRun);
        }

        var now = clock.GetUtcNow();
        var plan = kind switch
        {
            ImportKind.Children => await PlanChildrenAsync(rows, errors, now, ct),
            ImportKind.Referrals => await PlanForChildrenAsync(rows, errors, now, c => c.Referrals, ReadReferral,
                (c, d, t) => c.Referrals.Any(r => r.ReferralDate == d.ReferralDate
                    && string.Equals(r.FirstResponderOrganisation, d.FirstResponderOrganisation.Trim(), StringComparison.OrdinalIgnoreCase)),
                (c, d, t) => c.AddReferral(d, t), ReferralField, ct),
            ImportKind.MissingEpisodes => await PlanForChildrenAsync(rows, errors, now, c => c.MissingEpisodes, ReadMissingEpisode,
                (c, d, t) => c.MissingEpisodes.Any(e => e.WentMissingAt == d.WentMissingAt),
                (c, d, t) => c.RecordMissingEpisode(d, t), MissingEpisodeField, ct),
            ImportKind.Placements => await PlanForChildrenAsync(rows, errors, now, c => c.Placements, ReadPlacement,
                (c, d, t) => c.Placements.Any(p => p.Type == d.Type && p.StartDate == d.StartDate),
                (c, d, t) => c.AddPlacement(d, t), PlacementField, ct),
            ImportKind.Support => await PlanForChildrenAsync(rows, errors, now, c => c.SupportRequests, ReadSupport,
                (c, d, t) => c.SupportRequests.Any(s => s.Type == d.Type && s.RequestedOn == d.RequestedOn),
                (c, d, t) => c.RequestSupport(d, t), SupportField, ct),
        };

        errors.Sort((a, b) => a.Row != b.Row ? a.Row.CompareTo(b.Row) : string.CompareOrdinal(a.Column, b.Column));
        if (errors.Count > 0 || dryRun)
        {
            return new ImportResult(kind, rows.Count, errors.Count > 0 ? 0 : plan.Added, errors.Count > 0 ? 0 : plan.Unchanged, errors, dryRun);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await plan.Write(ct);
        await audit.RecordAsync(new AuditEvent(AuditActions.Imported, "Import", kind.ToString(), null,
            new { kind = kind.ToString(), rows = rows.Count, added = plan.Added, unchanged = plan.Unchanged }), ct);
        await transaction.CommitAsync(ct);
        return new ImportResult(kind, rows.Count, plan.Added, plan.Unchanged, errors, dryRun);
    }

    private static Dictionary<string, int> ReadHeader(ImportKind kind, string[] fields, List<ImportError> errors)
    {
        var header = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < fields.Length; i++)
        {
            var name = fields[i].Trim().TrimStart('\uFEFF');
            if (!header.TryAdd(name, i))
            {
                errors.Add(new ImportError(1, name, "this column appears twice in the header"));
            }
        }

        var expected = F.Columns[kind];
        foreach (var missing in expected.Where(c => !header.ContainsKey(c)))
        {
            errors.Add(new ImportError(1, missing, "this column is missing from the header"));
        }

        foreach (var unknown in header.Keys.Where(c => !expected.Contains(c, StringComparer.OrdinalIgnoreCase)))
        {
            errors.Add(new ImportError(1, unknown, $"unknown column; expected {string.Join(", ", expected)}"));
        }

        return header;
    }

    private sealed record Plan(int Added, int Unchanged, Func<CancellationToken, Task> Write);

    private async Task<Plan> PlanChildrenAsync(List<CsvRow> rows, List<ImportError> errors, DateTimeOffset now, CancellationToken ct)
    {
        var organisations = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Code, o => o.Id, StringComparer.OrdinalIgnoreCase, ct);
        var ids = rows.Select(r => r.Text("external_id")).OfType<string>().Distinct().ToList();
        var existing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in ids.Chunk(10_000))
        {
            existing.UnionWith(await db.Children.Where(c => chunk.Contains(c.ExternalId!)).Select(c => c.ExternalId!).ToListAsync(ct));
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var accepted = new List<(ChildDetails Details, Guid OrganisationId)>();
        var unchanged = 0;
        foreach (var row in rows)
        {
            var before = errors.Count;
            var externalId = row.RequiredText("external_id", "the child's id in your system");
            if (externalId.Length > 0 && !seen.TryAdd(externalId, row.Row))
            {
                row.Error("external_id", $"the same external id is on row {seen[externalId]}");
            }

            var organisationCode = row.RequiredText("organisation_code", "the responsible organisation's code");
            Guid organisationId = default;
            if (organisationCode.Length > 0 && !organisations.TryGetValue(organisationCode, out organisationId))
            {
                row.Error("organisation_code", $"no organisation has the code '{organisationCode}'");
            }

            var details = new ChildDetails
            {
                ExternalId = externalId,
                GivenNames = row.Text("given_names") ?? string.Empty,
                FamilyName = row.Text("family_name") ?? string.Empty,
                OtherNames = row.List("other_names"),
                DateOfBirth = row.Date("date_of_birth"),
                DobPrecision = row.Choice("dob_precision", F.DobPrecisions) ?? DobPrecision.Exact,
                Gender = row.Choice("gender", F.Genders) ?? Gender.Unknown,
                Nationalities = row.List("nationalities"),
                IsUasc = row.Bool("uasc") ?? false,
            };
            if (errors.Count > before)
            {
                continue;
            }

            if (existing.Contains(externalId))
            {
                unchanged++;
                continue;
            }

            try
            {
                // Validate exactly as the registration form does; the reference is assigned on write.
                Child.Register("TC-CHECK", details, organisationId, null, now);
                accepted.Add((details, organisationId));
            }
            catch (DomainValidationException e)
            {
                foreach (var error in e.Errors)
                {
                    row.Error(ChildField(error.Field), error.Message);
                }
            }
        }

        return new Plan(accepted.Count, unchanged, async token =>
        {
            var references = await db.NextChildReferencesAsync(Math.Max(accepted.Count, 1), token);
            var children = accepted.Select((a, i) => Child.Register(references[i], a.Details, a.OrganisationId, null, now)).ToList();
            await BulkCopy.CopyAsync(db, children, token);

            // COPY bypasses change tracking: each child gets the "created" entry a form would have written.
            await audit.RecordCopiedAsync(children, token);

            // Possible re-recordings of children already held (or in the same file) are flagged in the same transaction.
            await matches.RaiseForAsync(children.Select(c => c.Id).ToList(), now, token);
        });
    }

    private async Task<Plan> PlanForChildrenAsync<TDetails, TRecord>(
        List<CsvRow> rows,
        List<ImportError> errors,
        DateTimeOffset now,
        System.Linq.Expressions.Expression<Func<Child, IEnumerable<TRecord>>> history,
        Func<CsvRow, TDetails> read,
        Func<Child, TDetails, DateTimeOffset, bool> alreadyThere,
        Func<Child, TDetails, DateTimeOffset, TRecord> add,
        Func<string, string> columnOf,
        CancellationToken ct)
        where TRecord : class
    {
        var ids = rows.Select(r => r.Text("child_external_id")).OfType<string>().Distinct().ToList();
        var children = new Dictionary<string, Child>(StringComparer.Ordinal);
        foreach (var chunk in ids.Chunk(5_000))
        {
            var found = await db.Children.AsNoTracking().Include(history).AsSplitQuery()
                .Where(c => chunk.Contains(c.ExternalId!)).ToListAsync(ct);
            foreach (var child in found)
            {
                children[child.ExternalId!] = child;
            }

            // A record merged into another: its history goes to the surviving record.
            var survivorIds = found.Where(c => c.MergedIntoId is not null).Select(c => c.MergedIntoId!.Value).Distinct().ToList();
            if (survivorIds.Count > 0)
            {
                var survivors = await db.Children.AsNoTracking().Include(history).AsSplitQuery()
                    .Where(c => survivorIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
                foreach (var child in found.Where(c => c.MergedIntoId is not null))
                {
                    children[child.ExternalId!] = survivors[child.MergedIntoId!.Value];
                }
            }
        }

        var added = new List<TRecord>();
        var touched = new HashSet<Child>();
        var unchanged = 0;
        foreach (var row in rows)
        {
            var before = errors.Count;
            var externalId = row.RequiredText("child_external_id", "the child's external id");
            children.TryGetValue(externalId, out var child);
            if (externalId.Length > 0 && child is null)
            {
                row.Error("child_external_id", $"no child has the external id '{externalId}'; import the children file first");
            }

            var details = read(row);
            if (errors.Count > before || child is null)
            {
                continue;
            }

            if (alreadyThere(child, details, now))
            {
                unchanged++;
                continue;
            }

            try
            {
                added.Add(add(child, details, now));
                touched.Add(child);
            }
            catch (DomainValidationException e)
            {
                foreach (var error in e.Errors)
                {
                    row.Error(columnOf(error.Field), error.Message);
                }
            }
        }

        return new Plan(added.Count, unchanged, async token =>
        {
            await BulkCopy.CopyAsync(db, added, token);
            var childIds = touched.Select(c => c.Id).ToArray();
            await db.Children.Where(c => childIds.Contains(c.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.LastActivityAt, now), token);

            // Both writes bypass change tracking, so both are audited here: each record's "created" entry, and
            // the last-activity time the import set on each touched child (the value before is not read back).
            await audit.RecordCopiedAsync(added, token);
            await audit.RecordAsync(touched.Select(c => new AuditEvent(AuditActions.Updated, "Child", c.Id.ToString(), c.Id,
                new { changes = new Dictionary<string, AuditInterceptor.FieldChange> { ["LastActivityAt"] = new(null, now) } })), token);

            // The rules run in the same transaction, so the flags are there when the import is.
            await rules.EvaluateAsync(childIds, now, token);
        });
    }

    private static ReferralDetails ReadReferral(CsvRow row)
    {
        var types = ExploitationTypes.None;
        foreach (var code in row.List("exploitation_types"))
        {
            if (F.ExploitationTypeCodes.TryGetValue(code.ToLowerInvariant(), out var type))
            {
                types |= type;
            }
            else
            {
                row.Error("exploitation_types", $"'{code}' must be one of {string.Join(", ", F.ExploitationTypeCodes.Keys)}");
            }
        }

        return new ReferralDetails
        {
            ReferralDate = row.RequiredDate("referral_date", "the referral date"),
            FirstResponderType = row.RequiredChoice("first_responder_type", F.OrganisationTypes, "the first responder type"),
            FirstResponderOrganisation = row.RequiredText("first_responder_organisation", "the first responder organisation"),
            ExploitationTypes = types,
            CountyLines = row.Bool("county_lines") ?? false,
            ExploitationLocation = row.Choice("exploitation_location", F.ExploitationLocations) ?? ExploitationLocation.NotKnown,
            FutureExploitationConcern = row.Bool("future_exploitation_concern") ?? false,
            CompetentAuthority = row.RequiredChoice("competent_authority", F.CompetentAuthorities, "the competent authority"),
            RgOutcome = row.Choice("rg_decision", F.Decisions) ?? DecisionOutcome.Pending,
            RgDecisionDate = row.Date("rg_decision_date"),
            CgOutcome = row.Choice("cg_decision", F.Decisions) ?? DecisionOutcome.Pending,
            CgDecisionDate = row.Date("cg_decision_date"),
        };
    }

    private static MissingEpisodeDetails ReadMissingEpisode(CsvRow row)
    {
        var wentMissing = row.Time("missing_from");
        if (row.Text("missing_from") is null)
        {
            row.Error("missing_from", "enter when the child went missing");
        }

        return new MissingEpisodeDetails
        {
            WentMissingAt = wentMissing ?? default,
            ReturnedAt = row.Time("returned_at"),
            WhereaboutsKnown = row.Bool("whereabouts_known") ?? false,
            ReportedToPoliceAt = row.Time("reported_to_police_at"),
            PoliceReference = row.Text("police_reference"),
            PoliceRiskGrading = row.Choice("risk_level", F.RiskLevels),
            ReturnInterviewOfferedAt = row.Time("return_interview_offered_at"),
            ReturnInterviewCompletedAt = row.Time("return_interview_completed_at"),
        };
    }

    private static PlacementDetails ReadPlacement(CsvRow row) => new()
    {
        Type = row.RequiredChoice("placement_type", F.PlacementTypes, "the placement type"),
        StartDate = row.RequiredDate("start_date", "the start date"),
        EndDate = row.Date("end_date"),
    };

    private static SupportRequestDetails ReadSupport(CsvRow row) => new()
    {
        Type = row.RequiredChoice("support_type", F.SupportTypes, "the support type"),
        RequestedOn = row.RequiredDate("requested_on", "the date support was requested"),
        StartedOn = row.Date("started_on"),
    };

    private static string ChildField(string field) => field switch
    {
        nameof(ChildDetails.GivenNames) => "given_names",
        nameof(ChildDetails.FamilyName) => "family_name",
        nameof(ChildDetails.OtherNames) => "other_names",
        nameof(ChildDetails.DateOfBirth) => "date_of_birth",
        nameof(ChildDetails.DobPrecision) => "dob_precision",
        nameof(ChildDetails.Gender) => "gender",
        nameof(ChildDetails.Nationalities) => "nationalities",
        nameof(ChildDetails.ExternalId) => "external_id",
        _ => field,
    };

    private static string ReferralField(string field) => field switch
    {
        nameof(ReferralDetails.ReferralDate) => "referral_date",
        nameof(ReferralDetails.FirstResponderOrganisation) => "first_responder_organisation",
        nameof(ReferralDetails.FirstResponderType) => "first_responder_type",
        nameof(ReferralDetails.ExploitationTypes) => "exploitation_types",
        nameof(ReferralDetails.CountyLines) => "county_lines",
        nameof(ReferralDetails.ExploitationLocation) => "exploitation_location",
        nameof(ReferralDetails.CompetentAuthority) => "competent_authority",
        nameof(ReferralDetails.RgOutcome) => "rg_decision",
        nameof(ReferralDetails.RgDecisionDate) => "rg_decision_date",
        nameof(ReferralDetails.CgOutcome) => "cg_decision",
        nameof(ReferralDetails.CgDecisionDate) => "cg_decision_date",
        _ => field,
    };

    private static string MissingEpisodeField(string field) => field switch
    {
        nameof(MissingEpisodeDetails.WentMissingAt) => "missing_from",
        nameof(MissingEpisodeDetails.ReturnedAt) => "returned_at",
        nameof(MissingEpisodeDetails.ReportedToPoliceAt) => "reported_to_police_at",
        nameof(MissingEpisodeDetails.PoliceReference) => "police_reference",
        nameof(MissingEpisodeDetails.PoliceRiskGrading) => "risk_level",
        nameof(MissingEpisodeDetails.ReturnInterviewOfferedAt) => "return_interview_offered_at",
        nameof(MissingEpisodeDetails.ReturnInterviewCompletedAt) => "return_interview_completed_at",
        _ => field,
    };

    private static string PlacementField(string field) => field switch
    {
        nameof(PlacementDetails.Type) => "placement_type",
        nameof(PlacementDetails.StartDate) => "start_date",
        nameof(PlacementDetails.EndDate) => "end_date",
        _ => field,
    };

    private static string SupportField(string field) => field switch
    {
        nameof(SupportRequestDetails.Type) => "support_type",
        nameof(SupportRequestDetails.RequestedOn) => "requested_on",
        nameof(SupportRequestDetails.StartedOn) => "started_on",
        _ => field,
    };
}
