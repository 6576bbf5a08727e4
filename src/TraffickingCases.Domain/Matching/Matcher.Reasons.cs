using System.Globalization;

namespace TraffickingCases.Domain.Matching;

// Explanations: the levels in words for the technical explanation, and reasons a caseworker understands.
public sealed partial class Matcher
{
    public static string Describe(NameAgreement agreement) => agreement switch
    {
        NameAgreement.AllSame => "all names agree",
        NameAgreement.AllSpelledDifferently => "all names agree, spelled differently",
        NameAgreement.SubsetSame => "names agree, one record has a name more",
        NameAgreement.SubsetSpelledDifferently => "names agree, spelled differently, one record has a name more",
        NameAgreement.TwoOfSeveral => "two or more names in common, each record has a name the other lacks",
        NameAgreement.OneName => "one name in common",
        NameAgreement.None => "no name in common",
        NameAgreement.Missing => "not recorded on both",
    };

    public static string Describe(DateOfBirthLevel level) => level switch
    {
        DateOfBirthLevel.Exact => "same",
        DateOfBirthLevel.DayMonthSwapped => "day/month swapped",
        DateOfBirthLevel.SameYearAndMonth => "same year and month",
        DateOfBirthLevel.JanuaryPlaceholder => "1 January placeholder",
        DateOfBirthLevel.WithinYearUncertain => "within a year, estimated or disputed",
        DateOfBirthLevel.Reassessed => "differs, disputed (age reassessed)",
        DateOfBirthLevel.Different => "different",
        DateOfBirthLevel.Missing => "not known",
    };

    private static IReadOnlyList<string> Reasons(
        PersonRecord query, PersonRecord candidate, NameComparison names, Scored scored, int holders, int sameAgeHolders, int rivals)
    {
        var reasons = new List<string>();
        reasons.AddRange(NameReasons(names));
        if (names.SameName && holders > 1)
        {
            var others = holders - 1;
            var sameAge = Math.Max(0, sameAgeHolders - (CouldBeSameAge(query.DateOfBirth, candidate.DateOfBirth) ? 1 : 0));
            reasons.Add(sameAge > 0 && query.DateOfBirth is not null
                ? $"{OtherChildren(sameAge)} {(sameAge == 1 ? "has" : "have")} this name and about this age"
                : $"{OtherChildren(others)} {(others == 1 ? "has" : "have")} this name");
        }

        reasons.Add(DateReason(query, candidate, scored));
        if (scored.Gender == AgreementLevel.Different)
        {
            reasons.Add("Different gender recorded");
        }

        reasons.Add(scored.Nationality switch
        {
            AgreementLevel.Same => "Same nationality",
            AgreementLevel.KnownConfusion => $"Nationalities often confused with each other ({scored.Confusion?.Replace(" ~ ", ", ", StringComparison.Ordinal)})",
            AgreementLevel.Different => "Different nationalities",
            _ => string.Empty,
        });
        if (rivals > 0)
        {
            reasons.Add(rivals == 1
                ? "Another record is about as alike, so this one cannot be called likely"
                : $"{rivals} other records are about as alike, so none can be called likely");
        }

        return reasons.Where(r => r.Length > 0).ToList();
    }

    private static string OtherChildren(int n) => n == 1 ? "1 other child" : $"{n.ToString("N0", CultureInfo.InvariantCulture)} other children";

    private static IEnumerable<string> NameReasons(NameComparison names)
    {
        switch (names.Agreement)
        {
            case NameAgreement.Missing:
                yield return "Names not recorded on both records";
                yield break;
            case NameAgreement.None:
                yield return "No name in common";
                yield break;
        }

        foreach (var m in names.Matched)
        {
            var same = string.Equals(NameNormaliser.Fold(m.Query), NameNormaliser.Fold(m.Candidate), StringComparison.Ordinal);
            var pair = $"{m.Query}, {m.Candidate}";
            if (m.QueryRole == m.CandidateRole)
            {
                var role = Role(m.QueryRole);
                yield return m.SpelledDifferently ? $"{Capital(role)} spelled differently ({pair})"
                    : same ? $"Same {role} ({m.Query})"
                    : $"Same {role}, written another way ({pair})";
            }
            else
            {
                var spelled = m.SpelledDifferently ? ", spelled differently" : string.Empty;
                yield return $"{m.Query} is a {Role(m.QueryRole)} in one record and {m.Candidate} a {Role(m.CandidateRole)} in the other{spelled}";
            }
        }

        var only = names.OnlyInQuery.Concat(names.OnlyInCandidate).ToList();
        if (only.Count > 0)
        {
            yield return names.Agreement == NameAgreement.TwoOfSeveral
                ? $"Each record has a name the other lacks ({string.Join(", ", only)}): brothers, sisters and cousins often share a father's name"
                : $"Only one record has {string.Join(" and ", only)}";
        }
    }

    private static string Role(NameRole role) => role switch
    {
        NameRole.Given => "given name",
        NameRole.Family => "family name",
        NameRole.Other => "other name",
    };

    private static string Capital(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    private static string DateReason(PersonRecord query, PersonRecord candidate, Scored scored)
    {
        var estimated = query.DobPrecision != Children.DobPrecision.Exact || candidate.DobPrecision != Children.DobPrecision.Exact;
        return scored.DateLevel switch
        {
            DateOfBirthLevel.Exact when scored.Fields.FirstOrDefault(f => f.Field == "date of birth") is { } f && IsCommon(f, scored.DateHolders) =>
                estimated ? "Same date of birth, but an estimate many children share" : "Same date of birth, but one many children share",
            DateOfBirthLevel.Exact => estimated ? "Same date of birth (an estimate)" : "Same date of birth",
            DateOfBirthLevel.DayMonthSwapped => "Same date of birth with day and month swapped",
            DateOfBirthLevel.SameYearAndMonth => "Born in the same month and year",
            DateOfBirthLevel.JanuaryPlaceholder => "Dates of birth within a year, one a 1 January estimate",
            DateOfBirthLevel.WithinYearUncertain => "Dates of birth within a year, one estimated or disputed",
            DateOfBirthLevel.Reassessed => "Different dates of birth, but one is disputed (age reassessed)",
            DateOfBirthLevel.Different => "Different dates of birth",
            _ => "Date of birth not known on both records",
        };
    }

    /// <summary>Whether an exact date agreement is on a date held by many records (its weight is then small).</summary>
    private static bool IsCommon(FieldComparison field, int holders) => holders >= 10 && field.Weight < 6;
}
