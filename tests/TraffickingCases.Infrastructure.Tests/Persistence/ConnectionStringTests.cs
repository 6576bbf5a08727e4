using Microsoft.Extensions.Configuration;
using Npgsql;
using TraffickingCases.Infrastructure.Persistence;

namespace TraffickingCases.Infrastructure.Tests.Persistence;

public sealed class ConnectionStringTests
{
    private const string Plain = "Host=db.internal;Port=5432;Database=cases;Username=tc_web;Password=secret";

    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.ToDictionary(v => v.Key, v => (string?)v.Value)).Build();

    private static NpgsqlConnectionStringBuilder Read(string connectionString) => new(connectionString);

    [Fact]
    public void Statements_are_prepared_automatically_unless_told_otherwise()
    {
        var result = Database.ConnectionString(Settings(("ConnectionStrings:Cases", Plain)));

        Assert.Equal(Database.DefaultMaxAutoPrepare, Read(result).MaxAutoPrepare);
        Assert.True(Read(result).NoResetOnClose);
        Assert.Equal("db.internal", Read(result).Host);
        Assert.Equal("secret", Read(result).Password);
    }

    [Fact]
    public void The_setting_chooses_how_many_and_zero_turns_it_off()
    {
        Assert.Equal(20, Read(Database.ConnectionString(Settings(("ConnectionStrings:Cases", Plain), ("Database:MaxAutoPrepare", "20")))).MaxAutoPrepare);
        Assert.Equal(0, Read(Database.ConnectionString(Settings(("ConnectionStrings:Cases", Plain), ("Database:MaxAutoPrepare", "0")))).MaxAutoPrepare);
    }

    [Fact]
    public void A_connection_string_that_says_max_auto_prepare_keeps_what_it_says()
    {
        // Behind PgBouncer 1.18 in transaction mode the pooled connection string turns preparation off itself.
        var pooled = Plain + ";No Reset On Close=true;Max Auto Prepare=0";

        var result = Database.ConnectionString(Settings(("ConnectionStrings:Cases", pooled), ("Database:MaxAutoPrepare", "50")));

        Assert.Equal(0, Read(result).MaxAutoPrepare);
        Assert.True(Read(result).NoResetOnClose);
    }

    [Fact]
    public void The_read_only_connection_gets_the_same_setting_and_falls_back_to_the_primary()
    {
        var settings = Settings(("ConnectionStrings:Cases", Plain), ("ConnectionStrings:CasesReadOnly", "Host=standby;Database=cases;Username=tc_web"));
        var primary = Database.ConnectionString(settings);

        Assert.Equal(Database.DefaultMaxAutoPrepare, Read(Database.ReadOnlyConnectionString(settings, primary)).MaxAutoPrepare);
        Assert.Equal("standby", Read(Database.ReadOnlyConnectionString(settings, primary)).Host);
        Assert.Equal(primary, Database.ReadOnlyConnectionString(Settings(("ConnectionStrings:Cases", Plain)), primary));
    }

    [Fact]
    public void A_connection_string_that_asks_for_the_reset_keeps_it()
    {
        var result = Database.ConnectionString(Settings(("ConnectionStrings:Cases", Plain + ";No Reset On Close=false")));

        Assert.False(Read(result).NoResetOnClose);
        Assert.Equal(Database.DefaultMaxAutoPrepare, Read(result).MaxAutoPrepare);
    }

    [Fact]
    public void A_negative_setting_is_refused_at_start()
    {
        var failure = Assert.Throws<InvalidOperationException>(() =>
            Database.ConnectionString(Settings(("ConnectionStrings:Cases", Plain), ("Database:MaxAutoPrepare", "-1"))));

        Assert.Contains("Database:MaxAutoPrepare", failure.Message, StringComparison.Ordinal);
    }
}
