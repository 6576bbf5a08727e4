using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using TraffickingCases.Infrastructure.Demo;
using TraffickingCases.Infrastructure.Identity;
using TraffickingCases.Infrastructure.Import;
using TraffickingCases.Infrastructure.Persistence;

namespace TraffickingCases.Infrastructure;

public static class ServiceCollectionExtensions
{
    /// <summary>The case store and the services over it that every host shares.</summary>
    public static IServiceCollection AddCaseStore(this IServiceCollection services, string connectionString)
    {
        services.AddDbContext<CasesDbContext>(options => Database.Configure(options, connectionString, retryOnFailure: false));
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<CaseImporter>();
        services.AddScoped<DemoSeeder>();
        return services;
    }

    /// <summary>Identity without cookies, for hosts that manage users but sign nobody in (the CLI).</summary>
    public static IServiceCollection AddUserStore(this IServiceCollection services)
    {
        services.AddIdentityCore<AppUser>(IdentitySettings.Apply)
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<CasesDbContext>();
        return services;
    }
}
