using TraffickingCases.Domain.Children;

namespace TraffickingCases.Domain.Matching;

// Date-of-birth comparison: exact, swapped, placeholder, estimated, disputed or reassessed.
public sealed partial class Matcher
{
    public static DateOfBirthLevel CompareDates(DateOnly? a, DobPrecision aPrecision, DateOnly? b, DobPrecision bPrecision)
    {
        if (a is not { } x || b is not { } y)
        {
            return DateOfBirthLevel.Missing;
        }

        if (x == y)
        {
            return DateOfBirthLevel.Exact;
        }

        if (x.Year == y.Year && x.Day == y.Month && x.Month == y.Day && x.Day <= 12)
        {
            return DateOfBirthLevel.DayMonthSwapped;
        }

        var uncertain = aPrecision != DobPrecision.Exact || bPrecision != DobPrecision.Exact;
        var days = Math.Abs(x.DayNumber - y.DayNumber);
        var placeholder = (x is { Month: 1, Day: 1 } && aPrecision != DobPrecision.Exact) || (y is { Month: 1, Day: 1 } && bPrecision != DobPrecision.Exact);
        if (placeholder && days <= 366)
        {
            return DateOfBirthLevel.JanuaryPlaceholder;
        }

        if (x.Year == y.Year && x.Month == y.Month)
        {
            return DateOfBirthLevel.SameYearAndMonth;
        }

        if (uncertain && days <= 366)
        {
            return DateOfBirthLevel.WithinYearUncertain;
        }

        return (aPrecision == DobPrecision.Disputed || bPrecision == DobPrecision.Disputed) && days <= 3 * 366
            ? DateOfBirthLevel.Reassessed
            : DateOfBirthLevel.Different;
    }
}
