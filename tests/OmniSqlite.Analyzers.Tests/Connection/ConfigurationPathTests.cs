using Xunit;
using Relative = OmniSqlite.Analyzers.Tests.Infrastructure.ConnectionRuleVerifier<
    OmniSqlite.Analyzers.Analyzers.RelativeDatabasePathAnalyzer>;
using Network = OmniSqlite.Analyzers.Tests.Infrastructure.ConnectionRuleVerifier<
    OmniSqlite.Analyzers.Analyzers.NetworkDatabasePathAnalyzer>;

namespace OmniSqlite.Analyzers.Tests.Connection;

/// <summary>
/// Issue 15: OSQL004 never fired on real projects because the relative path sat in appsettings.json or in an options
/// class's default. Both are read now (the package adds appsettings*.json as AdditionalFiles).
/// </summary>
public class ConfigurationPathTests
{
    private const string NoCode = "class Empty { }";

    [Fact]
    public Task A_relative_path_in_appsettings_json_is_reported_at_its_string() => Relative.VerifyWithFilesAsync(NoCode, new[]
    {
        ("/app/appsettings.json", """
            {
              // .NET configuration allows comments and trailing commas
              "ConnectionStrings": {
                "OmniSqlite": {|OSQL004:"Data Source=data/app.db"|},
                "Cache": {|OSQL004:"Filename=cache.sqlite;Mode=ReadWriteCreate"|},
                "Absolute": "Data Source=/var/lib/app/app.db",
                "Memory": "Data Source=:memory:",
              },
              "OmniSqlite": { "Profile": "Production", "Backups": { "Directory": {|OSQL004:"backups"|}, "Keep": 7 } },
              "Logging": { "LogLevel": { "Default": "Information" } }
            }
            """),
        ("/app/appsettings.Production.json", """
            { "ConnectionStrings": { "OmniSqlite": {|OSQL004:"Data Source=prod.db"|} } }
            """),
    });

    [Fact]
    public Task Other_providers_and_other_files_are_left_alone() => Relative.VerifyWithFilesAsync(NoCode, new[]
    {
        ("/app/appsettings.json", """
            {
              "ConnectionStrings": {
                "SqlServer": "Data Source=dbserver;Initial Catalog=Shop;Integrated Security=true",
                "Postgres": "Host=localhost;Database=shop;Username=app",
                "Redis": "localhost:6379",
                "Legacy": "Data Source=server01"
              },
              "Paths": { "Database": "data/app.db" },
              "Items": [ "Data Source=app.db" ]
            }
            """),
        // Not an appsettings file: its keys mean nothing to .NET configuration.
        ("/app/settings.json", """{ "ConnectionStrings": { "OmniSqlite": "Data Source=app.db" } }"""),
        // Half-typed JSON: what parses before the break is read, nothing throws.
        ("/app/appsettings.Development.json", """{ "ConnectionStrings": { "OmniSqlite": "Data Source=dev.db"""),
    });

    [Fact]
    public Task A_network_path_in_appsettings_json_is_OSQL003() => Network.VerifyWithFilesAsync(NoCode, new[]
    {
        ("/app/appsettings.json", """
            {
              "ConnectionStrings": { "OmniSqlite": {|OSQL003:"Data Source=/mnt/nfs/app/app.db"|}, "Local": "Data Source=/var/lib/app.db" },
              "OmniSqlite": { "Backups": { "Directory": {|OSQL003:"//nas/backups"|} } }
            }
            """),
    });

    [Fact]
    public Task An_options_class_default_is_reported() => Relative.VerifyAnalyzerAsync("""
        class DatabaseOptions
        {
            public string ConnectionString { get; set; } = {|OSQL004:"Data Source=app.db"|};
            public string BackupConnectionString { get; set; } = {|OSQL004:"Data Source=" + "backup.db"|};
            public string DatabasePath { get; set; } = {|OSQL004:"data/app.sqlite"|};
            // Near misses: absolute, not SQLite's, not a path name, no extension.
            public string AbsoluteConnectionString { get; set; } = "Data Source=/var/lib/app/app.db";
            public string SqlServerConnectionString { get; set; } = "Data Source=dbserver;Initial Catalog=Shop";
            public string Title { get; set; } = "app.db";
            public string LogPath { get; set; } = "logs/app.log";
        }
        """);
}
