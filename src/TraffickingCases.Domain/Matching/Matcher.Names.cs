namespace TraffickingCases.Domain.Matching;

// Comparing two name words or whole names: the same after normalising, sounding alike, or a close spelling.
public sealed partial class Matcher
{
    /// <summary>The level at which two names agree, comparing whole names.</summary>
    public static NameLevel CompareNames(string a, string b) => CompareNames(NameForms.Of(a), NameForms.Of(b));

    /// <summary>As <see cref="CompareNames(string, string)"/>, with each name's forms worked out once (a record's words are compared with many).</summary>
    internal static NameLevel CompareNames(NameForms a, NameForms b)
    {
        if (a.Trimmed.Length == 0 || b.Trimmed.Length == 0)
        {
            return NameLevel.Different;
        }

        if (string.Equals(a.Trimmed, b.Trimmed, StringComparison.OrdinalIgnoreCase))
        {
            return NameLevel.Exact;
        }

        if (a.Normalised == b.Normalised)
        {
            return NameLevel.Normalised;
        }

        // Two names the variants data knows, in different spelling families, are different names
        // (Hassan and Hussein, Mohammed and Mahmoud), however alike they sound.
        if (a.IsOneKnownName && b.IsOneKnownName)
        {
            return NameLevel.Different;
        }

        var similarity = JaroWinkler(a.Normalised, b.Normalised);
        if (a.Phonetic == b.Phonetic && similarity >= 0.8)
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
        // Names are short: the flags live on the stack (this runs for every pair of words an import's pair finder compares).
        Span<bool> aMatched = a.Length <= 128 ? stackalloc bool[a.Length] : new bool[a.Length];
        Span<bool> bMatched = b.Length <= 128 ? stackalloc bool[b.Length] : new bool[b.Length];
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

/// <summary>
/// What <see cref="Matcher.CompareNames(string, string)"/> compares of a name: trimmed, normalised, whether it is one name the
/// variants data knows, and its phonetic key.
/// </summary>
internal sealed record NameForms(string Trimmed, string Normalised, bool IsOneKnownName, string Phonetic)
{
    public static NameForms Of(string name)
    {
        var tokens = NameNormaliser.Tokens(name);
        return new NameForms(name.Trim(), NameNormaliser.Normalise(name), tokens.Count == 1 && NameNormaliser.IsKnownName(tokens[0]), NameNormaliser.Phonetic(name));
    }
}
