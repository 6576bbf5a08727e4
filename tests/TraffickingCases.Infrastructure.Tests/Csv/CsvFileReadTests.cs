using System.Text;
using TraffickingCases.Infrastructure.Csv;

namespace TraffickingCases.Infrastructure.Tests.Csv;

public sealed class CsvFileReadTests
{
    [Fact]
    public async Task Quoted_cells_keep_their_commas_and_doubled_quotes_become_one_quote()
    {
        var records = await ReadAsync("name,note\r\n\"Osman, Amna\",\"said \"\"hello\"\"\"\r\n");

        Assert.Equal(["Osman, Amna", "said \"hello\""], records[1].Fields);
    }

    [Fact]
    public async Task An_empty_quoted_cell_and_an_empty_unquoted_cell_are_both_empty()
    {
        var records = await ReadAsync("a,b,c\n\"\",,x\n");

        Assert.Equal(["", "", "x"], records[1].Fields);
    }

    [Fact]
    public async Task A_quote_inside_an_unquoted_cell_is_kept_as_written()
    {
        var records = await ReadAsync("a,b\nBarnardo\"s,6\" tall\n");

        Assert.Equal(["Barnardo\"s", "6\" tall"], records[1].Fields);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public async Task A_line_break_inside_quotes_stays_in_the_cell(string lineEnd)
    {
        var records = await ReadAsync($"a,b{lineEnd}\"Flat 2{lineEnd}High Street\",x{lineEnd}");

        Assert.Equal(2, records.Count);
        Assert.Equal([$"Flat 2{lineEnd}High Street", "x"], records[1].Fields);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public async Task Each_line_end_outside_quotes_ends_a_record_without_leaving_a_carriage_return(string lineEnd)
    {
        var records = await ReadAsync($"a,b{lineEnd}1,2{lineEnd}3,4{lineEnd}");

        Assert.Equal([["a", "b"], ["1", "2"], ["3", "4"]], records.Select(r => r.Fields));
    }

    [Fact]
    public async Task Rows_after_a_cell_with_a_line_break_have_the_number_a_spreadsheet_shows()
    {
        var records = await ReadAsync("a,b\r\n\"line one\r\nline two\",x\r\nnext,y\r\n\"three\nline\nnote\",z\r\nlast,w\r\n");

        Assert.Equal([1, 2, 3, 4, 5], records.Select(r => r.Row));
        Assert.Equal(["last", "w"], records[4].Fields);
    }

    [Fact]
    public async Task A_blank_line_is_not_a_record_but_keeps_its_spreadsheet_row()
    {
        var records = await ReadAsync("a\r\nfirst\r\n\r\nsecond\r\n");

        Assert.Equal([(1, "a"), (2, "first"), (4, "second")], records.Select(r => (r.Row, r.Fields[0])));
    }

    [Fact]
    public async Task An_empty_trailing_line_adds_no_record_and_a_missing_final_line_end_loses_nothing()
    {
        var trailing = await ReadAsync("a,b\r\n1,2\r\n\r\n");
        var unterminated = await ReadAsync("a,b\r\n1,2");
        var quotedAtEnd = await ReadAsync("a,b\r\n1,\"2\"");

        Assert.Equal([["a", "b"], ["1", "2"]], trailing.Select(r => r.Fields));
        Assert.Equal([["a", "b"], ["1", "2"]], unterminated.Select(r => r.Fields));
        Assert.Equal([["a", "b"], ["1", "2"]], quotedAtEnd.Select(r => r.Fields));
    }

    [Fact]
    public async Task An_empty_file_has_no_records()
    {
        Assert.Empty(await ReadAsync(string.Empty));
    }

    [Fact]
    public async Task An_unclosed_quote_is_an_error_naming_the_row_and_cell_where_it_opened()
    {
        var text = "a,b,c\r\n1,2,3\r\n4,\"five,6\r\n7,8,9\r\n10,11,12\r\n";

        var error = await Assert.ThrowsAsync<CsvFormatException>(() => ReadAsync(text));

        Assert.Equal(3, error.Row);
        Assert.Equal(1, error.Column);
    }

    [Fact]
    public async Task An_unclosed_quote_after_a_multi_line_cell_names_the_spreadsheet_row()
    {
        var text = "a,b\n\"two\nlines\",x\n\"never closed,y\nz,z\n";

        var error = await Assert.ThrowsAsync<CsvFormatException>(() => ReadAsync(text));

        Assert.Equal(3, error.Row);
        Assert.Equal(0, error.Column);
    }

    [Fact]
    public async Task The_records_before_an_unclosed_quote_are_read_before_the_error()
    {
        var seen = new List<int>();

        await Assert.ThrowsAsync<CsvFormatException>(async () =>
        {
            await foreach (var (row, _) in CsvFile.ReadAsync(new StringReader("a\n1\n2\n\"3\n4\n")))
            {
                seen.Add(row);
            }
        });

        Assert.Equal([1, 2, 3], seen);
    }

    [Fact]
    public async Task A_doubled_quote_split_across_the_read_buffer_is_still_one_quote()
    {
        // The reader reads 8,192 characters at a time; the doubled quote straddles the end of the first read.
        var text = "a\n\"" + new string('x', 8188) + "\"\"y\"\n";

        var records = await ReadAsync(text);

        Assert.Equal(new string('x', 8188) + "\"y", records[1].Fields[0]);
    }

    [Fact]
    public async Task A_file_saved_with_a_byte_order_mark_reads_its_first_cell_without_it()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("external_id,given_names\r\nA-1,Ana\r\n")).ToArray();
        using var reader = new StreamReader(new MemoryStream(bytes), new UTF8Encoding(false, true), detectEncodingFromByteOrderMarks: true);

        var records = await ReadAsync(reader);

        Assert.Equal(["external_id", "given_names"], records[0].Fields);
    }

    [Fact]
    public async Task Bytes_that_are_not_utf8_stop_the_read_with_a_decoder_error()
    {
        var bytes = Encoding.Latin1.GetBytes("name\r\nZoë\r\n");
        using var reader = new StreamReader(new MemoryStream(bytes), new UTF8Encoding(false, true), detectEncodingFromByteOrderMarks: true);

        await Assert.ThrowsAsync<DecoderFallbackException>(() => ReadAsync(reader));
    }

    [Fact]
    public async Task A_line_written_with_Line_reads_back_as_the_same_cells()
    {
        string?[] cells = ["plain", "a, b", "say \"hi\"", "two\r\nlines", "", null, "trailing\n"];

        var records = await ReadAsync("h\r\n" + CsvFile.Line(cells) + "\r\n");

        Assert.Equal(cells.Select(c => c ?? string.Empty), records[1].Fields);
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("Kent Police", "Kent Police")]
    [InlineData("Osman, Amna", "\"Osman, Amna\"")]
    [InlineData("6\" tall", "\"6\"\" tall\"")]
    [InlineData("line\nbreak", "\"line\nbreak\"")]
    [InlineData("carriage\rreturn", "\"carriage\rreturn\"")]
    public void Escape_quotes_a_cell_only_when_it_must(string? value, string expected)
    {
        Assert.Equal(expected, CsvFile.Escape(value));
    }

    private static Task<List<(int Row, string[] Fields)>> ReadAsync(string text) => ReadAsync(new StringReader(text));

    private static async Task<List<(int Row, string[] Fields)>> ReadAsync(TextReader reader)
    {
        var records = new List<(int Row, string[] Fields)>();
        await foreach (var record in CsvFile.ReadAsync(reader))
        {
            records.Add(record);
        }

        return records;
    }
}
