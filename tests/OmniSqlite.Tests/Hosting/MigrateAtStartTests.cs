using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OmniSqlite.Schema;
using OmniSqlite.Tests.Profiles;

namespace OmniSqlite.Tests.Hosting;

/// <summary>o.Migrate(OmniSqliteSchema.Tables): the host's start-up step runs the real Migrate on the profiled connection.</summary>
public sealed class MigrateAtStartTests
{
    private static async Task StartAsync(string connectionString, Action<OmniSqlite.Hosting.OmniSqliteOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOmniSqlite(o => { o.ConnectionString = connectionString; configure(o); });
        await using var provider = services.BuildServiceProvider();
        foreach (var hosted in provider.GetServices<IHostedService>()) await hosted.StartAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Migrate_at_start_renames_and_rebuilds_and_a_refusal_stops_the_start()
    {
        using var folder = new ProfileTempFolder();
        using (var c = SqliteProfile.Production.Open(folder.ConnectionString()))
            Db.Exec(c, "CREATE TABLE notes (id INTEGER PRIMARY KEY, title TEXT NOT NULL, owner INTEGER NOT NULL); INSERT INTO notes (id, title, owner) VALUES (1, 'a', 7), (2, 'b', 8)");

        var v2 = new[]
        {
            new TableDefinition("notes", "CREATE TABLE IF NOT EXISTS \"notes\" (\"id\" INTEGER PRIMARY KEY, \"subject\" TEXT NOT NULL, \"owner\" TEXT NOT NULL)",
                new[]
                {
                    new ColumnDefinition("id", "INTEGER", true, true, null, null, null),
                    new ColumnDefinition("subject", "TEXT", true, false, null, new[] { "title" }, "ALTER TABLE \"notes\" ADD COLUMN \"subject\" TEXT NOT NULL DEFAULT ''"),
                    new ColumnDefinition("owner", "TEXT", true, false, null, null, "ALTER TABLE \"notes\" ADD COLUMN \"owner\" TEXT NOT NULL DEFAULT ''"),
                },
                Array.Empty<IndexDefinition>()),
        };

        // EnsureCreated at start refuses the retype: the host does not start, the database is untouched.
        await Assert.ThrowsAsync<SchemaMigrationException>(() => StartAsync(folder.ConnectionString(), o => o.EnsureCreated(v2)));
        await StartAsync(folder.ConnectionString(), o => o.Migrate(v2));

        using var check = SqliteProfile.Production.Open(folder.ConnectionString());
        using var command = check.CreateCommand();
        command.CommandText = "SELECT group_concat(id || ':' || subject || ':' || owner || ':' || typeof(owner), ',') FROM notes";
        Assert.Equal("1:a:7:text,2:b:8:text", command.ExecuteScalar());
        command.CommandText = "PRAGMA foreign_keys";
        Assert.Equal(1L, command.ExecuteScalar()); // the profile's setting, back on the pooled connection after the rebuild
        Assert.True(SchemaMigrator.Plan(check, v2).IsUpToDate);
    }
}
