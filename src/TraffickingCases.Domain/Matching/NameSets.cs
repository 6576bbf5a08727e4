namespace TraffickingCases.Domain.Matching;

/// <summary>Which part of a record a name word came from.</summary>
public enum NameRole
{
    Given,
    Family,
    Other,
}

/// <summary>How two records' names agree, compared as sets of words (given, family, father's and grandfather's names, aliases).</summary>
public enum NameAgreement
{
    /// <summary>Every given and family name of each record agrees with one of the other's, all spelled the same (in any order).</summary>
    AllSame,

    /// <summary>Every given and family name agrees, at least one spelled differently.</summary>
    AllSpelledDifferently,

    /// <summary>Two or more names agree and one record has a name more (a middle name dropped, a grandfather's name added), spelled the same.</summary>
    SubsetSame,

    /// <summary>As <see cref="SubsetSame"/>, at least one spelled differently.</summary>
    SubsetSpelledDifferently,

    /// <summary>Two or more names agree but each record has a name the other lacks: brothers, cousins, a shared father's name.</summary>
    TwoOfSeveral,

    /// <summary>One name in common only (a family name, or a common given name).</summary>
    OneName,

    None,

    /// <summary>A record has no name to compare.</summary>
    Missing,
}

/// <summary>One word of one record paired with one word of the other.</summary>
public sealed record TokenMatch(string Query, NameRole QueryRole, string Candidate, NameRole CandidateRole, NameLevel Level)
{
    public bool SpelledDifferently => Level is NameLevel.Phonetic or NameLevel.Close;
}

/// <summary>The outcome of comparing two records' names as sets of words.</summary>
public sealed record NameComparison(
    NameAgreement Agreement, IReadOnlyList<TokenMatch> Matched, IReadOnlyList<string> OnlyInQuery, IReadOnlyList<string> OnlyInCandidate)
{
    /// <summary>Whether the names agree well enough to count the record among holders of the name (the term frequency).</summary>
    public bool SameName => Agreement is NameAgreement.AllSame or NameAgreement.AllSpelledDifferently or NameAgreement.SubsetSame or NameAgreement.SubsetSpelledDifferently;
}

/// <summary>
/// Compares names as sets of words. Each word of one record is paired with at most one word of the other, best level first
/// (the same after normalising, then sounding alike, then a close spelling), preferring a word in the same part of the name.
/// How many given and family names are left unpaired on each side decides the agreement: one shared word of three is not
/// the same name. Aliases may pair, but an unpaired alias (a nickname) counts against nothing.
/// </summary>
public static class NameSets
{
    public static NameComparison Compare(PersonRecord query, PersonRecord candidate) => Compare(WordsOf(query), WordsOf(candidate));

    /// <summary>
    /// As <see cref="Compare(PersonRecord, PersonRecord)"/>, with each record's words from <see cref="WordsOf"/>: a record compared
    /// with many others has its words worked out once.
    /// </summary>
    internal static NameComparison Compare(NameWords query, NameWords candidate)
    {
        var q = query.Words;
        var c = candidate.Words;
        var qCore = q.Count(w => w.Role != NameRole.Other);
        var cCore = c.Count(w => w.Role != NameRole.Other);
        if (qCore == 0 || cCore == 0)
        {
            return new NameComparison(NameAgreement.Missing, [], [], []);
        }

        var options = new List<(int Qi, int Ci, NameLevel Level, bool SameRole)>();
        for (var i = 0; i < q.Count; i++)
        {
            for (var j = 0; j < c.Count; j++)
            {
                var level = LevelOf(q[i], c[j]);
                if (level != NameLevel.Different)
                {
                    options.Add((i, j, level, q[i].Role == c[j].Role));
                }
            }
        }

        var qUsed = new bool[q.Count];
        var cUsed = new bool[c.Count];
        var matched = new List<TokenMatch>();
        // Best level first, then a word in the same part of the name, then in word order (each pair of words is one option, so the order is total).
        options.Sort((x, y) => x.Level != y.Level ? ((int)x.Level).CompareTo((int)y.Level)
            : x.SameRole != y.SameRole ? y.SameRole.CompareTo(x.SameRole)
            : x.Qi != y.Qi ? x.Qi.CompareTo(y.Qi)
            : x.Ci.CompareTo(y.Ci));
        foreach (var (qi, ci, level, _) in options)
        {
            if (qUsed[qi] || cUsed[ci])
            {
                continue;
            }

            qUsed[qi] = cUsed[ci] = true;
            matched.Add(new TokenMatch(q[qi].Text, q[qi].Role, c[ci].Text, c[ci].Role, level));
        }

        var onlyQuery = q.Where((w, i) => !qUsed[i] && w.Role != NameRole.Other).Select(w => w.Text).ToList();
        var onlyCandidate = c.Where((w, i) => !cUsed[i] && w.Role != NameRole.Other).Select(w => w.Text).ToList();
        var spelled = matched.Any(m => m.SpelledDifferently);
        var agreement = matched.Count switch
        {
            0 => NameAgreement.None,
            1 when !(qCore == 1 && cCore == 1) => NameAgreement.OneName,
            _ when onlyQuery.Count == 0 && onlyCandidate.Count == 0 => spelled ? NameAgreement.AllSpelledDifferently : NameAgreement.AllSame,
            _ when onlyQuery.Count == 0 || onlyCandidate.Count == 0 => spelled ? NameAgreement.SubsetSpelledDifferently : NameAgreement.SubsetSame,
            _ => NameAgreement.TwoOfSeveral,
        };

        return new NameComparison(agreement, matched, onlyQuery, onlyCandidate);
    }

    private static NameLevel LevelOf(Word a, Word b)
    {
        if (a.Canonical == b.Canonical)
        {
            return NameLevel.Normalised;
        }

        // Very short words (Li, Vu, Le) agree only when they are the same word.
        return a.Canonical.Length < 3 || b.Canonical.Length < 3 ? NameLevel.Different : Matcher.CompareNames(a.Forms, b.Forms);
    }

    // A record's words, kept as long as the (immutable) record is: a pair finder compares one record with many, as query and as candidate.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<PersonRecord, NameWords> Analysed = new();

    /// <summary>The distinct words of a record, each once, in the first part of the name it appears in.</summary>
    internal static NameWords WordsOf(PersonRecord person) => Analysed.GetValue(person, Analyse);

    private static NameWords Analyse(PersonRecord person)
    {
        var words = new List<Word>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(string? name, NameRole role)
        {
            foreach (var word in NameNormaliser.Words(name))
            {
                var canonical = NameNormaliser.Normalise(word);
                if (canonical.Length == 0)
                {
                    continue;
                }

                if (seen.Add(canonical))
                {
                    words.Add(new Word(word, canonical, role, NameForms.Of(word)));
                }
            }
        }

        Add(person.GivenNames, NameRole.Given);
        Add(person.FamilyName, NameRole.Family);
        foreach (var other in person.OtherNames)
        {
            Add(other, NameRole.Other);
        }

        return new NameWords(words);
    }
}

/// <summary>One word of a record's name: as written, its canonical spelling, the part of the name it is in, and its forms for comparing.</summary>
internal sealed record Word(string Text, string Canonical, NameRole Role, NameForms Forms);

/// <summary>A record's name words, worked out once for all the records it is compared with.</summary>
internal sealed record NameWords(IReadOnlyList<Word> Words);
