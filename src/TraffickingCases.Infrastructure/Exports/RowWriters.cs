using System.Globalization;

namespace TraffickingCases.Infrastructure.Exports;

public static class RowWriters
{
    public static IRowWriter Create(ExportFormat format, Stream destination) => format switch
    {
        ExportFormat.Csv => new CsvRowWriter(destination),
        ExportFormat.Jsonl => new JsonLinesRowWriter(destination),
        ExportFormat.Xlsx => new XlsxRowWriter(destination),
    };

    public static string ContentType(ExportFormat format) => format switch
    {
        ExportFormat.Csv => "text/csv; charset=utf-8",
        ExportFormat.Jsonl => "application/jsonl; charset=utf-8",
        ExportFormat.Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    };

    public static string Extension(ExportFormat format) => format switch
    {
        ExportFormat.Csv => "csv",
        ExportFormat.Jsonl => "jsonl",
        ExportFormat.Xlsx => "xlsx",
    };

    public static bool TryParse(string? text, out ExportFormat format)
    {
        format = (text ?? string.Empty).Trim().ToLowerInvariant() switch
        {
            "csv" => ExportFormat.Csv,
            "xlsx" => ExportFormat.Xlsx,
            "jsonl" => ExportFormat.Jsonl,
            _ => (ExportFormat)(-1),
        };
        return Enum.IsDefined(format);
    }

    /// <summary>A value as text: ISO dates, UTC instants with Z, invariant numbers, true/false.</summary>
    public static string? Format(object? value) => value switch
    {
        null => null,
        string s => s,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
