using Microsoft.EntityFrameworkCore;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Http;

[Collection(HttpCollection.Name)]
public sealed class MigrationTests(AppFixture fixture)
{
    [Fact]
    public async Task The_model_has_no_changes_missing_from_the_committed_migrations()
    {
        await using var db = fixture.Database.CreateContext();

        Assert.False(db.Database.HasPendingModelChanges(), "The EF model differs from the migrations: add a migration with dotnet ef migrations add.");
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }
}
