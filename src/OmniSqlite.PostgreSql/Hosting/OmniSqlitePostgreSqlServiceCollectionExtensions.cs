using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Linq;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using OmniSqlite.PostgreSql.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The PostgreSQL side of the DI switch: <c>services.AddOmniSqlitePostgreSql(configuration, o => o.EnsureCreated(OmniSqliteSchema.PostgreSqlTables))</c>.</summary>
public static class OmniSqlitePostgreSqlServiceCollectionExtensions
{
    /// <summary>
    /// Registers, as Npgsql's own <c>AddNpgsqlDataSource</c> does, one <see cref="NpgsqlDataSource"/> (singleton, also as
    /// <see cref="DbDataSource"/>; logging through the host's <see cref="ILoggerFactory"/>), and a scoped, open
    /// <see cref="NpgsqlConnection"/> (opened on first use in a scope, disposed with the scope, so the generated
    /// <c>CampaignPostgreSqlRepository</c> and friends of one request share it and its transaction); plus a start-up step that
    /// opens one connection and runs <see cref="OmniSqlitePostgreSqlOptions.InitializeSchema"/>. The options are validated when the host starts.
    /// </summary>
    public static IServiceCollection AddOmniSqlitePostgreSql(this IServiceCollection services, Action<OmniSqlitePostgreSqlOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        AddCore(services).Configure(configure);
        return services;
    }

    /// <summary>
    /// Like <see cref="AddOmniSqlitePostgreSql(IServiceCollection, Action{OmniSqlitePostgreSqlOptions})"/>, reading the connection string
    /// from <c>ConnectionStrings:PostgreSql</c>; <paramref name="configure"/> runs after.
    /// </summary>
    public static IServiceCollection AddOmniSqlitePostgreSql(this IServiceCollection services, IConfiguration configuration, Action<OmniSqlitePostgreSqlOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = AddCore(services).Configure(o =>
        {
            if (configuration.GetConnectionString(OmniSqlitePostgreSqlOptions.ConnectionStringName) is { Length: > 0 } connectionString) o.ConnectionString = connectionString;
        });
        if (configure is not null) builder.Configure(configure);
        return services;
    }

    /// <summary>
    /// Adds the PostgreSQL health check (needs <c>AddOmniSqlitePostgreSql</c>): a pooled connection opens and answers <c>SELECT 1</c>;
    /// the host, port, database and server version are the result's data.
    /// </summary>
    public static IHealthChecksBuilder AddOmniSqlitePostgreSql(this IHealthChecksBuilder builder, string name = "postgresql",
        HealthStatus? failureStatus = null, IEnumerable<string>? tags = null, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new HealthCheckRegistration(name,
            services => new PostgreSqlHealthCheck(services.GetRequiredService<NpgsqlDataSource>()), failureStatus, tags, timeout));
    }

    private static OptionsBuilder<OmniSqlitePostgreSqlOptions> AddCore(IServiceCollection services)
    {
        var options = services.AddOptions<OmniSqlitePostgreSqlOptions>();
        if (services.Any(d => d.ServiceType == typeof(NpgsqlDataSource))) return options;

        options.ValidateOnStart();
        services.AddSingleton<IValidateOptions<OmniSqlitePostgreSqlOptions>, ValidateOmniSqlitePostgreSqlOptions>();
        services.TryAddSingleton(CreateDataSource);
        services.TryAddSingleton<DbDataSource>(provider => provider.GetRequiredService<NpgsqlDataSource>());
        services.TryAddScoped(provider => provider.GetRequiredService<NpgsqlDataSource>().OpenConnection());
        services.AddHostedService<OmniSqlitePostgreSqlStartup>();
        return options;
    }

    private static NpgsqlDataSource CreateDataSource(IServiceProvider provider)
    {
        var options = provider.GetRequiredService<IOptions<OmniSqlitePostgreSqlOptions>>().Value;
        var builder = new NpgsqlDataSourceBuilder(options.ConnectionString);
        if (provider.GetService<ILoggerFactory>() is { } logging) builder.UseLoggerFactory(logging);
        return builder.Build(); // disposed with the container: its pooled connections close
    }
}
