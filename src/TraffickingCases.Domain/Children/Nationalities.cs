namespace TraffickingCases.Domain.Children;

/// <summary>ISO 3166-1 alpha-3 nationality codes, with the adjectives a caseworker reads for common ones.</summary>
public static class Nationalities
{
    // ISO 3166-1 alpha-3, plus XKX (Kosovo, as used by UK Visas and Immigration) and XXA (stateless, ICAO 9303).
    private static readonly HashSet<string> Codes = new(
        "ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN BES BFA BGD BGR BHR BHS BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN CCK CHE CHL CHN CIV CMR COD COG COK COL COM CPV CRI CUB CUW CXR CYM CYP CZE DEU DJI DMA DNK DOM DZA ECU EGY ERI ESH ESP EST ETH FIN FJI FLK FRA FRO FSM GAB GBR GEO GGY GHA GIB GIN GLP GMB GNB GNQ GRC GRD GRL GTM GUF GUM GUY HKG HMD HND HRV HTI HUN IDN IMN IND IOT IRL IRN IRQ ISL ISR ITA JAM JEY JOR JPN KAZ KEN KGZ KHM KIR KNA KOR KWT LAO LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA MAC MAF MAR MCO MDA MDG MDV MEX MHL MKD MLI MLT MMR MNE MNG MNP MOZ MRT MSR MTQ MUS MWI MYS MYT NAM NCL NER NFK NGA NIC NIU NLD NOR NPL NRU NZL OMN PAK PAN PCN PER PHL PLW PNG POL PRI PRK PRT PRY PSE PYF QAT REU ROU RUS RWA SAU SDN SEN SGP SGS SHN SJM SLB SLE SLV SMR SOM SPM SRB SSD STP SUR SVK SVN SWE SWZ SXM SYC SYR TCA TCD TGO THA TJK TKL TKM TLS TON TTO TUN TUR TUV TWN TZA UGA UKR UMI URY USA UZB VAT VCT VEN VGB VIR VNM VUT WLF WSM YEM ZAF ZMB ZWE XKX XXA".Split(' '),
        StringComparer.Ordinal);

    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        ["GBR"] = "British", ["ALB"] = "Albanian", ["SDN"] = "Sudanese", ["SSD"] = "South Sudanese",
        ["ERI"] = "Eritrean", ["ETH"] = "Ethiopian", ["AFG"] = "Afghan", ["VNM"] = "Vietnamese",
        ["CHN"] = "Chinese", ["IRN"] = "Iranian", ["ROU"] = "Romanian", ["SOM"] = "Somali",
        ["SYR"] = "Syrian", ["NGA"] = "Nigerian", ["IRQ"] = "Iraqi", ["EGY"] = "Egyptian",
        ["KWT"] = "Kuwaiti", ["POL"] = "Polish", ["XKX"] = "Kosovan", ["XXA"] = "Stateless",
        ["GHA"] = "Ghanaian", ["PAK"] = "Pakistani", ["IND"] = "Indian", ["BGD"] = "Bangladeshi",
        ["UKR"] = "Ukrainian", ["TCD"] = "Chadian", ["LBY"] = "Libyan",
    };

    public static bool IsValid(string code) => Codes.Contains(code);

    public static string Normalise(string code) => code.Trim().ToUpperInvariant();

    public static string NameOf(string code) => Names.TryGetValue(code, out var name) ? name : code;

    public static IReadOnlyCollection<string> All => Codes;
}
