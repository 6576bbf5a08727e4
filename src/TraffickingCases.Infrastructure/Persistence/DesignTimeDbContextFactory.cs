using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace TraffickingCases.Infrastructure.Persistence;

/// <summary>Lets `dotnet ef` build the model for migrations without starting the web app.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<CasesDbContext>
{
    public CasesDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<CasesDbContext>();
        Database.Configure(options, "Host=127.0.0.1;Database=design_time;Username=tc;Password=tc", retryOnFailure: false);
        options.UseApplicationServiceProvider(TraffickingCases.Infrastructure.Identity.IdentitySettings.ModelServices);
        return new CasesDbContext(options.Options);
    }
}
