using System.Buffers;
using System.Text;

namespace TraffickingCases.Infrastructure.Csv;

/// <summary>A small RFC 4180 reader and writer: quoted fields, doubled quotes, CRLF or LF line ends.</summary>
public static class CsvFile
{
    private static readonly SearchValues<char> MustQuote = SearchValues.Create(",\"\r\n");

    /// <summary>
    /// Reads records with the row a spreadsheet shows each on: the header is row 1, a record whose quoted cells hold
    /// line breaks is still one row, and a blank line is not returned but keeps its row. A quote still open at the
    /// end of the input throws <see cref="CsvFormatException"/> naming the row it opened on, after the records before it.
    /// </summary>
    public static async IAsyncEnumerable<(int Row, string[] Fields)> ReadAsync(
        TextReader reader, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var inQuotes = false;
        var fieldStarted = false;
        var row = 1;
        var buffer = new char[8192];
        var pendingQuote = false;
        int read;
        while ((read = await reader.ReadAsync(buffer, ct)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                var c = buffer[i];
                if (pendingQuote)
                {
                    pendingQuote = false;
                    if (c == '"')
                    {
                        field.Append('"');
                        continue;
                    }

                    inQuotes = false;
                }

                if (inQuotes)
                {
                    if (c == '"')
                    {
                        pendingQuote = true;
                    }
                    else
                    {
                        // A line break inside quotes belongs to the cell, not to the row count.
                        field.Append(c);
                    }

                    continue;
                }

                switch (c)
                {
                    case '"' when !fieldStarted:
                        inQuotes = true;
                        fieldStarted = true;
                        break;
                    case ',':
                        fields.Add(field.ToString());
                        field.Clear();
                        fieldStarted = false;
                        break;
                    case '\r':
                        break;
                    case '\n':
                        fields.Add(field.ToString());
                        field.Clear();
                        fieldStarted = false;
                        if (!(fields.Count == 1 && fields[0].Length == 0))
                        {
                            yield return (row, fields.ToArray());
                        }

                        fields.Clear();
                        row++;
                        break;
                    default:
                        field.Append(c);
                        fieldStarted = true;
                        break;
                }
            }
        }

        if (inQuotes && !pendingQuote)
        {
            throw new CsvFormatException(row, fields.Count);
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            yield return (row, fields.ToArray());
        }
    }

    /// <summary>Whether a cell must be quoted per RFC 4180: it holds a comma, a quote or a line break.</summary>
    public static bool NeedsQuotes(ReadOnlySpan<char> value) => value.ContainsAny(MustQuote);

    /// <summary>Quotes a field when it must be, per RFC 4180.</summary>
    public static string Escape(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        return NeedsQuotes(value)
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
    }

    public static string Line(IEnumerable<string?> fields) => string.Join(',', fields.Select(Escape));
}
