using System.Text;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using TraffickingCases.Infrastructure.Csv;

namespace TraffickingCases.Web.Tests.Support;

/// <summary>Reads an export back in any of its formats as rows of header → cell text.</summary>
public static class ExportFiles
{
    public static async Task<List<Dictionary<string, string?>>> ReadAsync(string format, byte[] content) => format switch
    {
        "csv" => await ReadCsvAsync(content),
        "jsonl" => ReadJsonLines(content),
        "xlsx" => ReadXlsx(content),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    public static async Task<List<Dictionary<string, string?>>> ReadCsvAsync(byte[] content)
    {
        using var reader = new StreamReader(new MemoryStream(content), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var rows = new List<string[]>();
        await foreach (var (_, fields) in CsvFile.ReadAsync(reader))
        {
            rows.Add(fields);
        }

        return Rows(rows);
    }

    public static List<Dictionary<string, string?>> ReadJsonLines(byte[] content) =>
        Encoding.UTF8.GetString(content).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.EnumerateObject().ToDictionary(
                p => p.Name,
                p => p.Value.ValueKind switch
                {
                    JsonValueKind.Null => null,
                    JsonValueKind.String => p.Value.GetString(),
                    _ => p.Value.GetRawText(),
                }))
            .ToList();

    /// <summary>Opens the workbook with the Open XML SDK (so it must be a valid package) and reads every sheet.</summary>
    public static List<Dictionary<string, string?>> ReadXlsx(byte[] content)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(content), false);
        var workbook = document.WorkbookPart!;
        var rows = new List<string[]>();
        foreach (var sheet in workbook.Workbook.Sheets!.Elements<Sheet>())
        {
            var part = (WorksheetPart)workbook.GetPartById(sheet.Id!);
            var sheetRows = part.Worksheet.GetFirstChild<SheetData>()!.Elements<Row>()
                .Select(r => r.Elements<Cell>().Select(c => c.InlineString?.InnerText ?? c.CellValue?.Text switch
                {
                    null => string.Empty,
                    var v when c.DataType?.Value == CellValues.Boolean => v == "1" ? "true" : "false",
                    var v => v,
                }).ToArray())
                .ToList();
            rows.AddRange(rows.Count == 0 ? sheetRows : sheetRows.Skip(1));
        }

        return Rows(rows);
    }

    private static List<Dictionary<string, string?>> Rows(List<string[]> rows)
    {
        var header = rows[0];
        return rows.Skip(1).Select(r => header.Select((h, i) => (h, v: i < r.Length && r[i].Length > 0 ? r[i] : null)).ToDictionary(x => x.h, x => x.v)).ToList();
    }
}
