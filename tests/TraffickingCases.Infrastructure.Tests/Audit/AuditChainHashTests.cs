using TraffickingCases.Infrastructure.Audit;

namespace TraffickingCases.Infrastructure.Tests.Audit;

public sealed class AuditChainHashTests
{
    private const long Position = 7;
    private static readonly DateTimeOffset At = new(2024, 3, 2, 14, 30, 15, 123, 456, TimeSpan.Zero);

    /// <summary>Every field of the entry, and the link's own position and previous hash.</summary>
    public static TheoryData<string> HashedFields =>
    [
        nameof(AuditEntry.Sequence), nameof(AuditEntry.OccurredAt), nameof(AuditEntry.ActorId), nameof(AuditEntry.ActorName),
        nameof(AuditEntry.OrganisationId), nameof(AuditEntry.Role), nameof(AuditEntry.ClientIp), nameof(AuditEntry.CorrelationId),
        nameof(AuditEntry.Action), nameof(AuditEntry.EntityType), nameof(AuditEntry.EntityId), nameof(AuditEntry.ChildId),
        nameof(AuditEntry.Details), nameof(AuditLink.Position), nameof(AuditLink.PreviousHash),
    ];

    [Fact]
    public void The_same_entry_at_the_same_place_always_has_the_same_hash()
    {
        var hash = AuditChain.Hash(Entry(), Position, AuditChain.Genesis);

        Assert.Equal(hash, AuditChain.Hash(Entry(), Position, AuditChain.Genesis));
        Assert.Matches("^[0-9a-f]{64}$", hash);
    }

    [Fact]
    public void The_hash_is_the_documented_serialisation_with_the_position_first()
    {
        // SHA-256 of the UTF-8 bytes of
        // [7,42,"2024-03-02T14:30:15.123456Z","user-1","Alex Caseworker","11111111-1111-1111-1111-111111111111","Caseworker",
        //  "192.0.2.1","corr-1","viewed","Child","child-1","33333333-3333-3333-3333-333333333333",
        //  {"count":3,"field":"family_name"},"0000000000000000000000000000000000000000000000000000000000000000"]
        // without the line breaks and spaces, computed independently of this code.
        Assert.Equal("c044b56e9ec67af9525814a7655108d4b81db9c67f0fbfa0732eef703cbc0672", AuditChain.Hash(Entry(), Position, AuditChain.Genesis));
        Assert.Equal(AuditChain.Hash(Entry(), Position, AuditChain.Genesis), AuditChain.Hash(AuditChain.Scheme, Entry(), Position, AuditChain.Genesis));
    }

    [Fact]
    public void The_legacy_hash_is_the_one_chains_before_ADR_015_were_built_with()
    {
        // Links migrated from ADR 008's chain keep the hash stored with each entry; a change here would break them all.
        // SHA-256 of the array above without its leading position.
        Assert.Equal("a43b8d0fda56963d72e83c2eb2f3ba6cf36233108588367689efaac5559f0e1f", AuditChain.LegacyHash(Entry(), AuditChain.Genesis));
        Assert.Equal(AuditChain.LegacyHash(Entry(), AuditChain.Genesis), AuditChain.Hash(AuditChain.LegacyScheme, Entry(), Position, AuditChain.Genesis));
        Assert.Null(AuditChain.Hash(3, Entry(), Position, AuditChain.Genesis));
    }

    [Theory]
    [MemberData(nameof(HashedFields))]
    public void Changing_any_hashed_field_changes_the_hash(string field)
    {
        var (entry, position, previous) = field switch
        {
            nameof(AuditEntry.Sequence) => (Entry(sequence: 43), Position, AuditChain.Genesis),
            nameof(AuditEntry.OccurredAt) => (Entry(occurredAt: At.AddTicks(10)), Position, AuditChain.Genesis),
            nameof(AuditEntry.ActorId) => (Entry(actorId: "user-2"), Position, AuditChain.Genesis),
            nameof(AuditEntry.ActorName) => (Entry(actorName: "Sam Other"), Position, AuditChain.Genesis),
            nameof(AuditEntry.OrganisationId) => (Entry(organisationId: Guid.Parse("22222222-2222-2222-2222-222222222222")), Position, AuditChain.Genesis),
            nameof(AuditEntry.Role) => (Entry(role: "Manager"), Position, AuditChain.Genesis),
            nameof(AuditEntry.ClientIp) => (Entry(clientIp: "192.0.2.2"), Position, AuditChain.Genesis),
            nameof(AuditEntry.CorrelationId) => (Entry(correlationId: "corr-2"), Position, AuditChain.Genesis),
            nameof(AuditEntry.Action) => (Entry(action: AuditActions.Updated), Position, AuditChain.Genesis),
            nameof(AuditEntry.EntityType) => (Entry(entityType: "Referral"), Position, AuditChain.Genesis),
            nameof(AuditEntry.EntityId) => (Entry(entityId: "child-2"), Position, AuditChain.Genesis),
            nameof(AuditEntry.ChildId) => (Entry(childId: Guid.Parse("44444444-4444-4444-4444-444444444444")), Position, AuditChain.Genesis),
            nameof(AuditEntry.Details) => (Entry(details: """{"field":"family_name","count":4}"""), Position, AuditChain.Genesis),
            nameof(AuditLink.Position) => (Entry(), Position + 1, AuditChain.Genesis),
            nameof(AuditLink.PreviousHash) => (Entry(), Position, new string('1', 64)),
            _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
        };

        Assert.NotEqual(AuditChain.Hash(Entry(), Position, AuditChain.Genesis), AuditChain.Hash(entry, position, previous));
    }

    [Fact]
    public void A_missing_value_and_an_empty_value_hash_differently()
    {
        Assert.NotEqual(AuditChain.Hash(Entry(actorId: null), Position, AuditChain.Genesis), AuditChain.Hash(Entry(actorId: string.Empty), Position, AuditChain.Genesis));
    }

    [Fact]
    public void Details_hash_the_same_whatever_the_order_and_spacing_of_their_keys()
    {
        // jsonb gives keys back in its own order, so what is read back must hash as what was written.
        var written = Entry(details: """{"field":"family_name","count":3,"changes":{"b":2,"a":[1,"x",null,true,false]}}""");
        var readBack = Entry(details: """{ "changes": { "a": [1, "x", null, true, false], "b": 2 }, "count": 3, "field": "family_name" }""");

        Assert.Equal(AuditChain.Hash(written, Position, AuditChain.Genesis), AuditChain.Hash(readBack, Position, AuditChain.Genesis));
    }

    [Fact]
    public void A_time_hashes_as_PostgreSQL_stores_it_to_the_microsecond_in_any_offset()
    {
        var stored = AuditChain.Hash(Entry(occurredAt: At), Position, AuditChain.Genesis);
        var withTicksBelowAMicrosecond = AuditChain.Hash(Entry(occurredAt: At.AddTicks(9)), Position, AuditChain.Genesis);
        var sameInstantInLondonSummerTime = AuditChain.Hash(Entry(occurredAt: At.ToOffset(TimeSpan.FromHours(1))), Position, AuditChain.Genesis);

        Assert.Equal(stored, withTicksBelowAMicrosecond);
        Assert.Equal(stored, sameInstantInLondonSummerTime);
    }

    [Fact]
    public void A_summary_says_how_many_entries_were_verified_and_how_many_wait()
    {
        Assert.Equal("1 entry verified, 0 waiting to be chained", new ChainVerification(1, 0, null, null).Summary);
        Assert.Equal("12 entries verified, 3 waiting to be chained", new ChainVerification(12, 3, null, null).Summary);
        Assert.Equal("entry 5 is broken: it was changed (4 entries before it verified)", new ChainVerification(4, 0, 5, "it was changed").Summary);
    }

    private static AuditEntry Entry(
        long sequence = 42,
        DateTimeOffset? occurredAt = null,
        string? actorId = "user-1",
        string actorName = "Alex Caseworker",
        Guid? organisationId = null,
        string? role = "Caseworker",
        string? clientIp = "192.0.2.1",
        string? correlationId = "corr-1",
        string action = AuditActions.Viewed,
        string entityType = "Child",
        string? entityId = "child-1",
        Guid? childId = null,
        string details = """{"field":"family_name","count":3}""") => new()
        {
            Sequence = sequence,
            OccurredAt = occurredAt ?? At,
            ActorId = actorId,
            ActorName = actorName,
            OrganisationId = organisationId ?? Guid.Parse("11111111-1111-1111-1111-111111111111"),
            Role = role,
            ClientIp = clientIp,
            CorrelationId = correlationId,
            Action = action,
            EntityType = entityType,
            EntityId = entityId,
            ChildId = childId ?? Guid.Parse("33333333-3333-3333-3333-333333333333"),
            Details = details,
        };
}
