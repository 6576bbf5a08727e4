using System.Buffers;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace TraffickingCases.Infrastructure.Exports;

/// <summary>Writes rows to a stream as they come, only ever with asynchronous writes (a response body refuses others).</summary>
public interface IRowWriter : IAsyncDisposable
{
    ValueTask WriteHeaderAsync(IReadOnlyList<string> names, CancellationToken ct);

    ValueTask WriteRowAsync(object?[] values, CancellationToken ct);

    /// <summary>Sends what is buffered to the client now.</summary>
    ValueTask FlushAsync(CancellationToken ct);

    /// <summary>Finishes the file (the xlsx package's closing parts) and flushes.</summary>
    ValueTask CompleteAsync(CancellationToken ct);
}

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

    private static bool NeedsEscaping(string text) =>
        text.Length > 0 && (text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' || text.AsSpan().IndexOfAny(",\"\r\n") >= 0);

    /// <summary>The cell as written: formula-like text neutralised, then quoted when RFC 4180 needs it.</summary>
    public static string Cell(object? value)
    {
        var text = RowWriters.Format(value);
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        if (value is string && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            text = "'" + text;
        }

        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
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
                    _lines.Append(n);
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

/// <summary>JSON Lines: one object per row, keys the column names, numbers and booleans typed, missing values null.</summary>
public sealed class JsonLinesRowWriter : IRowWriter
{
    private const int SendAt = 1 << 16;
    private readonly Stream _destination;
    private readonly ArrayBufferWriter<byte> _buffer = new(SendAt * 2);
    private readonly Utf8JsonWriter _json;
    private JsonEncodedText[] _names = [];

    public JsonLinesRowWriter(Stream destination)
    {
        _destination = destination;
        _json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    public ValueTask WriteHeaderAsync(IReadOnlyList<string> names, CancellationToken ct)
    {
        _names = names.Select(n => JsonEncodedText.Encode(n)).ToArray();
        return ValueTask.CompletedTask;
    }

    public async ValueTask WriteRowAsync(object?[] values, CancellationToken ct)
    {
        _json.WriteStartObject();
        for (var i = 0; i < values.Length; i++)
        {
            switch (values[i])
            {
                case null:
                    _json.WriteNull(_names[i]);
                    break;
                case int n:
                    _json.WriteNumber(_names[i], n);
                    break;
                case bool b:
                    _json.WriteBoolean(_names[i], b);
                    break;
                default:
                    _json.WriteString(_names[i], RowWriters.Format(values[i]));
                    break;
            }
        }

        _json.WriteEndObject();
        _json.Flush();
        _buffer.GetSpan(1)[0] = (byte)'\n';
        _buffer.Advance(1);
        _json.Reset(_buffer);
        if (_buffer.WrittenCount >= SendAt)
        {
            await SendAsync(ct);
        }
    }

    public async ValueTask FlushAsync(CancellationToken ct)
    {
        await SendAsync(ct);
        await _destination.FlushAsync(ct);
    }

    public ValueTask CompleteAsync(CancellationToken ct) => FlushAsync(ct);

    public async ValueTask DisposeAsync() => await _json.DisposeAsync();

    private async ValueTask SendAsync(CancellationToken ct)
    {
        if (_buffer.WrittenCount > 0)
        {
            await _destination.WriteAsync(_buffer.WrittenMemory, ct);
            _buffer.ResetWrittenCount();
        }
    }
}

/// <summary>
/// A minimal Office Open XML workbook written as a stream: the ZIP entries go out one after another (ZIP allows a
/// non-seekable output, sizes follow each entry), worksheet XML is written row by row with inline strings (never
/// formulas, so nothing in a cell can run), and a new sheet starts at Excel's limit of 1,048,576 rows. The workbook
/// and content-type parts, which list the sheets, are written last.
/// </summary>
public sealed class XlsxRowWriter(Stream destination) : IRowWriter
{
    /// <summary>Excel's row limit per sheet, header included.</summary>
    public const int MaxRowsPerSheet = 1_048_576;

    private const int SendAt = 1 << 16;
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    // ZipArchive writes local headers and data descriptors synchronously, which a response body refuses; it writes
    // into this buffer instead, and the buffer is sent on asynchronously every 64 KB.
    private readonly OutgoingBuffer _out = new();
    private readonly StringBuilder _line = new(1024);
    private ZipArchive? _zip;
    private Stream? _entry;
    private StreamWriter? _sheet;
    private object?[] _header = [];
    private int _sheets;
    private int _rowInSheet;

    public async ValueTask WriteHeaderAsync(IReadOnlyList<string> names, CancellationToken ct)
    {
        _zip = await ZipArchive.CreateAsync(_out, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, ct);
        _header = names.Cast<object?>().ToArray();
        await StartSheetAsync(ct);
    }

    public async ValueTask WriteRowAsync(object?[] values, CancellationToken ct)
    {
        if (_rowInSheet == MaxRowsPerSheet)
        {
            await EndSheetAsync(ct);
            await StartSheetAsync(ct);
        }

        await WriteSheetRowAsync(values, ct);
        if (_out.Length >= SendAt)
        {
            await _out.SendAsync(destination, ct);
        }
    }

    public async ValueTask FlushAsync(CancellationToken ct)
    {
        if (_sheet is not null)
        {
            await _sheet.FlushAsync(ct);
        }

        await _out.SendAsync(destination, ct);
        await destination.FlushAsync(ct);
    }

    public async ValueTask CompleteAsync(CancellationToken ct)
    {
        await EndSheetAsync(ct);
        var sheets = Enumerable.Range(1, _sheets).ToList();
        await PartAsync("xl/workbook.xml",
            "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>"
            + string.Concat(sheets.Select(i => $"<sheet name=\"{(i == 1 ? "Data" : $"Data {i}")}\" sheetId=\"{i}\" r:id=\"rId{i}\"/>"))
            + "</sheets></workbook>", ct);
        await PartAsync("xl/_rels/workbook.xml.rels",
            "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + string.Concat(sheets.Select(i => $"<Relationship Id=\"rId{i}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet{i}.xml\"/>"))
            + "</Relationships>", ct);
        await PartAsync("_rels/.rels",
            "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>", ct);
        await PartAsync("[Content_Types].xml",
            "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>"
            + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
            + string.Concat(sheets.Select(i => $"<Override PartName=\"/xl/worksheets/sheet{i}.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"))
            + "</Types>", ct);
        await _zip!.DisposeAsync();
        _zip = null;
        await _out.SendAsync(destination, ct);
        await destination.FlushAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_sheet is not null)
        {
            await _sheet.DisposeAsync();
        }

        if (_entry is not null)
        {
            await _entry.DisposeAsync();
        }

        if (_zip is not null)
        {
            await _zip.DisposeAsync();
        }
    }

    /// <summary>Text as XML character data: escaped, and without the control characters XML 1.0 cannot hold.</summary>
    public static void AppendXmlText(StringBuilder builder, string text)
    {
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': builder.Append("&amp;"); break;
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                case '\t' or '\n' or '\r': builder.Append(c); break;
                case < ' ' or '\uFFFE' or '\uFFFF': break;
                default: builder.Append(c); break;
            }
        }
    }

    private async ValueTask StartSheetAsync(CancellationToken ct)
    {
        _sheets++;
        _rowInSheet = 0;
        _entry = await _zip!.CreateEntry($"xl/worksheets/sheet{_sheets}.xml", CompressionLevel.Fastest).OpenAsync(ct);
        _sheet = new StreamWriter(_entry, Utf8, 1 << 16, leaveOpen: true);
        await _sheet.WriteAsync("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>".AsMemory(), ct);
        await WriteSheetRowAsync(_header, ct);
    }

    private async ValueTask EndSheetAsync(CancellationToken ct)
    {
        await _sheet!.WriteAsync("</sheetData></worksheet>".AsMemory(), ct);
        await _sheet.DisposeAsync();
        _sheet = null;
        await _entry!.DisposeAsync();
        _entry = null;
    }

    private async ValueTask WriteSheetRowAsync(object?[] values, CancellationToken ct)
    {
        _rowInSheet++;
        _line.Clear().Append("<row r=\"").Append(_rowInSheet).Append("\">");
        foreach (var value in values)
        {
            switch (value)
            {
                case null:
                    _line.Append("<c/>");
                    break;
                case int n:
                    _line.Append("<c><v>").Append(n).Append("</v></c>");
                    break;
                case bool b:
                    _line.Append("<c t=\"b\"><v>").Append(b ? '1' : '0').Append("</v></c>");
                    break;
                default:
                    _line.Append("<c t=\"inlineStr\"><is><t xml:space=\"preserve\">");
                    AppendXmlText(_line, RowWriters.Format(value) ?? string.Empty);
                    _line.Append("</t></is></c>");
                    break;
            }
        }

        _line.Append("</row>");
        await _sheet!.WriteAsync(_line, ct);
    }

    private async ValueTask PartAsync(string name, string xml, CancellationToken ct)
    {
        await using var entry = await _zip!.CreateEntry(name, CompressionLevel.Fastest).OpenAsync(ct);
        var bytes = Utf8.GetBytes("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>" + xml);
        await entry.WriteAsync(bytes, ct);
    }

    /// <summary>A write-only, forward-only stream that keeps what is written until <see cref="SendAsync"/>.</summary>
    private sealed class OutgoingBuffer : Stream
    {
        private readonly MemoryStream _pending = new();
        private long _sent;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _pending.Length;

        public override long Position
        {
            get => _sent + _pending.Length;
            set => throw new NotSupportedException();
        }

        public async ValueTask SendAsync(Stream destination, CancellationToken ct)
        {
            if (_pending.Length > 0)
            {
                await destination.WriteAsync(_pending.GetBuffer().AsMemory(0, (int)_pending.Length), ct);
                _sent += _pending.Length;
                _pending.SetLength(0);
            }
        }

        public override void Write(byte[] buffer, int offset, int count) => _pending.Write(buffer, offset, count);

        public override void Write(ReadOnlySpan<byte> buffer) => _pending.Write(buffer);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            _pending.Write(buffer, offset, count);
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _pending.Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
