using System.Globalization;
using TraffickingCases.Infrastructure.Csv;

namespace TraffickingCases.Infrastructure.Import;

/// <summary>One problem with one cell of an import file.</summary>
public sealed record ImportError(int Row, string Column, string Message)
{
    public override string ToString() => $"row {Row}, {Column}: {Message}";

    /// <summary>A quote never closed, on the row and column it opened in (the header row's, or "file" in the header).</summary>
    internal static ImportError UnclosedQuote(CsvFormatException e, IReadOnlyDictionary<string, int>? header) =>
        new(e.Row, header?.Where(c => c.Value == e.Column).Select(c => c.Key).FirstOrDefault() ?? "file",
            "this cell's opening quote is never closed, so every line after it would be read into this cell; add the closing quote");
}

/// <summary>Reads the typed cells of one CSV record, collecting an error for each bad cell.</summary>
internal sealed class CsvRow(int row, string[] fields, IReadOnlyDictionary<string, int> header, List<ImportError> errors)
{
    public int Row => row;

    public void Error(string column, string message) => errors.Add(new ImportError(row, column, message));

    public string? Text(string column)
    {
        if (!header.TryGetValue(column, out var index) || index >= fields.Length)
        {
            return null;
        }

        var value = fields[index].Trim();
        return value.Length == 0 ? null : value;
    }

    public string RequiredText(string column, string what)
    {
        var value = Text(column);
        if (value is null)
        {
            Error(column, $"enter {what}");
        }

        return value ?? string.Empty;
    }

    public IReadOnlyList<string> List(string column) =>
        (Text(column) ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public DateOnly? Date(string column)
    {
        var value = Text(column);
        if (value is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        Error(column, $"'{value}' is not a date in the form YYYY-MM-DD");
        return null;
    }

    public DateOnly RequiredDate(string column, string what)
    {
        if (Text(column) is null)
        {
            Error(column, $"enter {what}");
            return default;
        }

        return Date(column) ?? default;
    }

    public DateTimeOffset? Time(string column)
    {
        var value = Text(column);
        if (value is null)
        {
            return null;
        }

        // ISO 8601 with an offset, so a time means one instant wherever the file was made.
        if (value.Length > 10 && (value.EndsWith('Z') || value[^6] is '+' or '-')
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return time.ToUniversalTime();
        }

        Error(column, $"'{value}' is not an ISO 8601 time with an offset, like 2024-03-02T14:30:00+00:00");
        return null;
    }

    public bool? Bool(string column)
    {
        var value = Text(column);
        switch (value?.ToLowerInvariant())
        {
            case null:
                return null;
            case "true":
                return true;
            case "false":
                return false;
            default:
                Error(column, $"'{value}' must be true or false");
                return null;
        }
    }

    public T? Choice<T>(string column, IReadOnlyDictionary<string, T> choices)
        where T : struct
    {
        var value = Text(column);
        if (value is null)
        {
            return null;
        }

        if (choices.TryGetValue(value.ToLowerInvariant(), out var choice))
        {
            return choice;
        }

        Error(column, $"'{value}' must be one of {string.Join(", ", choices.Keys)}");
        return null;
    }

    public T RequiredChoice<T>(string column, IReadOnlyDictionary<string, T> choices, string what)
        where T : struct
    {
        if (Text(column) is null)
        {
            Error(column, $"enter {what} ({string.Join(", ", choices.Keys)})");
            return default;
        }

        return Choice(column, choices) ?? default;
    }
}
