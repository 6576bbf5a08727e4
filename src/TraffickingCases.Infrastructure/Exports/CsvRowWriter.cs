using System.Globalization;
using System.Text;
using TraffickingCases.Infrastructure.Csv;

namespace TraffickingCases.Infrastructure.Exports;

/// <summary>
/// RFC 4180 CSV in UTF-8 with a byte-order mark (so Excel reads non-English names correctly), CRLF line ends.
/// A text cell that a spreadsheet would run as a formula (starting =, +, -, @, tab or CR) is prefixed with an
/// apostrophe (OWASP CSV injection guidance).
/// </summary>
public sealed class CsvRowWriter(Stream destination) : IRowWriter
{
    private const int SendAt = 1 << 15;
    private readonly StreamWriter _writer = new(destination, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 1 << 16, leaveOpen: true);

    // Rows collect here and go to the writer in blocks: one asynchronous write per row would cost more than the row.
    private readonly StringBuilder _lines = new(SendAt + 4096);

    public ValueTask WriteHeaderAsync(IReadOnlyList<string> names, CancellationToken ct) => WriteLineAsync(names.Cast<object?>().ToArray(), ct);

    public ValueTask WriteRowAsync(object?[] values, CancellationToken ct) => WriteLineAsync(values, ct);

    public async ValueTask FlushAsync(CancellationToken ct)
    {
        await SendAsync(ct);
        await _writer.FlushAsync(ct);
    }

    public ValueTask CompleteAsync(CancellationToken ct) => FlushAsync(ct);

    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    private static bool NeedsEscaping(string text) => text.Length > 0 && (StartsLikeFormula(text) || CsvFile.NeedsQuotes(text));

    private static bool StartsLikeFormula(string text) => text[0] is '=' or '+' or '-' or '@' or '\t' or '\r';

    /// <summary>The cell as written: formula-like text neutralised, then quoted when RFC 4180 needs it.</summary>
    public static string Cell(object? value)
    {
        var text = RowWriters.Format(value);
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        if (value is string && StartsLikeFormula(text))
        {
            text = "'" + text;
        }

        return CsvFile.Escape(text);
    }

    private ValueTask WriteLineAsync(object?[] values, CancellationToken ct)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (i > 0)
            {
                _lines.Append(',');
            }

            // Dates, numbers and booleans never need quoting or escaping: append them without making strings.
            switch (values[i])
            {
                case null:
                    break;
                case string text when !NeedsEscaping(text):
                    _lines.Append(text);
                    break;
                case int n:
                    _lines.Append(CultureInfo.InvariantCulture, $"{n}");
                    break;
                case bool b:
                    _lines.Append(b ? "true" : "false");
                    break;
                case DateOnly d:
                    _lines.Append(CultureInfo.InvariantCulture, $"{d:yyyy-MM-dd}");
                    break;
                case DateTimeOffset t:
                    _lines.Append(CultureInfo.InvariantCulture, $"{t.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}");
                    break;
                default:
                    _lines.Append(Cell(values[i]));
                    break;
            }
        }

        _lines.Append("\r\n");
        return _lines.Length >= SendAt ? SendAsync(ct) : ValueTask.CompletedTask;
    }

    private async ValueTask SendAsync(CancellationToken ct)
    {
        if (_lines.Length > 0)
        {
            await _writer.WriteAsync(_lines, ct);
            _lines.Clear();
        }
    }
}
