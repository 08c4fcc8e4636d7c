namespace OmniSqlite.WebApi.Data;

public static class DatabaseServiceCollectionExtensions
{
    /// <summary>Binds the Database section (OMNISQLITE_DB wins for the path) and registers <see cref="Database"/> and its health check.</summary>
    public static IServiceCollection AddDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseOptions>()
            .Bind(configuration.GetSection(DatabaseOptions.Section))
            .PostConfigure(options => options.Path = DatabaseOptions.ReadPath(configuration));
        services.AddSingleton<Database>();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("sqlite");
        return services;
    }

    /// <summary>Scheduled backups of the database file (see <see cref="BackupSettings"/>).</summary>
    public static IServiceCollection AddDatabaseBackups(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(BackupSettings.Section).Get<BackupSettings>() ?? new BackupSettings();
        var directory = configuration[BackupSettings.DirectoryVariable];
        if (!string.IsNullOrWhiteSpace(directory)) settings.Directory = directory;
        services.AddSingleton(settings);
        // INTERIM until OmniSqlite.Hosting lands on main: services.AddOmniSqliteBackups(o => ...).
        return services;
    }
}
