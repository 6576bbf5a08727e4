using System.Globalization;
using System.Text;
using TraffickingCases.Domain.Organisations;
using TraffickingCases.Infrastructure.Csv;
using TraffickingCases.Infrastructure.Import;
using F = TraffickingCases.Infrastructure.Import.ImportFormats;

namespace TraffickingCases.Infrastructure.Demo;

/// <summary>Writes a synthetic population as the five import files with every optional column, streaming, so a million children fit in memory.</summary>
public static class PopulationWriter
{
    public static readonly IReadOnlyDictionary<ImportKind, string> FileNames = new Dictionary<ImportKind, string>
    {
        [ImportKind.Children] = "children.csv",
        [ImportKind.Referrals] = "referrals.csv",
        [ImportKind.MissingEpisodes] = "missing-episodes.csv",
        [ImportKind.Placements] = "placements.csv",
        [ImportKind.Support] = "support.csv",
    };

    /// <summary>Which generated records are the same child: external_id,same_child_as.</summary>
    public const string GroundTruthFile = "ground-truth.csv";

    /// <summary>
    /// Writes <paramref name="count"/> children spread over the organisations, plus (at <paramref name="duplicateRate"/>)
    /// re-recordings of some of them by another organisation and a ground-truth file naming which records are the same child.
    /// </summary>
    public static IReadOnlyDictionary<ImportKind, int> Write(
        string folder, int count, int seed, IReadOnlyList<Organisation> organisations, DateTimeOffset now, double duplicateRate = 0)
    {
        Directory.CreateDirectory(folder);
        var reRecorder = new ReRecorder(seed + 1);
        var duplicates = new Random(seed + 2);
        using var truth = new StreamWriter(Path.Combine(folder, GroundTruthFile), false, new UTF8Encoding(false));
        truth.Write("external_id,same_child_as\r\n");
        var writers = FileNames.ToDictionary(kv => kv.Key, kv => new StreamWriter(Path.Combine(folder, kv.Value), false, new UTF8Encoding(false), 1 << 16));
        var rows = FileNames.Keys.ToDictionary(k => k, _ => 0);
        try
        {
            foreach (var (kind, writer) in writers)
            {
                writer.Write(string.Join(',', F.Columns[kind].Concat(F.OptionalColumns[kind])) + "\r\n");
            }

            var population = new DemoPopulation(seed, now);
            for (var i = 0; i < count; i++)
            {
                var organisation = organisations[i % organisations.Count];
                var externalId = $"GEN-{seed}-{i + 1:0000000}";
                var child = population.NextChild("TC-GENERATED", organisation, null, externalId);
                Line(writers, rows, ImportKind.Children, externalId, child.GivenNames, child.FamilyName, string.Join(';', child.OtherNames),
                    Date(child.DateOfBirth), F.CodeOf(F.DobPrecisions, child.DobPrecision), F.CodeOf(F.Genders, child.Gender),
                    string.Join(';', child.Nationalities), organisation.Code, Bool(child.IsUasc), Bool(child.ParentalResponsibilityInUk));
                if (duplicateRate > 0 && duplicates.NextDouble() < duplicateRate)
                {
                    var again = reRecorder.ReRecord(child.ToDetails());
                    var other = organisations[(i + 1) % organisations.Count];
                    var duplicateId = externalId + "-R";
                    Line(writers, rows, ImportKind.Children, duplicateId, again.GivenNames, again.FamilyName, string.Join(';', again.OtherNames),
                        Date(again.DateOfBirth), F.CodeOf(F.DobPrecisions, again.DobPrecision), F.CodeOf(F.Genders, again.Gender),
                        string.Join(';', again.Nationalities), other.Code, Bool(child.IsUasc), Bool(child.ParentalResponsibilityInUk));
                    truth.Write(CsvFile.Line([duplicateId, externalId]) + "\r\n");
                }
                foreach (var r in child.Referrals)
                {
                    Line(writers, rows, ImportKind.Referrals, externalId, Date(r.ReferralDate), F.CodeOf(F.OrganisationTypes, r.FirstResponderType),
                        r.FirstResponderOrganisation, F.CodesOf(r.ExploitationTypes), Bool(r.CountyLines), F.CodeOf(F.ExploitationLocations, r.ExploitationLocation),
                        Bool(r.FutureExploitationConcern), F.CodeOf(F.CompetentAuthorities, r.CompetentAuthority), F.CodeOf(F.Decisions, r.RgOutcome),
                        Date(r.RgDecisionDate), F.CodeOf(F.Decisions, r.CgOutcome), Date(r.CgDecisionDate),
                        Date(r.WithdrawnOn), r.WithdrawalReason, Bool(r.Suspended), Date(r.AdultSupportReferredOn));
                }

                foreach (var e in child.MissingEpisodes)
                {
                    Line(writers, rows, ImportKind.MissingEpisodes, externalId, Time(e.WentMissingAt), Time(e.ReturnedAt), Bool(e.WhereaboutsKnown),
                        Time(e.ReportedToPoliceAt), e.PoliceReference, e.PoliceRiskGrading is { } g ? F.CodeOf(F.RiskLevels, g) : null,
                        Time(e.ReturnInterviewOfferedAt), Time(e.ReturnInterviewCompletedAt), Bool(e.ReturnInterviewDeclined), e.Concerns);
                }

                foreach (var p in child.Placements)
                {
                    Line(writers, rows, ImportKind.Placements, externalId, F.CodeOf(F.PlacementTypes, p.Type), Date(p.StartDate), Date(p.EndDate),
                        p.Area, Bool(p.OutOfArea), Bool(p.OfstedRegistered));
                }

                foreach (var s in child.SupportRequests)
                {
                    Line(writers, rows, ImportKind.Support, externalId, F.CodeOf(F.SupportTypes, s.Type), Date(s.RequestedOn), Date(s.StartedOn));
                }
            }
        }
        finally
        {
            foreach (var writer in writers.Values)
            {
                writer.Dispose();
            }
        }

        return rows;
    }

    private static void Line(Dictionary<ImportKind, StreamWriter> writers, Dictionary<ImportKind, int> rows, ImportKind kind, params string?[] fields)
    {
        writers[kind].Write(CsvFile.Line(fields) + "\r\n");
        rows[kind]++;
    }

    private static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string? Time(DateTimeOffset? time) => time?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);

    private static string Bool(bool value) => value ? "true" : "false";

    private static string? Bool(bool? value) => value is { } known ? Bool(known) : null;
}
