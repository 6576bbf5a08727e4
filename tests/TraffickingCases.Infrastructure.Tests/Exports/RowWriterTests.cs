using System.Globalization;
using System.Text;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using TraffickingCases.Infrastructure.Csv;
using TraffickingCases.Infrastructure.Exports;

namespace TraffickingCases.Infrastructure.Tests.Exports;

public sealed class RowWriterTests
{
    private static readonly string[] Header = ["reference", "name", "count", "active", "born", "at", "note"];

    private static readonly object?[] FirstRow =
        ["TC-000001", "Nguyễn Van Minh", 3, true, new DateOnly(2009, 1, 31), new DateTimeOffset(2024, 3, 2, 14, 30, 0, TimeSpan.FromHours(1)), null];

    private static readonly object?[] SecondRow =
        ["TC-000002", "Osman, \"Amna\"", -2, false, null, null, "two\r\nlines"];

    [Fact]
    public async Task Csv_starts_with_a_byte_order_mark_and_ends_every_row_with_CRLF()
    {
        var bytes = await WriteAsync(ExportFormat.Csv, Header, FirstRow, SecondRow);

        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        Assert.Equal(
            "reference,name,count,active,born,at,note\r\n"
            + "TC-000001,Nguyễn Van Minh,3,true,2009-01-31,2024-03-02T13:30:00Z,\r\n"
            + "TC-000002,\"Osman, \"\"Amna\"\"\",-2,false,,,\"two\r\nlines\"\r\n",
            text);
    }

    [Fact]
    public async Task Csv_reads_back_with_our_reader_as_the_same_cells()
    {
        var bytes = await WriteAsync(ExportFormat.Csv, Header, SecondRow);
        using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);

        var records = new List<string[]>();
        await foreach (var (_, fields) in CsvFile.ReadAsync(reader))
        {
            records.Add(fields);
        }

        Assert.Equal(Header, records[0]);
        Assert.Equal(["TC-000002", "Osman, \"Amna\"", "-2", "false", "", "", "two\r\nlines"], records[1]);
    }

    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+44 7700 900000", "'+44 7700 900000")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("\rcmd", "\"'\rcmd\"")]
    [InlineData("=A1,B1", "\"'=A1,B1\"")]
    [InlineData("=HYPERLINK(\"http://x.test\")", "\"'=HYPERLINK(\"\"http://x.test\"\")\"")]
    [InlineData("Barnardo's", "Barnardo's")]
    [InlineData("a-b=c", "a-b=c")]
    public async Task Csv_text_a_spreadsheet_would_run_as_a_formula_starts_with_an_apostrophe(string text, string cell)
    {
        Assert.Equal(cell, CsvRowWriter.Cell(text));
        var bytes = await WriteAsync(ExportFormat.Csv, ["value"], [text]);
        Assert.Equal("value\r\n" + cell + "\r\n", Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3));
    }

    [Fact]
    public async Task Numbers_are_written_the_same_whatever_the_culture_of_the_machine()
    {
        var culture = CultureInfo.CurrentCulture;
        try
        {
            // Swedish writes a negative number with U+2212 (minus sign) and a decimal with a comma.
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("sv-SE");
            var csv = await WriteAsync(ExportFormat.Csv, ["n", "d", "m", "l"], [-5, -1.5, -2.25m, -7L]);
            var xlsx = await WriteAsync(ExportFormat.Xlsx, ["n"], [-5]);

            Assert.Equal("n,d,m,l\r\n-5,-1.5,-2.25,-7\r\n", Encoding.UTF8.GetString(csv, 3, csv.Length - 3));
            using var document = SpreadsheetDocument.Open(new MemoryStream(xlsx), isEditable: false);
            var workbook = document.WorkbookPart!;
            Assert.Equal("-5", Rows(workbook, workbook.Workbook.Sheets!.Elements<Sheet>().Single())[1][0].Text);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    [Fact]
    public async Task Json_lines_write_one_object_per_row_keyed_by_column_with_numbers_and_booleans_typed()
    {
        var bytes = await WriteAsync(ExportFormat.Jsonl, Header, FirstRow, SecondRow);

        var text = Encoding.UTF8.GetString(bytes);
        Assert.False(text.StartsWith('\uFEFF'));
        var lines = text.Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.Equal(string.Empty, lines[2]);
        Assert.Contains("\"name\":\"Nguyễn Van Minh\"", lines[0], StringComparison.Ordinal);
        using var first = JsonDocument.Parse(lines[0]);
        using var second = JsonDocument.Parse(lines[1]);
        Assert.Equal(Header, first.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(3, first.RootElement.GetProperty("count").GetInt32());
        Assert.True(first.RootElement.GetProperty("active").GetBoolean());
        Assert.Equal("2009-01-31", first.RootElement.GetProperty("born").GetString());
        Assert.Equal("2024-03-02T13:30:00Z", first.RootElement.GetProperty("at").GetString());
        Assert.Equal(JsonValueKind.Null, first.RootElement.GetProperty("note").ValueKind);
        Assert.Equal("Osman, \"Amna\"", second.RootElement.GetProperty("name").GetString());
        Assert.Equal(-2, second.RootElement.GetProperty("count").GetInt32());
        Assert.False(second.RootElement.GetProperty("active").GetBoolean());
        Assert.Equal("two\r\nlines", second.RootElement.GetProperty("note").GetString());
    }

    [Fact]
    public async Task Xlsx_is_a_workbook_with_a_data_sheet_holding_the_header_and_typed_cells()
    {
        var bytes = await WriteAsync(ExportFormat.Xlsx, Header, FirstRow, SecondRow);

        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), isEditable: false);
        var workbook = document.WorkbookPart!;
        var sheet = Assert.Single(workbook.Workbook.Sheets!.Elements<Sheet>());
        Assert.Equal("Data", sheet.Name?.Value);
        var rows = Rows(workbook, sheet);
        Assert.Equal(3, rows.Count);
        Assert.Equal(Header, rows[0].Select(c => c.Text));
        Assert.Equal(("TC-000001", "Nguyễn Van Minh"), (rows[1][0].Text, rows[1][1].Text));
        Assert.Equal(CellValues.InlineString, rows[1][1].Type);
        Assert.Null(rows[1][2].Type);
        Assert.Equal("3", rows[1][2].Text);
        Assert.Equal(CellValues.Boolean, rows[1][3].Type);
        Assert.Equal("1", rows[1][3].Text);
        Assert.Equal("2009-01-31", rows[1][4].Text);
        Assert.Equal("2024-03-02T13:30:00Z", rows[1][5].Text);
        Assert.Equal(string.Empty, rows[1][6].Text);
        Assert.Equal(("Osman, \"Amna\"", "-2", "0"), (rows[2][1].Text, rows[2][2].Text, rows[2][3].Text));
        Assert.Equal("two\nlines", rows[2][6].Text); // XML readers, Excel's too, read a CRLF in text as LF
    }

    [Fact]
    public async Task Xlsx_never_writes_a_formula_and_drops_characters_xml_cannot_hold()
    {
        var bytes = await WriteAsync(ExportFormat.Xlsx, ["value"], ["=HYPERLINK(\"http://x.test\")"], ["a<b & c>d\u0001\u0008e\tf"]);

        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), isEditable: false);
        var workbook = document.WorkbookPart!;
        var sheet = workbook.Workbook.Sheets!.Elements<Sheet>().Single();
        var worksheet = ((WorksheetPart)workbook.GetPartById(sheet.Id!.Value!)).Worksheet;
        Assert.Empty(worksheet.Descendants<CellFormula>());
        var rows = Rows(workbook, sheet);
        Assert.Equal("=HYPERLINK(\"http://x.test\")", rows[1][0].Text);
        Assert.Equal("a<b & c>de\tf", rows[2][0].Text);
    }

    [Fact]
    public void Xml_text_is_escaped_and_keeps_tabs_and_line_breaks()
    {
        var builder = new StringBuilder();

        XlsxRowWriter.AppendXmlText(builder, "<b>Tom & Jerry</b>\t\r\n\u0000\uFFFEend");

        Assert.Equal("&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;\t\r\nend", builder.ToString());
    }

    [Theory]
    [InlineData(ExportFormat.Csv)]
    [InlineData(ExportFormat.Jsonl)]
    [InlineData(ExportFormat.Xlsx)]
    public async Task Every_format_writes_to_a_stream_that_refuses_synchronous_writes(ExportFormat format)
    {
        // A response body with synchronous IO off throws on Write and Flush, as this stream does.
        var destination = new AsynchronousOnlyStream();

        await using (var writer = RowWriters.Create(format, destination))
        {
            await writer.WriteHeaderAsync(Header, CancellationToken.None);
            await writer.WriteRowAsync(FirstRow, CancellationToken.None);
            await writer.FlushAsync(CancellationToken.None);
            await writer.WriteRowAsync(SecondRow, CancellationToken.None);
            await writer.CompleteAsync(CancellationToken.None);
        }

        Assert.True(destination.Written.Length > 0);
    }

    [Fact]
    public async Task Rows_written_before_a_flush_reach_the_destination_at_the_flush()
    {
        foreach (var format in new[] { ExportFormat.Csv, ExportFormat.Jsonl, ExportFormat.Xlsx })
        {
            var destination = new AsynchronousOnlyStream();
            await using var writer = RowWriters.Create(format, destination);
            await writer.WriteHeaderAsync(Header, CancellationToken.None);
            await writer.WriteRowAsync(FirstRow, CancellationToken.None);
            var before = destination.Written.Length;

            await writer.FlushAsync(CancellationToken.None);

            Assert.True(destination.Written.Length > before, $"{format}: nothing was sent at the flush");
        }
    }

    private static async Task<byte[]> WriteAsync(ExportFormat format, IReadOnlyList<string> header, params object?[][] rows)
    {
        var destination = new MemoryStream();
        await using (var writer = RowWriters.Create(format, destination))
        {
            await writer.WriteHeaderAsync(header, CancellationToken.None);
            foreach (var row in rows)
            {
                await writer.WriteRowAsync(row, CancellationToken.None);
            }

            await writer.CompleteAsync(CancellationToken.None);
        }

        return destination.ToArray();
    }

    private static List<List<(CellValues? Type, string Text)>> Rows(WorkbookPart workbook, Sheet sheet)
    {
        var part = (WorksheetPart)workbook.GetPartById(sheet.Id!.Value!);
        return part.Worksheet.Descendants<Row>()
            .Select(r => r.Elements<Cell>().Select(c => (c.DataType?.Value, c.InlineString?.Text?.Text ?? c.CellValue?.Text ?? string.Empty)).ToList())
            .ToList();
    }

    /// <summary>A non-seekable stream that, like a response body, accepts only asynchronous writes and flushes.</summary>
    private sealed class AsynchronousOnlyStream : Stream
    {
        private readonly MemoryStream _written = new();

        public byte[] Written => _written.ToArray();

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _written.Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            _written.Write(buffer, offset, count);
            return Task.CompletedTask;
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override void Write(byte[] buffer, int offset, int count) => throw new InvalidOperationException("Synchronous operations are disallowed.");

        public override void Flush() => throw new InvalidOperationException("Synchronous operations are disallowed.");

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
