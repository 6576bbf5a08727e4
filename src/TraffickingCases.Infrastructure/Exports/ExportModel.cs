using System.Security.Cryptography;
using Npgsql;
using TraffickingCases.Domain.Common;

namespace TraffickingCases.Infrastructure.Exports;

public enum ExportFormat
{
    Csv,
    Xlsx,
    Jsonl,
}

/// <summary>What an export may be narrowed to; every filter is optional.</summary>
public sealed record ExportFilters
{
    /// <summary>One organisation, or all when empty.</summary>
    public Guid? OrganisationId { get; init; }

    /// <summary>The organisation's code, for the audit record.</summary>
    public string? OrganisationCode { get; init; }

    /// <summary>First UK date included (inclusive).</summary>
    public DateOnly? From { get; init; }

    /// <summary>Last UK date included (inclusive).</summary>
    public DateOnly? To { get; init; }

    /// <summary>Flags only: one rule code.</summary>
    public string? Rule { get; init; }

    /// <summary>Flags only: Open, Acknowledged, Resolved or Dismissed.</summary>
    public string? Status { get; init; }

    /// <summary>The filters as text for the audit record (no personal data can appear here).</summary>
    public string Describe()
    {
        var parts = new List<string> { $"organisation={OrganisationCode ?? "all"}" };
        if (From is { } from)
        {
            parts.Add($"from={from:yyyy-MM-dd}");
        }

        if (To is { } to)
        {
            parts.Add($"to={to:yyyy-MM-dd}");
        }

        if (!string.IsNullOrEmpty(Rule))
        {
            parts.Add($"rule={Rule}");
        }

        if (!string.IsNullOrEmpty(Status))
        {
            parts.Add($"status={Status}");
        }

        return string.Join(' ', parts);
    }
}

/// <summary>Who asked for an export: a signed-in user (web) or the operating-system user running <c>tc</c>.</summary>
public sealed record ExportActor(string Id, string Name, string Channel);

public sealed record ExportRequest(
    ExportDataset Dataset, ExportFormat Format, ExportFilters Filters, bool Identifiable, string? Justification, ExportActor Actor);

/// <summary>Settings from the configuration section <c>Exports</c>.</summary>
public sealed class ExportSettings
{
    public const int MinimumKeyBytes = 32;

    /// <summary>Base64 key (at least 32 bytes) for the keyed HMAC that turns a child's id into a pseudonym.</summary>
    public string? PseudonymKey { get; set; }

    /// <summary>Rows written between flushes to the client; the header is always flushed at once.</summary>
    public int FlushEveryRows { get; set; } = 1000;

    /// <summary>
    /// From how many rows (the planner's estimate) an export reads its rows in order from the dataset's index rather
    /// than as PostgreSQL would choose: a sort of them all first. Below it, the planner's plan (a small organisation's
    /// rows found and sorted) ends sooner than a walk of the whole index past every other organisation's.
    /// </summary>
    public long StreamInOrderFromRows { get; set; } = 100_000;

    /// <summary>Shortest justification accepted for an identifiable export.</summary>
    public int MinimumJustificationLength { get; set; } = 20;
}

/// <summary>
/// A child's stable pseudonym: the first 64 bits of HMAC-SHA256(key, child id), so rows join across datasets and
/// exports, but nobody without the key can go from a pseudonym back to the child (ADR 010).
/// </summary>
public sealed class Pseudonymiser : IDisposable
{
    private readonly byte[] _key;
    private readonly HMACSHA256 _hmac;

    public Pseudonymiser(ExportSettings settings)
    {
        if (string.IsNullOrWhiteSpace(settings.PseudonymKey))
        {
            throw new ExportNotConfiguredException(
                "Exports:PseudonymKey is not set. Set Exports__PseudonymKey to a base64 key of at least 32 random bytes (e.g. `openssl rand -base64 32`) and keep it secret and unchanged, or pseudonyms will no longer join with earlier exports.");
        }

        try
        {
            _key = Convert.FromBase64String(settings.PseudonymKey.Trim());
        }
        catch (FormatException)
        {
            throw new ExportNotConfiguredException("Exports:PseudonymKey must be base64 (e.g. from `openssl rand -base64 32`).");
        }

        if (_key.Length < ExportSettings.MinimumKeyBytes)
        {
            throw new ExportNotConfiguredException($"Exports:PseudonymKey must hold at least {ExportSettings.MinimumKeyBytes} bytes.");
        }

        _hmac = new HMACSHA256(_key);
    }

    private const int CacheLimit = 100_000;

    // A child has several rows in most datasets; a bounded cache saves recomputing, and keeps memory flat.
    private readonly Dictionary<Guid, string> _cache = [];

    /// <summary>The pseudonym of a child; one instance serves one export (not thread-safe).</summary>
    public string Of(Guid childId)
    {
        if (_cache.TryGetValue(childId, out var known))
        {
            return known;
        }

        if (_cache.Count >= CacheLimit)
        {
            _cache.Clear();
        }

        return _cache[childId] = Compute(childId);
    }

    // Users are few; their pseudonyms are kept for the export.
    private readonly Dictionary<string, string> _users = new(StringComparer.Ordinal);

    /// <summary>
    /// A user's pseudonym (the web user's id, or <c>cli:</c> and the operator), so a pseudonymised audit log still
    /// tells one person's actions from another's. The input is marked as a user's, and the pseudonym begins with U,
    /// so it can never equal a child's.
    /// </summary>
    public string OfUser(string userId)
    {
        if (_users.TryGetValue(userId, out var known))
        {
            return known;
        }

        var mac = _hmac.ComputeHash(System.Text.Encoding.UTF8.GetBytes("user:" + userId));
        return _users[userId] = "U" + Convert.ToHexString(mac, 0, 8);
    }

    private string Compute(Guid childId)
    {
        Span<byte> id = stackalloc byte[16];
        childId.TryWriteBytes(id, bigEndian: true, out _);
        Span<byte> mac = stackalloc byte[32];
        _hmac.TryComputeHash(id, mac, out _);
        return "P" + Convert.ToHexString(mac[..8]);
    }

    public void Dispose() => _hmac.Dispose();
}

/// <summary>Exports cannot run because the installation is missing a setting.</summary>
public sealed class ExportNotConfiguredException(string message) : Exception(message);

/// <summary>The age bands exports and statistics use.</summary>
public static class AgeBands
{
    public const string NotKnown = "Not known";

    public static readonly IReadOnlyList<string> All = ["0–12", "13–14", "15–17", "18+", NotKnown];

    public static string Of(int? age) => age switch
    {
        null => NotKnown,
        <= 12 => "0–12",
        <= 14 => "13–14",
        <= 17 => "15–17",
        _ => "18+",
    };
}

/// <summary>One row as the database returned it, read by column name.</summary>
public sealed class ExportRow
{
    private readonly NpgsqlDataReader _reader;
    private readonly Dictionary<string, int> _ordinals;

    // Column names in the dataset definitions are literals, so interned: look them up by reference first (no hashing
    // of the characters on every cell), by value when a name was built at run time.
    private readonly Dictionary<string, int> _interned;

    internal ExportRow(NpgsqlDataReader reader)
    {
        _reader = reader;
        _ordinals = Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => i, StringComparer.Ordinal);
        _interned = Enumerable.Range(0, reader.FieldCount).ToDictionary(i => string.Intern(reader.GetName(i)), i => i, ReferenceEqualityComparer.Instance as IEqualityComparer<string>);
    }

    private int Ordinal(string column) => _interned.TryGetValue(column, out var ordinal) ? ordinal : _ordinals[column];

    private long _row;
    private long _agedRow = -1;
    private string? _agedFrom;
    private DateOnly? _agedOn;
    private int? _age;

    /// <summary>Moves to the next row (the exporter calls this after each read), forgetting what was worked out for the last.</summary>
    internal void Next() => _row++;

    public Guid? Id(string column) => Nullable(column, o => (Guid?)_reader.GetGuid(o));

    public bool Bool(string column) => _reader.GetBoolean(Ordinal(column));

    /// <summary>A yes-or-no answer that may not be recorded (empty in the export).</summary>
    public bool? NullableBool(string column) => Nullable(column, o => (bool?)_reader.GetBoolean(o));

    public string? Text(string column) => Nullable(column, o => _reader.GetString(o));

    public int? Int(string column) => Nullable(column, o => (int?)_reader.GetInt32(o));


    public DateOnly? Date(string column) => Nullable(column, o => (DateOnly?)_reader.GetFieldValue<DateOnly>(o));

    public DateTimeOffset? Instant(string column) => Nullable(column, o => (DateTimeOffset?)_reader.GetFieldValue<DateTimeOffset>(o));

    public string[] TextArray(string column) => Nullable(column, o => _reader.GetFieldValue<string[]>(o)) ?? [];

    /// <summary>Age in whole years on a date, from the date of birth in <paramref name="dobColumn"/>; never the date of birth itself.</summary>
    public int? AgeOn(string dobColumn, DateOnly? on)
    {
        // Age and age band both ask; work it out once a row.
        if (_agedRow == _row && ReferenceEquals(_agedFrom, dobColumn) && _agedOn == on)
        {
            return _age;
        }

        _age = Date(dobColumn) is { } dob && on is { } date && date >= dob ? UkCalendar.AgeOn(dob, date) : null;
        (_agedRow, _agedFrom, _agedOn) = (_row, dobColumn, on);
        return _age;
    }

    private T? Nullable<T>(string column, Func<int, T> read)
    {
        var ordinal = Ordinal(column);
        return _reader.IsDBNull(ordinal) ? default : read(ordinal);
    }
}

/// <summary>
/// An output column: its header and how its value comes from a row. An <c>IdentifiableOnly</c> column (names, dates
/// of birth, free text, police references, record ids) is written only in an identifiable export.
/// </summary>
public sealed record ExportColumn(string Name, Func<ExportRow, Pseudonymiser, object?> Value, bool IdentifiableOnly = false);

/// <summary>
/// A dataset is a query and its columns. The query's FROM and JOINs are fixed; the exporter adds the WHERE clause
/// from the filters, using the columns named here, so every dataset filters the same way.
/// </summary>
public sealed class ExportDataset
{
    /// <summary>The name in URLs, file names and <c>tc export</c>, e.g. <c>missing-episodes</c>.</summary>
    public required string Name { get; init; }

    public required string Title { get; init; }

    /// <summary>SELECT … FROM … JOIN …, without WHERE or ORDER BY.</summary>
    public required string Sql { get; init; }

    /// <summary>The SQL expression the date range applies to.</summary>
    public required string DateColumn { get; init; }

    /// <summary>True when <see cref="DateColumn"/> is a timestamptz (the range is then UK days), false for a date.</summary>
    public bool DateIsInstant { get; init; }

    /// <summary>The SQL expression of the owning organisation's id, or empty when the dataset has none.</summary>
    public string? OrganisationColumn { get; init; } = "c.organisation_id";

    /// <summary>The SQL expressions rule and status filters apply to (flags only).</summary>
    public string? RuleColumn { get; init; }

    public string? StatusColumn { get; init; }

    /// <summary>
    /// The rows' order, ending in a unique column. Each has an index in this order (the entity configurations), which
    /// a large export reads instead of sorting (<see cref="Exporter.InOrderSettings"/>).
    /// </summary>
    public required string OrderBy { get; init; }

    public required IReadOnlyList<ExportColumn> Columns { get; init; }

    public IReadOnlyList<ExportColumn> ColumnsFor(bool identifiable) =>
        identifiable ? Columns : Columns.Where(c => !c.IdentifiableOnly).ToList();
}
