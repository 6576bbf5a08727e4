using System.Globalization;
using System.Text;
using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Matching;
using TraffickingCases.Infrastructure.Csv;
using TraffickingCases.Infrastructure.Exports;
using TraffickingCases.Infrastructure.Import;

namespace TraffickingCases.Infrastructure.Matching;

/// <summary>`tc match`: looks up every row of a children file among the stored children. Reads only.</summary>
public sealed class MatchFile(CandidateSearch search)
{
    public const string Header = "query_external_id,candidate_external_id,candidate_reference,probability,band,explanation";

    public async Task<(int Rows, int Candidates, IReadOnlyList<ImportError> Errors)> RunAsync(Stream csv, int top, TextWriter output, CancellationToken ct)
    {
        var errors = new List<ImportError>();
        var rows = 0;
        var found = 0;
        using var reader = new StreamReader(csv, new UTF8Encoding(false, true));
        Dictionary<string, int>? header = null;
        await output.WriteLineAsync(Header);
        try
        {
            await foreach (var (row, fields) in CsvFile.ReadAsync(reader, ct))
            {
                if (header is null)
                {
                    header = fields.Select((name, i) => (name.Trim().TrimStart('\uFEFF'), i))
                        .GroupBy(x => x.Item1, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First().i, StringComparer.OrdinalIgnoreCase);
                    foreach (var missing in new[] { "external_id", "given_names", "family_name" }.Where(c => !header.ContainsKey(c)))
                    {
                        errors.Add(new ImportError(1, missing, "this column is missing from the header"));
                    }

                    if (errors.Count > 0)
                    {
                        return (0, 0, errors);
                    }

                    continue;
                }

                rows++;
                var cells = new CsvRow(row, fields, header, errors);
                var before = errors.Count;
                var person = new PersonRecord(
                    cells.Text("given_names") ?? string.Empty,
                    cells.Text("family_name") ?? string.Empty,
                    cells.List("other_names"),
                    cells.Date("date_of_birth"),
                    cells.Choice("dob_precision", ImportFormats.DobPrecisions) ?? DobPrecision.Exact,
                    cells.Choice("gender", ImportFormats.Genders) ?? Gender.Unknown,
                    cells.List("nationalities").Select(Nationalities.Normalise).ToList());
                if (errors.Count > before)
                {
                    continue;
                }

                var queryId = cells.Text("external_id") ?? string.Empty;
                foreach (var candidate in await search.FindAsync(person, null, top, ct))
                {
                    if (candidate.ExternalId is not null && candidate.ExternalId == queryId)
                    {
                        continue;
                    }

                    found++;
                    // Cells a spreadsheet would run as a formula are neutralised, as in exports.
                    await output.WriteLineAsync(string.Join(',', new[]
                    {
                        queryId, candidate.ExternalId, candidate.Reference,
                        candidate.Match.Probability.ToString("0.000", CultureInfo.InvariantCulture),
                        candidate.Match.Band == MatchBand.Likely ? "likely" : "possible",
                        candidate.Match.Explanation,
                    }.Select(CsvRowWriter.Cell)));
                }
            }
        }
        catch (CsvFormatException e)
        {
            errors.Add(ImportError.UnclosedQuote(e, header));
        }

        return (rows, found, errors);
    }
}
