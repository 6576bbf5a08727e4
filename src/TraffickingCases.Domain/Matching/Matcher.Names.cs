namespace TraffickingCases.Domain.Matching;

// Comparing two name words or whole names: the same after normalising, sounding alike, or a close spelling.
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
}
