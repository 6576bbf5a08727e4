using System.Text;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Common;
using TraffickingCases.Infrastructure.Audit;
using TraffickingCases.Infrastructure.Csv;
using TraffickingCases.Infrastructure.Notifications;
using TraffickingCases.Infrastructure.Persistence;
using TraffickingCases.Infrastructure.Cases;
using F = TraffickingCases.Infrastructure.Import.ImportFormats;

namespace TraffickingCases.Infrastructure.Import;

/// <summary>
/// Moves records in from spreadsheets. Every row is checked with the same domain rules as the forms;
/// if any row is wrong nothing is written. Rows already imported are recognised and left alone, so
/// importing the same file twice changes nothing.
/// </summary>
public sealed class CaseImporter(CasesDbContext db, ChildChanges changes, AuditTrail audit)
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

        // The run's flags are told in one summary per person (ChangeSource), once the run has ended.
        var runId = Guid.CreateVersion7();
        var outcome = await changes.ChangeManyAsync(async (batch, token) =>
        {
            await ChangeSource.MarkAsync(db, ChangeSource.Import, runId, token);
            var plan = kind switch
            {
                ImportKind.Children => await PlanChildrenAsync(batch, rows, errors, token),
                ImportKind.Referrals => await PlanForChildrenAsync(batch, dryRun, rows, errors, c => c.Referrals, ImportRows.ReadReferral,
                    (c, d) => c.Referrals.Any(r => r.ReferralDate == d.ReferralDate
                        && string.Equals(r.FirstResponderOrganisation, d.FirstResponderOrganisation.Trim(), StringComparison.OrdinalIgnoreCase)),
                    (c, d, t) => c.AddReferral(d, t), ImportRows.ReferralField, token),
                ImportKind.MissingEpisodes => await PlanForChildrenAsync(batch, dryRun, rows, errors, c => c.MissingEpisodes, ImportRows.ReadMissingEpisode,
                    (c, d) => c.MissingEpisodes.Any(e => e.WentMissingAt == d.WentMissingAt),
                    (c, d, t) => c.RecordMissingEpisode(d, t), ImportRows.MissingEpisodeField, token),
                ImportKind.Placements => await PlanForChildrenAsync(batch, dryRun, rows, errors, c => c.Placements, ImportRows.ReadPlacement,
                    (c, d) => c.Placements.Any(p => p.Type == d.Type && p.StartDate == d.StartDate),
                    (c, d, t) => c.AddPlacement(d, t), ImportRows.PlacementField, token),
                ImportKind.Support => await PlanForChildrenAsync(batch, dryRun, rows, errors, c => c.SupportRequests, ImportRows.ReadSupport,
                    (c, d) => c.SupportRequests.Any(s => s.Type == d.Type && s.RequestedOn == d.RequestedOn),
                    (c, d, t) => c.RequestSupport(d, t), ImportRows.SupportField, token),
            };

            errors.Sort((a, b) => a.Row != b.Row ? a.Row.CompareTo(b.Row) : string.CompareOrdinal(a.Column, b.Column));
            if (errors.Count > 0)
            {
                return ChangeResult.Skip(new ImportResult(kind, rows.Count, 0, 0, errors, dryRun));
            }

            var result = new ImportResult(kind, rows.Count, plan.Added, plan.Unchanged, errors, dryRun);
            if (dryRun)
            {
                return ChangeResult.Skip(result);
            }

            await plan.Write(token);
            await audit.RecordAsync(new AuditEvent(AuditActions.Imported, "Import", kind.ToString(), null,
                new { kind = kind.ToString(), rows = rows.Count, added = plan.Added, unchanged = plan.Unchanged }), token);
            return ChangeResult.Commit(result);
        }, ct);

        if (outcome is ChangeResult<ImportResult>.Saved)
        {
            await ChangeSource.FinishAsync(db, ChangeSource.Import, runId, ct);
        }

        return outcome switch
        {
            ChangeResult<ImportResult>.Saved saved => saved.Value,
            ChangeResult<ImportResult>.NotWritten skipped => skipped.Value,
            _ => throw new InvalidOperationException($"An import ends saved or not written, not {outcome.GetType().Name}."),
        };
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
        var optional = F.OptionalColumns[kind];
        foreach (var missing in expected.Where(c => !header.ContainsKey(c)))
        {
            errors.Add(new ImportError(1, missing, "this column is missing from the header"));
        }

        foreach (var unknown in header.Keys.Where(c => !expected.Contains(c, StringComparer.OrdinalIgnoreCase) && !optional.Contains(c, StringComparer.OrdinalIgnoreCase)))
        {
            errors.Add(new ImportError(1, unknown,
                $"unknown column; expected {string.Join(", ", expected)}{(optional.Length == 0 ? string.Empty : $" and optionally {string.Join(", ", optional)}")}"));
        }

        return header;
    }

    /// <summary>The row's error for an external id already on a record of another organisation than the row's.</summary>
    public const string ExternalIdInUse =
        "this external id is already in use on the service; check it is typed correctly. If it is right, leave the row out and ask the organisation's manager to check whether the child is already recorded";

    private sealed record Plan(int Added, int Unchanged, Func<CancellationToken, Task> Write);

    private async Task<Plan> PlanChildrenAsync(ChildBatch batch, List<CsvRow> rows, List<ImportError> errors, CancellationToken ct)
    {
        var now = batch.Now;
        var organisations = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Code, o => o.Id, StringComparer.OrdinalIgnoreCase, ct);
        var ids = rows.Select(r => r.Text("external_id")).OfType<string>().Distinct().ToList();
        var existing = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var chunk in ids.Chunk(10_000))
        {
            foreach (var held in await db.Children.Where(c => chunk.Contains(c.ExternalId!)).Select(c => new { c.ExternalId, c.OrganisationId }).ToListAsync(ct))
            {
                existing[held.ExternalId!] = held.OrganisationId;
            }
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
                ParentalResponsibilityInUk = row.Bool("parental_responsibility_in_uk"),
            };
            if (errors.Count > before)
            {
                continue;
            }

            // The row's organisation already holds this id: imported before. Held by another organisation, it is not this
            // row's child to import; external ids are unique across the service, and the message never says who holds it.
            if (existing.TryGetValue(externalId, out var holder))
            {
                if (holder == organisationId)
                {
                    unchanged++;
                }
                else
                {
                    row.Error("external_id", ExternalIdInUse);
                }

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
                    row.Error(ImportRows.ChildField(error.Field), error.Message);
                }
            }
        }

        return new Plan(accepted.Count, unchanged, async token =>
        {
            var references = await db.NextChildReferencesAsync(Math.Max(accepted.Count, 1), token);
            var children = accepted.Select((a, i) => Child.Register(references[i], a.Details, a.OrganisationId, null, now)).ToList();

            // The rules judge each new child in memory (turning 18 needs only a date of birth) before it is written, so its
            // row goes in once with its summary and when it is next due for the sweep; the flags raised are saved after the
            // COPY, in the same transaction.
            var judged = await batch.JudgeNewAsync(children, token);
            await BulkCopy.CopyAsync(db, children, ChildSummaries.ColumnsOfNew(judged), token);
            await AnalyseAfterCopyAsync<Child>(children.Count, token);

            // COPY bypasses change tracking: each child gets the "created" entry a form would have written.
            await audit.RecordCopiedAsync(children, token);

            // Possible re-recordings of children already held (or in the same file) are flagged in the same transaction.
            batch.RematchImported(children.Select(c => c.Id));
        });
    }

    /// <summary>
    /// After a large COPY the planner still believes the table's old size (an empty table for a first import),
    /// and the rules, matching and summaries that follow in the same transaction would scan instead of using
    /// the indexes. ANALYZE in the transaction counts the rows it has just written.
    /// </summary>
    private async Task AnalyseAfterCopyAsync<T>(int copied, CancellationToken ct)
        where T : class
    {
        if (copied >= 10_000)
        {
            // The table's name comes from the model, never from input.
            var table = db.Model.FindEntityType(typeof(T))!.GetTableName()!;
#pragma warning disable EF1003
            await db.Database.ExecuteSqlRawAsync("ANALYZE \"" + table + "\"", ct);
#pragma warning restore EF1003
        }
    }

    private async Task<Plan> PlanForChildrenAsync<TDetails, TRecord>(
        ChildBatch batch,
        bool dryRun,
        List<CsvRow> rows,
        List<ImportError> errors,
        System.Linq.Expressions.Expression<Func<Child, IEnumerable<TRecord>>> history,
        Func<CsvRow, TDetails> read,
        Func<Child, TDetails, bool> alreadyThere,
        Func<Child, TDetails, DateTimeOffset, TRecord> add,
        Func<string, string> columnOf,
        CancellationToken ct)
        where TRecord : class
    {
        var now = batch.Now;
        var children = await LoadLockedAsync(batch, rows, history, lockChildren: !dryRun, ct);
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

            if (alreadyThere(child, details))
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
            await AnalyseAfterCopyAsync<TRecord>(added.Count, token);
            var childIds = touched.Select(c => c.Id).ToArray();
            await db.Children.Where(c => childIds.Contains(c.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.LastActivityAt, now), token);

            // Both writes bypass change tracking, so both are audited here: each record's "created" entry, and
            // the last-activity time the import set on each touched child (the value before is not read back).
            await audit.RecordCopiedAsync(added, token);
            await audit.RecordAsync(touched.Select(c => new AuditEvent(AuditActions.Updated, "Child", c.Id.ToString(), c.Id,
                new { changes = new Dictionary<string, AuditInterceptor.FieldChange> { ["LastActivityAt"] = new(null, now) } })), token);

            // The rules run in the same transaction, so the flags are there when the import is.
            batch.Changed(childIds);
        });
    }

    /// <summary>
    /// The children the rows name, by external id, each locked before its history is read, so a form saved
    /// meanwhile is either already in the history checked here or waits for the import to commit. A dry run
    /// writes nothing, so it reads without locking and holds up nobody's save. A record
    /// merged into another stands for the record it was merged into, whose history gets the rows.
    /// </summary>
    private async Task<Dictionary<string, Child>> LoadLockedAsync<TRecord>(
        ChildBatch batch, List<CsvRow> rows, System.Linq.Expressions.Expression<Func<Child, IEnumerable<TRecord>>> history, bool lockChildren,
        CancellationToken ct)
    {
        var externalIds = rows.Select(r => r.Text("child_external_id")).OfType<string>().Distinct().ToList();
        var named = new List<(string ExternalId, Guid Id)>();
        foreach (var chunk in externalIds.Chunk(10_000))
        {
            named.AddRange((await db.Children.AsNoTracking().Where(c => chunk.Contains(c.ExternalId!))
                .Select(c => new { c.ExternalId, c.Id, c.MergedIntoId }).ToListAsync(ct))
                .SelectMany(c => c.MergedIntoId is { } survivor ? new[] { (c.ExternalId!, c.Id), (c.ExternalId!, survivor) } : [(c.ExternalId!, c.Id)]));
        }

        var loaded = new Dictionary<Guid, Child>();
        var wanted = named.Select(n => n.Id).Distinct().ToList();
        while (wanted.Count > 0)
        {
            if (lockChildren)
            {
                await batch.LockAsync(wanted, ct);
            }

            foreach (var chunk in wanted.Chunk(5_000))
            {
                foreach (var child in await db.Children.AsNoTracking().Include(history).AsSplitQuery().Where(c => chunk.Contains(c.Id)).ToListAsync(ct))
                {
                    loaded[child.Id] = child;
                }
            }

            // Merged after the ids were read: lock and read the record it went into as well.
            wanted = loaded.Values.Where(c => c.MergedIntoId is { } s && !loaded.ContainsKey(s)).Select(c => c.MergedIntoId!.Value).Distinct().ToList();
        }

        var children = new Dictionary<string, Child>(StringComparer.Ordinal);
        foreach (var child in loaded.Values.Where(c => c.ExternalId is not null))
        {
            var target = child;
            while (target.MergedIntoId is { } survivor && loaded.TryGetValue(survivor, out var next))
            {
                target = next;
            }

            children[child.ExternalId!] = target;
        }

        return children;
    }
}
