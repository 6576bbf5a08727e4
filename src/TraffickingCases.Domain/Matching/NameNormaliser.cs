using System.Globalization;
using System.Reflection;
using System.Text;

namespace TraffickingCases.Domain.Matching;

/// <summary>
/// Turns names as recorded into comparable forms: case and diacritics folded (Nguyễn → nguyen, Hoxhë →
/// hoxhe, Çela → cela), punctuation and hyphens as spaces, transliteration variants to one canonical
/// spelling (Mohammed, Muhamad → muhammad; the groups are data in name-variants.txt), and a phonetic key
/// that survives vowel and spelling changes (Hoxha ~ Hoxhe, Tesfay ~ Tesfai).
/// </summary>
public static class NameNormaliser
{
    private static readonly Dictionary<string, string> Variants = LoadVariants();

    /// <summary>Lower case, no diacritics, letters and digits only, single spaces.</summary>
    public static string Fold(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return string.Empty;
        }

        // ASCII text is its own decomposition: only other text needs the (costly) Unicode normalisation.
        var decomposed = System.Text.Ascii.IsValid(name) ? name : name.Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            var lower = char.ToLowerInvariant(c);
            if (char.IsLetterOrDigit(lower) && lower is not ('đ' or 'ð' or 'ł' or 'ø' or 'ß' or 'æ' or 'œ' or 'ı' or 'þ'))
            {
                folded.Append(lower);
                continue;
            }

            folded.Append(lower switch
            {
                'đ' or 'ð' => "d",
                'ł' => "l",
                'ø' => "o",
                'ß' => "ss",
                'æ' => "ae",
                'œ' => "oe",
                'ı' => "i",
                'þ' => "th",
                '\'' or '’' or '`' => string.Empty,
                _ => " ",
            });
        }

        return string.Join(' ', folded.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    public static IReadOnlyList<string> Tokens(string? name) => Fold(name).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The words of a name as written (split on spaces and hyphens), for explanations.</summary>
    public static IReadOnlyList<string> Words(string? name) =>
        (name ?? string.Empty).Split([' ', '-', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Every spelling in a folded token's variant group (itself alone when the data does not know it).</summary>
    public static IReadOnlyList<string> VariantsOf(string token)
    {
        if (!Variants.TryGetValue(token, out var canonical))
        {
            return [token];
        }

        return Variants.Where(kv => kv.Value == canonical).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Whether a folded token is a name the variants data knows (so its spelling family is known).</summary>
    public static bool IsKnownName(string token) => Variants.ContainsKey(token);

    /// <summary>The canonical spelling of one folded token (muhammad for mohammed).</summary>
    public static string Canonical(string token) => Variants.GetValueOrDefault(token, token);

    /// <summary>Folded, with every token in its canonical spelling.</summary>
    public static string Normalise(string? name) => string.Join(' ', Tokens(name).Select(Canonical));

    /// <summary>
    /// A phonetic key for a name: canonical spelling, common digraphs and letters that sound alike merged,
    /// vowels after the first letter dropped, repeats collapsed.
    /// </summary>
    public static string Phonetic(string? name) => string.Join(' ', Tokens(name).Select(t => PhoneticToken(Canonical(t))));

    public static string PhoneticToken(string token)
    {
        if (token.Length == 0)
        {
            return token;
        }

        var s = token
            .Replace("ph", "f", StringComparison.Ordinal).Replace("ck", "k", StringComparison.Ordinal)
            .Replace("kh", "k", StringComparison.Ordinal).Replace("gh", "g", StringComparison.Ordinal)
            .Replace("th", "t", StringComparison.Ordinal).Replace("dh", "d", StringComparison.Ordinal)
            .Replace("sh", "s", StringComparison.Ordinal).Replace("ch", "s", StringComparison.Ordinal)
            .Replace("x", "ks", StringComparison.Ordinal).Replace("q", "k", StringComparison.Ordinal)
            .Replace("c", "k", StringComparison.Ordinal).Replace("z", "s", StringComparison.Ordinal)
            .Replace("w", "v", StringComparison.Ordinal).Replace("j", "y", StringComparison.Ordinal);
        var key = new StringBuilder();
        key.Append(IsVowel(s[0]) ? 'a' : s[0]);
        for (var i = 1; i < s.Length; i++)
        {
            var c = s[i];
            if (IsVowel(c) || c == 'h')
            {
                continue;
            }

            if (key[^1] != c)
            {
                key.Append(c);
            }
        }

        return key.ToString();
    }

    /// <summary>
    /// The keys a candidate search looks up. Each pair of name tokens (given, family and aliases, in
    /// canonical spelling) gives a normalised key and a phonetic key, in sorted order, so two records
    /// share a key when two of their names agree in either order (swapped given and family names too);
    /// a record with a single name token gets that token's keys.
    /// </summary>
    public static IReadOnlyList<string> SearchKeys(string givenNames, string familyName, IEnumerable<string> otherNames)
    {
        var tokens = new[] { givenNames, familyName }.Concat(otherNames).SelectMany(Tokens)
            .Where(t => t.Length >= 2).Select(Canonical).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        if (tokens.Count == 1)
        {
            keys.Add("n:" + tokens[0]);
            keys.Add("p:" + PhoneticToken(tokens[0]));
        }

        for (var i = 0; i < tokens.Count; i++)
        {
            for (var j = i + 1; j < tokens.Count; j++)
            {
                keys.Add($"n:{tokens[i]}|{tokens[j]}");
                var phonetic = new[] { PhoneticToken(tokens[i]), PhoneticToken(tokens[j]) }.Order(StringComparer.Ordinal).ToArray();
                keys.Add($"p:{phonetic[0]}|{phonetic[1]}");
            }
        }

        return keys.ToList();
    }

    public static IReadOnlyList<string> SearchKeys(PersonRecord person) => SearchKeys(person.GivenNames, person.FamilyName, person.OtherNames);

    /// <summary>The whole name, folded and canonical, for trigram (close spelling) search.</summary>
    public static string MatchName(string givenNames, string familyName) => Normalise($"{givenNames} {familyName}");

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u' or 'y';

    private static Dictionary<string, string> LoadVariants()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("TraffickingCases.Domain.Matching.name-variants.txt")
            ?? throw new InvalidOperationException("The name variants resource is missing.");
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith('#') || string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var names = line.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(n => Fold(n).Replace(" ", string.Empty, StringComparison.Ordinal)).ToList();
            foreach (var name in names)
            {
                map.TryAdd(name, names[0]);
            }
        }

        return map;
    }
}
