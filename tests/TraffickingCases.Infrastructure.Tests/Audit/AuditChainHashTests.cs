using TraffickingCases.Infrastructure.Audit;

namespace TraffickingCases.Infrastructure.Tests.Audit;

public sealed class AuditChainHashTests
{
    private static readonly DateTimeOffset At = new(2024, 3, 2, 14, 30, 15, 123, 456, TimeSpan.Zero);

    public static TheoryData<string> HashedFields =>
    [
        nameof(AuditEntry.Sequence), nameof(AuditEntry.OccurredAt), nameof(AuditEntry.ActorId), nameof(AuditEntry.ActorName),
        nameof(AuditEntry.OrganisationId), nameof(AuditEntry.Role), nameof(AuditEntry.ClientIp), nameof(AuditEntry.CorrelationId),
        nameof(AuditEntry.Action), nameof(AuditEntry.EntityType), nameof(AuditEntry.EntityId), nameof(AuditEntry.ChildId),
        nameof(AuditEntry.Details), nameof(AuditEntry.PreviousHash),
    ];

    [Fact]
    public void The_same_entry_always_has_the_same_hash()
    {
        var hash = AuditChain.Hash(Entry());

        Assert.Equal(hash, AuditChain.Hash(Entry()));
        Assert.Matches("^[0-9a-f]{64}$", hash);
    }

    [Fact]
    public void The_hash_is_the_one_stored_chains_were_built_with()
    {
        // Entries already in a database were hashed this way; a change to the serialisation would break every chain.
        // This is SHA-256 of the UTF-8 bytes of
        // [42,"2024-03-02T14:30:15.123456Z","user-1","Alex Caseworker","11111111-1111-1111-1111-111111111111","Caseworker",
        //  "192.0.2.1","corr-1","viewed","Child","child-1","33333333-3333-3333-3333-333333333333",
        //  {"count":3,"field":"family_name"},"0000000000000000000000000000000000000000000000000000000000000000"]
        // without the line breaks and spaces, computed independently of this code.
        Assert.Equal("a43b8d0fda56963d72e83c2eb2f3ba6cf36233108588367689efaac5559f0e1f", AuditChain.Hash(Entry()));
    }

    [Theory]
    [MemberData(nameof(HashedFields))]
    public void Changing_any_hashed_field_changes_the_hash(string field)
    {
        var changed = field switch
        {
            nameof(AuditEntry.Sequence) => Entry(sequence: 43),
            nameof(AuditEntry.OccurredAt) => Entry(occurredAt: At.AddTicks(10)),
            nameof(AuditEntry.ActorId) => Entry(actorId: "user-2"),
            nameof(AuditEntry.ActorName) => Entry(actorName: "Sam Other"),
            nameof(AuditEntry.OrganisationId) => Entry(organisationId: Guid.Parse("22222222-2222-2222-2222-222222222222")),
            nameof(AuditEntry.Role) => Entry(role: "Manager"),
            nameof(AuditEntry.ClientIp) => Entry(clientIp: "192.0.2.2"),
            nameof(AuditEntry.CorrelationId) => Entry(correlationId: "corr-2"),
            nameof(AuditEntry.Action) => Entry(action: AuditActions.Updated),
            nameof(AuditEntry.EntityType) => Entry(entityType: "Referral"),
            nameof(AuditEntry.EntityId) => Entry(entityId: "child-2"),
            nameof(AuditEntry.ChildId) => Entry(childId: Guid.Parse("44444444-4444-4444-4444-444444444444")),
            nameof(AuditEntry.Details) => Entry(details: """{"field":"family_name","count":4}"""),
            nameof(AuditEntry.PreviousHash) => Entry(previousHash: new string('1', 64)),
            _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
        };

        Assert.NotEqual(AuditChain.Hash(Entry()), AuditChain.Hash(changed));
    }

    [Fact]
    public void A_missing_value_and_an_empty_value_hash_differently()
    {
        Assert.NotEqual(AuditChain.Hash(Entry(actorId: null)), AuditChain.Hash(Entry(actorId: string.Empty)));
    }

    [Fact]
    public void The_stored_hash_itself_is_not_part_of_the_hash()
    {
        var entry = Entry();
        var withHash = new AuditEntry
        {
            Sequence = entry.Sequence, OccurredAt = entry.OccurredAt, ActorId = entry.ActorId, ActorName = entry.ActorName,
            OrganisationId = entry.OrganisationId, Role = entry.Role, ClientIp = entry.ClientIp, CorrelationId = entry.CorrelationId,
            Action = entry.Action, EntityType = entry.EntityType, EntityId = entry.EntityId, ChildId = entry.ChildId,
            Details = entry.Details, PreviousHash = entry.PreviousHash, Hash = "anything",
        };

        Assert.Equal(AuditChain.Hash(entry), AuditChain.Hash(withHash));
    }

    [Fact]
    public void Details_hash_the_same_whatever_the_order_and_spacing_of_their_keys()
    {
        // jsonb gives keys back in its own order, so what is read back must hash as what was written.
        var written = Entry(details: """{"field":"family_name","count":3,"changes":{"b":2,"a":[1,"x",null,true,false]}}""");
        var readBack = Entry(details: """{ "changes": { "a": [1, "x", null, true, false], "b": 2 }, "count": 3, "field": "family_name" }""");

        Assert.Equal(AuditChain.Hash(written), AuditChain.Hash(readBack));
    }

    [Fact]
    public void A_time_hashes_as_PostgreSQL_stores_it_to_the_microsecond_in_any_offset()
    {
        var stored = Entry(occurredAt: At);
        var withTicksBelowAMicrosecond = Entry(occurredAt: At.AddTicks(9));
        var sameInstantInLondonSummerTime = Entry(occurredAt: At.ToOffset(TimeSpan.FromHours(1)));

        Assert.Equal(AuditChain.Hash(stored), AuditChain.Hash(withTicksBelowAMicrosecond));
        Assert.Equal(AuditChain.Hash(stored), AuditChain.Hash(sameInstantInLondonSummerTime));
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
        string details = """{"field":"family_name","count":3}""",
        string? previousHash = null) => new()
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
            PreviousHash = previousHash ?? AuditChain.Genesis,
        };
}
