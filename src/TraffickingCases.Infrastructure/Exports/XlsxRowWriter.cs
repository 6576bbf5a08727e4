using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace TraffickingCases.Infrastructure.Exports;

/// <summary>
/// A minimal Office Open XML workbook written as a stream: the ZIP entries go out one after another (ZIP allows a
/// non-seekable output, sizes follow each entry), worksheet XML is written row by row with inline strings (never
/// formulas, so nothing in a cell can run), and a new sheet starts at Excel's limit of 1,048,576 rows. The workbook
/// and content-type parts, which list the sheets, are written last.
/// </summary>
public sealed partial class XlsxRowWriter(Stream destination) : IRowWriter
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
                    _line.Append(CultureInfo.InvariantCulture, $"<c><v>{n}</v></c>");
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
}
