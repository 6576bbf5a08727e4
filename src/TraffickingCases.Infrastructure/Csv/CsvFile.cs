using System.Text;

namespace TraffickingCases.Infrastructure.Csv;

/// <summary>A small RFC 4180 reader and writer: quoted fields, doubled quotes, CRLF or LF line ends.</summary>
public static class CsvFile
{
    /// <summary>Reads records with the spreadsheet row each starts on (the header is row 1).</summary>
    public static async IAsyncEnumerable<(int Row, string[] Fields)> ReadAsync(
        TextReader reader, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var inQuotes = false;
        var fieldStarted = false;
        var line = 1;
        var recordStart = 1;
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
                        if (c == '\n')
                        {
                            line++;
                        }

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
                            yield return (recordStart, fields.ToArray());
                        }

                        fields.Clear();
                        line++;
                        recordStart = line;
                        break;
                    default:
                        field.Append(c);
                        fieldStarted = true;
                        break;
                }
            }
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            yield return (recordStart, fields.ToArray());
        }
    }

    /// <summary>Quotes a field when it must be, per RFC 4180.</summary>
    public static string Escape(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
    }

    public static string Line(IEnumerable<string?> fields) => string.Join(',', fields.Select(Escape));
}
