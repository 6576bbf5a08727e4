using System.Globalization;
using System.Reflection;

namespace TraffickingCases.Infrastructure.Demo;

/// <summary>
/// Given and family names for each nationality group with realistic frequencies, read from the data files in
/// Demo/Names (see its README): common names (Mohammed, Nguyễn, Smith) still collide often, as in real
/// populations, but most children do not share a full name with hundreds of others.
/// </summary>
internal static class NameBank
{
    public static readonly IReadOnlyDictionary<string, NameGroup> ByNationality = Load();

    /// <summary>Nicknames and street names children give police.</summary>
    public static readonly string[] Nicknames =
    [
        "Little", "Skinny", "Shorty", "Bruv", "Ace", "Kid", "Tiny", "Boss", "Smokey", "Lil", "Milo", "Junior", "Sunny", "Benji",
    ];

    private static Dictionary<string, NameGroup> Load()
    {
        var assembly = Assembly.GetExecutingAssembly();
        const string prefix = "TraffickingCases.Infrastructure.Demo.Names.";
        var groups = new Dictionary<string, NameGroup>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".txt", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            var code = resource[prefix.Length..^4].ToUpperInvariant();
            groups[code] = NameGroup.Parse(code, reader.ReadToEnd());
        }

        return groups;
    }
}

/// <summary>The names of one nationality group, each list with its frequency distribution.</summary>
internal sealed class NameGroup
{
    private NameGroup(string code, Dictionary<string, Section> sections, bool familyIsFathersName)
    {
        Code = code;
        Boys = sections["boys"].Distribution();
        Girls = sections["girls"].Distribution();
        var family = sections["family"];
        Family = family.Distribution();
        FamilyTailShare = family.Setting("tail") / 100;
        TailStarts = sections.TryGetValue("family-tail-start", out var starts) ? starts.Distribution(0.5) : null;
        TailEnds = sections.TryGetValue("family-tail-end", out var ends) ? ends.Distribution(0.5) : null;
        BoysMiddle = sections.TryGetValue("boys-middle", out var boysMiddle) ? (boysMiddle.Distribution(), boysMiddle.Setting("share") / 100) : null;
        GirlsMiddle = sections.TryGetValue("girls-middle", out var girlsMiddle) ? (girlsMiddle.Distribution(), girlsMiddle.Setting("share") / 100) : null;
        FamilyIsFathersName = familyIsFathersName;
        if (FamilyTailShare > 0 && (TailStarts is null || TailEnds is null))
        {
            throw new InvalidOperationException($"Names/{code}: a family tail share needs [family-tail-start] and [family-tail-end].");
        }
    }

    public string Code { get; }

    public NameDistribution Boys { get; }

    public NameDistribution Girls { get; }

    public NameDistribution Family { get; }

    /// <summary>Whether the family-name field holds the father's name (Eritrean, Sudanese, Somali, Ethiopian custom).</summary>
    public bool FamilyIsFathersName { get; }

    private double FamilyTailShare { get; }

    private NameDistribution? TailStarts { get; }

    private NameDistribution? TailEnds { get; }

    private (NameDistribution Names, double Share)? BoysMiddle { get; }

    private (NameDistribution Names, double Share)? GirlsMiddle { get; }

    /// <summary>Whether given names already carry a middle name (so no second given name is added).</summary>
    public bool HasMiddleNames => BoysMiddle is not null || GirlsMiddle is not null;

    public string GivenName(Random random, bool girl)
    {
        var name = (girl ? Girls : Boys).Pick(random);
        var middle = girl ? GirlsMiddle : BoysMiddle;
        return middle is { } m && random.NextDouble() < m.Share ? $"{m.Names.Pick(random)} {name}" : name;
    }

    public string FamilyName(Random random)
    {
        if (FamilyTailShare > 0 && random.NextDouble() < FamilyTailShare)
        {
            var start = TailStarts!.Pick(random);
            var end = TailEnds!.Pick(random);
            return start.EndsWith('-') || end.StartsWith('-') ? start + end : start + end.ToLowerInvariant();
        }

        return Family.Pick(random);
    }

    public static NameGroup Parse(string code, string text)
    {
        var sections = new Dictionary<string, Section>(StringComparer.Ordinal);
        Section? current = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.StartsWith('['))
            {
                var parts = line.Trim('[', ']').Split(' ', StringSplitOptions.RemoveEmptyEntries);
                current = new Section(parts[0], parts.Skip(1).Select(p => p.Split('=')).ToDictionary(p => p[0], p => double.Parse(p[1], CultureInfo.InvariantCulture)));
                sections[current.Name] = current;
                continue;
            }

            if (current is null)
            {
                throw new InvalidOperationException($"Names/{code}: '{line}' is outside a section.");
            }

            if (line.Contains(',', StringComparison.Ordinal))
            {
                current.Entries.AddRange(line.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(n => (n, (double?)null)));
                continue;
            }

            var lastSpace = line.LastIndexOf(' ');
            if (lastSpace > 0 && double.TryParse(line[(lastSpace + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var percent))
            {
                current.Entries.Add((line[..lastSpace].Trim(), percent));
            }
            else
            {
                current.Entries.Add((line, null));
            }
        }

        foreach (var required in new[] { "boys", "girls", "family" })
        {
            if (!sections.ContainsKey(required))
            {
                throw new InvalidOperationException($"Names/{code}: the [{required}] section is missing.");
            }
        }

        var familyIsFathersName = sections.TryGetValue("options", out var options) && options.Entries.Any(e => e.Name == "family-is-fathers-name");
        return new NameGroup(code, sections, familyIsFathersName);
    }

    private sealed record Section(string Name, Dictionary<string, double> Settings)
    {
        public List<(string Name, double? Percent)> Entries { get; } = [];

        public double Setting(string key) => Settings.GetValueOrDefault(key);

        /// <summary>
        /// Names with a stated share keep it; the others share what is left (less any tail share) by rank,
        /// ∝ 1 / rank^s, ranks counted over the whole list so the stated names stay at the head.
        /// </summary>
        public NameDistribution Distribution(double defaultExponent = 1.0)
        {
            var exponent = Settings.TryGetValue("s", out var s) ? s : defaultExponent;
            var stated = Entries.Where(e => e.Percent is not null).Sum(e => e.Percent!.Value);
            var remaining = Math.Max(0, 100 - stated - Setting("tail"));
            var zipf = Entries.Select((e, i) => e.Percent is null ? 1 / Math.Pow(i + 1, exponent) : 0).ToArray();
            var zipfTotal = zipf.Sum();
            var weights = Entries.Select((e, i) => e.Percent ?? (zipfTotal == 0 ? 0 : remaining * zipf[i] / zipfTotal)).ToArray();
            return new NameDistribution([.. Entries.Select(e => e.Name)], weights);
        }
    }
}

/// <summary>Names with weights, sampled by a binary search over the cumulative weights.</summary>
internal sealed class NameDistribution
{
    private readonly double[] _cumulative;

    public NameDistribution(string[] names, double[] weights)
    {
        if (names.Length == 0)
        {
            throw new InvalidOperationException("A name list is empty.");
        }

        Names = names;
        Weights = weights;
        _cumulative = new double[weights.Length];
        var total = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            total += weights[i];
            _cumulative[i] = total;
        }
    }

    public IReadOnlyList<string> Names { get; }

    public IReadOnlyList<double> Weights { get; }

    public string Pick(Random random)
    {
        var roll = random.NextDouble() * _cumulative[^1];
        var index = Array.BinarySearch(_cumulative, roll);
        index = index < 0 ? ~index : index;
        return Names[Math.Min(index, Names.Count - 1)];
    }
}
