namespace TraffickingCases.Infrastructure.Csv;

/// <summary>A file that is not valid CSV: a quoted cell that opens on <see cref="Row"/> and is never closed.</summary>
public sealed class CsvFormatException(int row, int column)
    : FormatException($"row {row}: the quoted cell {column + 1} is never closed")
{
    /// <summary>The spreadsheet row the quote opened on (the header is row 1).</summary>
    public int Row => row;

    /// <summary>The cell's position in its row, from 0.</summary>
    public int Column => column;
}
