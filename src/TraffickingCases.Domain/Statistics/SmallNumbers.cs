using System.Globalization;

namespace TraffickingCases.Domain.Statistics;

public enum FigureKind
{
    /// <summary>Published as counted.</summary>
    Exact,

    /// <summary>Withheld: too few people to publish without risk of identifying someone.</summary>
    Suppressed,

    /// <summary>A total rounded so that withheld parts of it cannot be worked out by subtraction.</summary>
    Rounded,
}

/// <summary>A published figure: a count, a rounded total, a median, or the mark of a suppressed value.</summary>
public readonly record struct Figure(double? Value, FigureKind Kind)
{
    /// <summary>The Government Statistical Service symbol for a value withheld to protect confidentiality.</summary>
    public const string SuppressedSymbol = "[c]";

    /// <summary>The Government Statistical Service symbol for a value that does not exist (a median of no cases).</summary>
    public const string NotApplicableSymbol = "[x]";

    public static Figure Exact(double value) => new(value, FigureKind.Exact);

    public static readonly Figure Suppressed = new(null, FigureKind.Suppressed);

    public static readonly Figure NotApplicable = new(null, FigureKind.Exact);

    public override string ToString() => Kind == FigureKind.Suppressed
        ? SuppressedSymbol
        : Value?.ToString("0.#", CultureInfo.InvariantCulture) ?? NotApplicableSymbol;
}

/// <summary>
/// Small-number protection for published statistics (ADR 011): a count of 1 to threshold−1 is suppressed; every total
/// is rounded to the nearest multiple of <c>roundTo</c> (half up), so a suppressed cell cannot be recovered by
/// subtracting the published cells from a published total; a median or percentile is shown only when it rests on
/// at least threshold cases. Zero is published: it identifies nobody.
/// </summary>
public sealed class SmallNumbers
{
    public SmallNumbers(int threshold, int roundTo)
    {
        if (threshold < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), "The suppression threshold must be 1 or more");
        }

        if (roundTo < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(roundTo), "Totals must be rounded to a multiple of 1 or more");
        }

        Threshold = threshold;
        RoundTo = roundTo;
    }

    public int Threshold { get; }

    public int RoundTo { get; }

    public Figure Cell(int count) => count > 0 && count < Threshold ? Figure.Suppressed : Figure.Exact(count);

    public Figure Total(int count) => count switch
    {
        0 => Figure.Exact(0),
        _ when count < Threshold => Figure.Suppressed,
        _ => new Figure(Round(count), FigureKind.Rounded),
    };

    /// <summary>A median or percentile: published only when it rests on enough cases.</summary>
    public Figure Statistic(double? value, int basedOn) =>
        value is null ? Figure.NotApplicable : basedOn < Threshold ? Figure.Suppressed : Figure.Exact(value.Value);

    public int Round(int count) => (count + (RoundTo / 2)) / RoundTo * RoundTo;
}
