using System.Globalization;
using System.Text;
using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Matching;

namespace TraffickingCases.Infrastructure.Demo;

/// <summary>
/// Records a child again the way another office would (docs/domain.md, "Names: why one child is
/// recorded twice"): another transliteration, diacritics dropped, given and family names swapped, a
/// nickname, a typing slip; a date of birth estimated as 1 January, day and month swapped, or replaced
/// after an age assessment; Vietnamese recorded as Chinese. Also makes look-alike children who are not
/// the same child: siblings, twins and children with common names.
/// </summary>
public sealed class ReRecorder(int seed)
{
    private static readonly string[] Nicknames = ["Little", "Junior", "Boss", "Kid", "Shorty", "Ace"];
    private readonly Random _random = new(seed);

    public ChildDetails ReRecord(ChildDetails original)
    {
        var (givenAsRecorded, familyAsRecorded) = FathersNameCustom(original);
        var given = Spell(givenAsRecorded);
        var family = Spell(familyAsRecorded);
        if (Chance(0.15))
        {
            (given, family) = (family, given);
        }

        var aliases = original.OtherNames.ToList();
        if (Chance(0.2))
        {
            aliases.Add(Nicknames[_random.Next(Nicknames.Length)]);
        }

        var dob = original.DateOfBirth;
        var precision = original.DobPrecision;
        if (dob is { } d)
        {
            var roll = _random.NextDouble();
            (dob, precision) = roll switch
            {
                < 0.25 => (new DateOnly(d.Year, 1, 1), DobPrecision.Estimated),
                < 0.40 when d.Day <= 12 && d.Day != d.Month => (new DateOnly(d.Year, d.Day, d.Month), precision),
                < 0.50 => (d.AddYears(_random.Next(0, 2) == 0 ? -1 : 1).AddDays(_random.Next(-60, 60)), DobPrecision.Disputed),
                < 0.58 => (new DateOnly(d.Year, d.Month, Math.Min(DateTime.DaysInMonth(d.Year, d.Month), ((d.Day + _random.Next(1, 20)) % 28) + 1)), DobPrecision.Estimated),
                _ => (d, precision),
            };
        }

        var nationalities = original.Nationalities.Select(n => n switch
        {
            "VNM" when Chance(0.5) => "CHN",
            "ERI" when Chance(0.2) => "ETH",
            "SDN" when Chance(0.1) => "SSD",
            _ => n,
        }).ToList();
        return original with
        {
            ExternalId = null,
            GivenNames = given,
            FamilyName = family,
            OtherNames = aliases,
            DateOfBirth = dob,
            DobPrecision = precision,
            Gender = Chance(0.03) ? Gender.Unknown : original.Gender,
            Nationalities = nationalities,
        };
    }

    /// <summary>
    /// Where the family field holds the father's name (Eritrean, Sudanese, Somali, Ethiopian), another office may
    /// record given name + father's name + grandfather's name differently: the father's name moved from the
    /// given names to the family field, or the grandfather's name added to it.
    /// </summary>
    private (string Given, string Family) FathersNameCustom(ChildDetails original)
    {
        var group = original.Nationalities.Select(n => NameBank.ByNationality.GetValueOrDefault(n)).FirstOrDefault(g => g is not null);
        if (group is not { FamilyIsFathersName: true } || !Chance(0.2))
        {
            return (original.GivenNames, original.FamilyName);
        }

        var givenWords = original.GivenNames.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (givenWords.Length >= 2)
        {
            return (givenWords[0], givenWords[1]);
        }

        return (original.GivenNames, $"{original.FamilyName} {group.Boys.Pick(_random)}");
    }

    /// <summary>A given name a brother or sister of this child might have: same naming custom, another name.</summary>
    public string SiblingGivenName(ChildDetails child, bool girl)
    {
        var group = child.Nationalities.Select(n => NameBank.ByNationality.GetValueOrDefault(n)).FirstOrDefault(g => g is not null)
            ?? NameBank.ByNationality["GBR"];
        // Not a name the child already has: a brother is not named after his father (the father's name may be among
        // the given names), and a Vietnamese sibling's own name differs even when the middle name Văn is shared.
        var own = NameNormaliser.Tokens($"{child.GivenNames} {child.FamilyName}").Select(NameNormaliser.Canonical).ToHashSet(StringComparer.Ordinal);
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var name = group.GivenName(_random, girl);
            if (!own.Contains(NameNormaliser.Canonical(NameNormaliser.Tokens(name)[^1])))
            {
                return name;
            }
        }

        return child.GivenNames + "a";
    }

    /// <summary>A brother or sister: same family name, another given name, born 1–6 years apart.</summary>
    public ChildDetails Sibling(ChildDetails child, string otherGivenName) => child with
    {
        ExternalId = null,
        GivenNames = otherGivenName,
        OtherNames = [],
        DateOfBirth = child.DateOfBirth?.AddDays((_random.Next(0, 2) == 0 ? -1 : 1) * _random.Next(400, 6 * 365)),
    };

    /// <summary>A twin: same family name and date of birth, another given name.</summary>
    public ChildDetails Twin(ChildDetails child, string otherGivenName) => child with { ExternalId = null, GivenNames = otherGivenName, OtherNames = [] };

    /// <summary>Another child who shares a common given and family name but not the date of birth.</summary>
    public ChildDetails Namesake(ChildDetails child) => child with
    {
        ExternalId = null,
        OtherNames = [],
        DateOfBirth = child.DateOfBirth?.AddDays(_random.Next(40, 4 * 365) * (_random.Next(0, 2) == 0 ? -1 : 1)),
        DobPrecision = DobPrecision.Exact,
    };

    private string Spell(string name)
    {
        var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(word =>
        {
            var folded = NameNormaliser.Fold(word);
            var variants = NameNormaliser.VariantsOf(folded);
            if (variants.Count > 1 && Chance(0.6))
            {
                var variant = variants[_random.Next(variants.Count)];
                return char.ToUpperInvariant(variant[0]) + variant[1..];
            }

            if (Chance(0.5))
            {
                word = WithoutDiacritics(word);
            }

            if (Chance(0.08) && word.Length > 4)
            {
                var i = _random.Next(1, word.Length - 2);
                word = word[..i] + word[i + 1] + word[i] + word[(i + 2)..];
            }

            return word;
        });
        return string.Join(' ', words);
    }

    private static string WithoutDiacritics(string word)
    {
        var builder = new StringBuilder();
        foreach (var c in word.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(c);
            }
        }

        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    private bool Chance(double p) => _random.NextDouble() < p;
}
