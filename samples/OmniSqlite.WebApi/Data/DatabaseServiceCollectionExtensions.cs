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

    /// <summary>
    /// Scheduled, verified gzip backups of the database (OmniSqlite.Hosting) when <c>Backups:Enabled</c> is true.
    /// Read while the app is being built, so the paths follow the same rules as the database's.
    /// </summary>
    public static IServiceCollection AddDatabaseBackups(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var settings = configuration.GetSection(BackupSettings.Section).Get<BackupSettings>() ?? new BackupSettings();
        var directory = configuration[BackupSettings.DirectoryVariable];
        if (!string.IsNullOrWhiteSpace(directory)) settings.Directory = directory;
        if (!settings.Enabled) return services;
        if (string.IsNullOrWhiteSpace(settings.Directory))
            throw new InvalidOperationException(
                $"Backups:Enabled is true but no backup directory is set: set {BackupSettings.DirectoryVariable} (or Backups:Directory) to a folder on another volume than the database.");

        var database = Database.ResolvePath(DatabaseOptions.ReadPath(configuration), environment);
        var backupDirectory = Database.ResolvePath(settings.Directory, environment, what: "backup directory", variable: BackupSettings.DirectoryVariable);
        services.AddOmniSqliteBackups(o =>
        {
            o.Database = database;
            o.Schedule = settings.Schedule;
            o.RunOnStart = settings.RunOnStart;
            o.Backup.Directory = backupDirectory;
            o.Backup.Keep = settings.Keep;
        });
        return services;
    }
}
