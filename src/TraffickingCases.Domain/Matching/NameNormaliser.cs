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

        var decomposed = name.Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            var lower = char.ToLowerInvariant(c);
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
                _ when char.IsLetterOrDigit(lower) => lower.ToString(),
                '\'' or '’' or '`' => string.Empty,
                _ => " ",
            });
        }

        return string.Join(' ', folded.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    public static IReadOnlyList<string> Tokens(string? name) => Fold(name).Split(' ', StringSplitOptions.RemoveEmptyEntries);

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

    /// <summary>The keys a candidate search looks up: every name token folded, in canonical and phonetic form.</summary>
    public static IReadOnlyList<string> SearchKeys(PersonRecord person)
    {
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var token in new[] { person.GivenNames, person.FamilyName }.Concat(person.OtherNames).SelectMany(Tokens))
        {
            if (token.Length < 2)
            {
                continue;
            }

            var canonical = Canonical(token);
            keys.Add("n:" + canonical);
            keys.Add("p:" + PhoneticToken(canonical));
        }

        return keys.ToList();
    }

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
