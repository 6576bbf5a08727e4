namespace TraffickingCases.Domain.Matching;

// Name comparison: whole names, family and given names with swaps and aliases, and how a level is explained.
public sealed partial class Matcher
{
    /// <summary>The level at which two names agree, comparing whole names.</summary>
    public static NameLevel CompareNames(string a, string b)
    {
        if (a.Trim().Length == 0 || b.Trim().Length == 0)
        {
            return NameLevel.Different;
        }

        if (string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            return NameLevel.Exact;
        }

        var na = NameNormaliser.Normalise(a);
        var nb = NameNormaliser.Normalise(b);
        if (na == nb)
        {
            return NameLevel.Normalised;
        }

        // Two names the variants data knows, in different spelling families, are different names
        // (Hassan and Hussein, Mohammed and Mahmoud), however alike they sound.
        var ta = NameNormaliser.Tokens(a);
        var tb = NameNormaliser.Tokens(b);
        if (ta.Count == 1 && tb.Count == 1 && NameNormaliser.IsKnownName(ta[0]) && NameNormaliser.IsKnownName(tb[0]))
        {
            return NameLevel.Different;
        }

        var similarity = JaroWinkler(na, nb);
        if (NameNormaliser.Phonetic(a) == NameNormaliser.Phonetic(b) && similarity >= 0.8)
        {
            return NameLevel.Phonetic;
        }

        return similarity >= 0.88 ? NameLevel.Close : NameLevel.Different;
    }

    public static double JaroWinkler(string a, string b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return 0;
        }

        if (a == b)
        {
            return 1;
        }

        var window = Math.Max(0, (Math.Max(a.Length, b.Length) / 2) - 1);
        var aMatched = new bool[a.Length];
        var bMatched = new bool[b.Length];
        var matches = 0;
        for (var i = 0; i < a.Length; i++)
        {
            for (var j = Math.Max(0, i - window); j < Math.Min(b.Length, i + window + 1); j++)
            {
                if (!bMatched[j] && a[i] == b[j])
                {
                    aMatched[i] = bMatched[j] = true;
                    matches++;
                    break;
                }
            }
        }

        if (matches == 0)
        {
            return 0;
        }

        var transpositions = 0;
        var k = 0;
        for (var i = 0; i < a.Length; i++)
        {
            if (!aMatched[i])
            {
                continue;
            }

            while (!bMatched[k])
            {
                k++;
            }

            if (a[i] != b[k])
            {
                transpositions++;
            }

            k++;
        }

        var m = (double)matches;
        var jaro = ((m / a.Length) + (m / b.Length) + ((m - (transpositions / 2.0)) / m)) / 3;
        var prefix = 0;
        while (prefix < Math.Min(4, Math.Min(a.Length, b.Length)) && a[prefix] == b[prefix])
        {
            prefix++;
        }

        return jaro + (prefix * 0.1 * (1 - jaro));
    }

    private FieldComparison FamilyName(PersonRecord query, PersonRecord candidate)
    {
        if (query.FamilyName.Trim().Length == 0 || candidate.FamilyName.Trim().Length == 0)
        {
            return new FieldComparison("family name", "not recorded on both", 0, null);
        }

        // The family name may have been recorded as a given name (swapped) or an alias (a father's name).
        var options = new List<(string Name, string? Note)> { (candidate.FamilyName, null) };
        options.AddRange(NameNormaliser.Words(candidate.GivenNames).Select(t => (t, (string?)"swapped with given name")));
        options.AddRange(candidate.OtherNames.Select(n => (n, (string?)"alias")));
        var (level, matched, note) = Best(query.FamilyName, options);
        var queried = query.FamilyName;

        // A family field holding a father's and grandfather's name: one of its words may be the other's family name.
        if (level != NameLevel.Exact)
        {
            var words = NameNormaliser.Words(candidate.FamilyName).Select(w => (w, (string?)"one of the family names"))
                .Concat(candidate.OtherNames.SelectMany(NameNormaliser.Words).Select(w => (w, (string?)"alias")));
            foreach (var word in NameNormaliser.Words(query.FamilyName))
            {
                var (wordLevel, wordMatched, wordNote) = Best(word, words);
                if (wordLevel < level)
                {
                    (level, matched, note, queried) = (wordLevel, wordMatched, wordNote ?? "one of the family names", word);
                }
            }
        }

        return new FieldComparison("family name", Describe(level), weights.Family(level), Detail(level, queried, matched, note)) { Setting = $"Family{level}" };
    }

    private FieldComparison GivenName(PersonRecord query, PersonRecord candidate)
    {
        if (query.GivenNames.Trim().Length == 0 || candidate.GivenNames.Trim().Length == 0)
        {
            return new FieldComparison("given name", "not recorded on both", 0, null);
        }

        // An alias that repeats a record's own family name ("Hoxha Ardit") is not a given name: counting it would let
        // one shared family name agree twice, and make siblings and twins look like the same child.
        var candidateFamily = FamilyWords(candidate);
        var queryFamily = FamilyWords(query);
        var options = new List<(string Name, string? Note)>();
        options.AddRange(NameNormaliser.Words(candidate.GivenNames).Select(t => (t, (string?)null)));
        options.AddRange(NameNormaliser.Words(candidate.FamilyName).Select(t => (t, (string?)"swapped with family name")));
        options.AddRange(candidate.OtherNames.SelectMany(NameNormaliser.Words).Where(t => !candidateFamily.Contains(NameNormaliser.Normalise(t))).Select(t => (t, (string?)"alias")));
        var best = (Level: NameLevel.Different, Query: query.GivenNames, Matched: (string?)null, Note: (string?)null);
        foreach (var token in NameNormaliser.Words(query.GivenNames).Concat(query.OtherNames.SelectMany(NameNormaliser.Words).Where(t => !queryFamily.Contains(NameNormaliser.Normalise(t)))))
        {
            var (level, matched, note) = Best(token, options);
            if (level < best.Level)
            {
                best = (level, token, matched, note);
            }
        }

        // Brothers share a father's name among their given names (Yonas Tesfay, Filmon Tesfay) and Vietnamese boys the
        // middle name Văn: one word in common while each record has a given name the other lacks is different names.
        if (best.Level != NameLevel.Different && best.Note is null && HasUnmatchedGivenName(query, candidate) && HasUnmatchedGivenName(candidate, query))
        {
            return new FieldComparison("given name", Describe(NameLevel.Different), weights.Given(NameLevel.Different), $"only {best.Matched!.Trim()} in common")
            {
                Setting = $"Given{NameLevel.Different}",
            };
        }

        return new FieldComparison("given name", Describe(best.Level), weights.Given(best.Level), Detail(best.Level, best.Query, best.Matched, best.Note)) { Setting = $"Given{best.Level}" };
    }

    /// <summary>Whether one of the record's given names matches none of the other record's names at any level.</summary>
    private static bool HasUnmatchedGivenName(PersonRecord record, PersonRecord other)
    {
        var otherNames = NameNormaliser.Words(other.GivenNames).Concat(NameNormaliser.Words(other.FamilyName)).Concat(other.OtherNames.SelectMany(NameNormaliser.Words)).ToList();
        return NameNormaliser.Words(record.GivenNames).Any(word => otherNames.All(o => CompareNames(word, o) == NameLevel.Different));
    }

    private static HashSet<string> FamilyWords(PersonRecord person) =>
        NameNormaliser.Words(person.FamilyName).Select(NameNormaliser.Normalise).ToHashSet(StringComparer.Ordinal);

    private static (NameLevel Level, string? Matched, string? Note) Best(string name, IEnumerable<(string Name, string? Note)> options)
    {
        var best = (Level: NameLevel.Different, Matched: (string?)null, Note: (string?)null);
        foreach (var (option, note) in options)
        {
            var level = CompareNames(name, option);
            if (level < best.Level)
            {
                best = (level, option, note);
            }
        }

        return best;
    }

    private static string Describe(NameLevel level) => level switch
    {
        NameLevel.Exact => "exact",
        NameLevel.Normalised => "same after normalising",
        NameLevel.Phonetic => "phonetic",
        NameLevel.Close => "close spelling",
        NameLevel.Different => "different",
    };

    private static string? Detail(NameLevel level, string query, string? matched, string? note)
    {
        if (matched is null || level == NameLevel.Different)
        {
            return null;
        }

        var pair = level == NameLevel.Exact ? null : $"{query.Trim()} ~ {matched.Trim()}";
        return (pair, note) switch
        {
            (null, null) => null,
            (null, { } n) => n,
            ({ } p, null) => p,
            ({ } p, { } n) => $"{p}, {n}",
        };
    }
}
