using TraffickingCases.Domain.Matching;
using static TraffickingCases.Domain.Tests.Matching.MatchingTestData;

namespace TraffickingCases.Domain.Tests.Matching;

public class NameNormaliserTests
{
    [Theory]
    [InlineData("Nguyễn", "nguyen")]
    [InlineData("Hoxhë", "hoxhe")]
    [InlineData("Çela", "cela")]
    [InlineData("Muça", "muca")]
    [InlineData("Đặng", "dang")]
    [InlineData("Lăcătuș", "lacatus")]
    [InlineData("Văn", "van")]
    [InlineData("Ionuț", "ionut")]
    [InlineData("Łukasz", "lukasz")]
    [InlineData("Øyvind", "oyvind")]
    [InlineData("Strauß", "strauss")]
    [InlineData("MOHAMMED", "mohammed")]
    [InlineData("mOhAmMeD", "mohammed")]
    public void Fold_lower_cases_and_drops_diacritics(string name, string folded) =>
        Assert.Equal(folded, NameNormaliser.Fold(name));

    [Theory]
    [InlineData("Al-Hassan", "al hassan")]
    [InlineData("O'Brien", "obrien")]
    [InlineData("O’Brien", "obrien")]
    [InlineData("Abdel-Rahman Al-Amin", "abdel rahman al amin")]
    [InlineData("Tesfay.Yonas", "tesfay yonas")]
    [InlineData("Ali (Aly)", "ali aly")]
    [InlineData("Smith--Jones", "smith jones")]
    public void Fold_turns_punctuation_and_hyphens_into_single_spaces_and_drops_apostrophes(string name, string folded) =>
        Assert.Equal(folded, NameNormaliser.Fold(name));

    [Theory]
    [InlineData("  Van   Minh  ", "van minh")]
    [InlineData("Van\tMinh", "van minh")]
    [InlineData("Nguyen\nVan  Minh ", "nguyen van minh")]
    [InlineData(" - Ardit - ", "ardit")]
    public void Fold_collapses_whitespace_and_trims(string name, string folded) =>
        Assert.Equal(folded, NameNormaliser.Fold(name));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    public void Fold_of_nothing_is_empty(string? name) => Assert.Equal(string.Empty, NameNormaliser.Fold(name));

    [Fact]
    public void Fold_of_punctuation_only_is_empty() => Assert.Equal(string.Empty, NameNormaliser.Fold("-- ' ."));

    [Fact]
    public void Tokens_are_the_folded_words()
    {
        Assert.Equal(["nguyen", "van", "minh"], NameNormaliser.Tokens(" Nguyễn  Văn-Minh "));
        Assert.Empty(NameNormaliser.Tokens(null));
        Assert.Empty(NameNormaliser.Tokens("  "));
    }

    [Theory]
    [InlineData("mohammed", "muhammad")]
    [InlineData("muhammad", "muhammad")]
    [InlineData("mohamed", "muhammad")]
    [InlineData("mohamad", "muhammad")]
    [InlineData("mohammad", "muhammad")]
    [InlineData("mhd", "muhammad")]
    [InlineData("ahmed", "ahmad")]
    [InlineData("ahmet", "ahmad")]
    [InlineData("yousef", "yusuf")]
    [InlineData("yousif", "yusuf")]
    [InlineData("youssef", "yusuf")]
    [InlineData("abdelrahman", "abdulrahman")]
    [InlineData("abdirahman", "abdulrahman")]
    [InlineData("osman", "uthman")]
    [InlineData("hassan", "hasan")]
    [InlineData("hussein", "husayn")]
    [InlineData("hossein", "husayn")]
    [InlineData("ebrahim", "ibrahim")]
    [InlineData("omar", "umar")]
    [InlineData("mustapha", "mustafa")]
    [InlineData("mahmoud", "mahmud")]
    [InlineData("abubakr", "abubakar")]
    [InlineData("johannes", "yohannes")]
    [InlineData("tesfai", "tesfay")]
    [InlineData("tesfaye", "tesfay")]
    [InlineData("ghebremedhin", "gebremedhin")]
    [InlineData("woldemichael", "weldemichael")]
    [InlineData("hailu", "haile")]
    [InlineData("fadumo", "fatima")]
    [InlineData("ayesha", "aisha")]
    [InlineData("miriam", "maryam")]
    public void Canonical_maps_a_transliteration_variant_to_the_first_of_its_group(string token, string canonical) =>
        Assert.Equal(canonical, NameNormaliser.Canonical(token));

    [Theory]
    [InlineData("ardit")]
    [InlineData("krasniqi")]
    [InlineData("nguyen")]
    [InlineData("minh")]
    [InlineData("smith")]
    [InlineData("")]
    public void Canonical_leaves_a_name_not_in_the_data_unchanged(string token) =>
        Assert.Equal(token, NameNormaliser.Canonical(token));

    [Fact]
    public void Canonical_expects_a_folded_token()
    {
        // Canonical looks up folded tokens; callers fold first (Normalise does).
        Assert.Equal("Mohammed", NameNormaliser.Canonical("Mohammed"));
        Assert.Equal("muhammad", NameNormaliser.Canonical(NameNormaliser.Fold("Mohammed")));
    }

    [Fact]
    public void Every_group_in_the_variants_data_maps_to_its_first_entry()
    {
        var groups = VariantGroups();

        Assert.True(groups.Count >= 40, $"only {groups.Count} groups read");
        foreach (var group in groups)
        {
            foreach (var name in group.Where(n => !n.Contains(' ', StringComparison.Ordinal)))
            {
                Assert.Equal(group[0], NameNormaliser.Canonical(name));
            }
        }
    }

    [Fact]
    public void No_name_belongs_to_two_variant_groups()
    {
        // A name in two groups silently maps to the first group only.
        var owners = VariantGroups().SelectMany((group, i) => group.Select(n => n.Replace(" ", string.Empty, StringComparison.Ordinal)).Distinct().Select(name => (name, i)))
            .GroupBy(x => x.name).Where(g => g.Count() > 1).Select(g => g.Key).ToList();

        Assert.Empty(owners);
    }

    [Fact]
    public void The_variants_data_is_already_folded()
    {
        foreach (var name in VariantGroups().SelectMany(g => g))
        {
            Assert.Equal(name, NameNormaliser.Fold(name));
        }
    }

    [Theory]
    [InlineData("Mohammed", "muhammad")]
    [InlineData("MOHAMED", "muhammad")]
    [InlineData("Mohamad Ahmed", "muhammad ahmad")]
    [InlineData("Yousef Al-Hassan", "yusuf al hasan")]
    [InlineData("Hoxhë", "hoxhe")]
    [InlineData("Nguyễn Văn Minh", "nguyen van minh")]
    [InlineData("Tesfai Woldemichael", "tesfay weldemichael")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Normalise_folds_and_canonicalises_every_token(string? name, string normalised) =>
        Assert.Equal(normalised, NameNormaliser.Normalise(name));

    [Theory]
    [InlineData("Hoxha", "Hoxhe")]
    [InlineData("Hoxhë", "Hoxha")]
    [InlineData("Tesfay", "Tesfai")]
    [InlineData("Tesfay", "Tesfaye")]
    [InlineData("Weldemichael", "Woldemichael")]
    [InlineData("Weldemichael", "Weldemikael")]
    [InlineData("Krasniqi", "Krasniki")]
    [InlineData("Okonkwo", "Okonkow")]
    [InlineData("Gebremedhin", "Gebremedhine")]
    [InlineData("Gebremariam", "Gebremariyam")]
    [InlineData("Mohammed", "Muhammad")]
    [InlineData("Kristian", "Kristjan")]
    [InlineData("Besnik", "Besnick")]
    [InlineData("Ionuț", "Ionut")]
    [InlineData("Nguyễn Văn Minh", "Nguyen Van Minh")]
    public void Spellings_of_the_same_name_share_a_phonetic_key(string a, string b) =>
        Assert.Equal(NameNormaliser.Phonetic(a), NameNormaliser.Phonetic(b));

    [Theory]
    [InlineData("Smith", "Jones")]
    [InlineData("Ardit", "Endrit")]
    [InlineData("Krasniqi", "Gashi")]
    [InlineData("Nguyen", "Tran")]
    [InlineData("Hamza", "Hamid")]
    [InlineData("Martin", "Marvin")]
    [InlineData("Tesfay", "Tesfamariam")]
    public void Different_names_have_different_phonetic_keys(string a, string b) =>
        Assert.NotEqual(NameNormaliser.Phonetic(a), NameNormaliser.Phonetic(b));

    [Theory]
    [InlineData("hoxha", "hks")]
    [InlineData("tesfay", "tsf")]
    [InlineData("weldemichael", "vldmsl")]
    [InlineData("krasniqi", "krsnk")]
    [InlineData("ardit", "ardt")]
    [InlineData("endrit", "andrt")]
    [InlineData("philip", "flp")]
    [InlineData("", "")]
    public void PhoneticToken_merges_digraphs_and_like_letters_keeps_the_first_letter_and_drops_later_vowels(string token, string key) =>
        Assert.Equal(key, NameNormaliser.PhoneticToken(token));

    [Fact]
    public void Phonetic_keeps_one_key_per_token_in_order() =>
        Assert.Equal("ngn vn mn", NameNormaliser.Phonetic("Nguyễn Văn Minh"));

    [Fact]
    public void Phonetic_uses_the_canonical_spelling_first()
    {
        // Tesfai is canonicalised to tesfay, so even a spelling the letter rules would not merge shares the key.
        Assert.Equal(NameNormaliser.PhoneticToken("tesfay"), NameNormaliser.Phonetic("Tesfai"));
        Assert.Equal(NameNormaliser.Phonetic("Hussein"), NameNormaliser.Phonetic("Hossein"));
        Assert.Equal(NameNormaliser.Phonetic("Yohannes"), NameNormaliser.Phonetic("Johannes"));
    }

    [Fact]
    public void SearchKeys_cover_every_name_token_including_aliases_in_canonical_and_phonetic_form()
    {
        var keys = NameNormaliser.SearchKeys(Person("Mohammed", "Hoxhë", null, aliases: ["Abu Bakr", "Tesfai"]));

        var names = Components(keys, "n:");
        var phonetics = Components(keys, "p:");
        foreach (var token in new[] { "muhammad", "hoxhe", "abu", "bakr", "tesfay" })
        {
            Assert.Contains(token, names);
            Assert.Contains(NameNormaliser.PhoneticToken(token), phonetics);
        }

        Assert.DoesNotContain("mohammed", names);
        Assert.DoesNotContain("tesfai", names);
    }

    [Fact]
    public void SearchKeys_skip_tokens_shorter_than_two_characters()
    {
        var keys = NameNormaliser.SearchKeys(Person("Mohammed A", "Hoxha", null, aliases: ["B"]));

        var names = Components(keys, "n:");
        Assert.Contains("muhammad", names);
        Assert.Contains("hoxha", names);
        Assert.DoesNotContain("a", names);
        Assert.DoesNotContain("b", names);
        Assert.All(keys.SelectMany(k => k[2..].Split('|')), c => Assert.True(c.Length >= 2, $"component '{c}' in {string.Join(", ", keys)}"));
    }

    [Fact]
    public void SearchKeys_are_prefixed_sorted_and_distinct()
    {
        var keys = NameNormaliser.SearchKeys(Person("Mohammed Muhammad", "Tesfai", null, aliases: ["Tesfay", "Mohamed", "Abu Bakr"]));

        Assert.NotEmpty(keys);
        Assert.All(keys, k => Assert.True(k.StartsWith("n:", StringComparison.Ordinal) || k.StartsWith("p:", StringComparison.Ordinal), k));
        Assert.Equal(keys.Order(StringComparer.Ordinal), keys);
        Assert.Equal(keys.Distinct(StringComparer.Ordinal).Count(), keys.Count);
        Assert.Contains(keys, k => k.StartsWith("n:", StringComparison.Ordinal));
        Assert.Contains(keys, k => k.StartsWith("p:", StringComparison.Ordinal));
    }

    [Fact]
    public void SearchKeys_of_variant_spellings_are_the_same() =>
        Assert.Equal(
            NameNormaliser.SearchKeys(Person("Muhammad", "Tesfay", null, aliases: ["Yusuf"])),
            NameNormaliser.SearchKeys(Person("MOHAMED", "Tesfai", null, aliases: ["Yousef"])));

    [Fact]
    public void SearchKeys_of_a_record_without_names_are_empty() =>
        Assert.Empty(NameNormaliser.SearchKeys(Person("", " ", null, aliases: ["-", "x"])));

    [Theory]
    [InlineData("Mohammed", "Ahmed", "Muhammad", "Ahmad")]
    [InlineData("Yonas", "Tesfay", "Tesfai", "Yonas")]
    [InlineData("Van Minh", "Nguyễn", "Minh", "Nguyen")]
    [InlineData("Ardit", "Hoxhë", "Ardit", "Hoxha")]
    [InlineData("Yonas", "Tesfay", "Yonas", "Tesfay Gebremedhin")]
    public void Two_records_of_the_same_child_share_a_search_key(string given1, string family1, string given2, string family2)
    {
        var a = NameNormaliser.SearchKeys(Person(given1, family1, null));
        var b = NameNormaliser.SearchKeys(Person(given2, family2, null));

        Assert.NotEmpty(a.Intersect(b));
    }

    [Fact]
    public void Records_with_no_name_in_common_share_no_search_key()
    {
        var a = NameNormaliser.SearchKeys(Person("Ardit", "Krasniqi", null));
        var b = NameNormaliser.SearchKeys(Person("Minh", "Nguyen", null));

        Assert.Empty(a.Intersect(b));
    }

    private static HashSet<string> Components(IEnumerable<string> keys, string prefix) =>
        keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).SelectMany(k => k[prefix.Length..].Split('|')).ToHashSet(StringComparer.Ordinal);

    private static List<List<string>> VariantGroups()
    {
        using var stream = typeof(NameNormaliser).Assembly.GetManifestResourceStream("TraffickingCases.Domain.Matching.name-variants.txt")
            ?? throw new InvalidOperationException("The name variants resource is missing.");
        using var reader = new StreamReader(stream);
        var groups = new List<List<string>>();
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith('#') || string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            groups.Add([.. line.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)]);
        }

        return groups;
    }
}
