using Microsoft.Data.Sqlite;
using Xunit;

namespace OmniSqlite.Tests.Profiles;

public sealed class MaintenanceTests
{
    private static SqliteConnection FilledProductionDatabase(ProfileTempFolder folder, int rows = 2000)
    {
        var connection = SqliteProfile.Production.Open(folder.ConnectionString());
        Db.Exec(connection, "CREATE TABLE t(id INTEGER PRIMARY KEY, k INTEGER, payload TEXT); CREATE INDEX idx_t_k ON t(k);");
        using var transaction = connection.BeginWriteTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO t(k, payload) VALUES ($k, $p)";
        var k = insert.Parameters.Add("$k", SqliteType.Integer);
        var p = insert.Parameters.Add("$p", SqliteType.Text);
        for (var i = 0; i < rows; i++)
        {
            k.Value = i % 50;
            p.Value = new string('p', 300);
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
        return connection;
    }

    [Fact]
    public void IncrementalVacuum_returns_free_pages_and_reports_how_many()
    {
        using var folder = new ProfileTempFolder();
        using var connection = FilledProductionDatabase(folder);
        Db.Exec(connection, "DELETE FROM t WHERE id <= 1500");
        var free = Db.Long(connection, "PRAGMA freelist_count");
        Assert.True(free > 20, "free pages: " + free);

        var freed = connection.IncrementalVacuum(10);
        Assert.Equal(10, freed);
        Assert.Equal(free - 10, Db.Long(connection, "PRAGMA freelist_count"));

        freed = connection.IncrementalVacuum();
        Assert.Equal(free - 10, freed);
        Assert.Equal(0, Db.Long(connection, "PRAGMA freelist_count"));
    }

    [Fact]
    public void IncrementalVacuum_on_a_database_without_incremental_auto_vacuum_says_how_to_convert()
    {
        using var folder = new ProfileTempFolder();
        using var connection = SqliteProfile.Default.Open(folder.ConnectionString());
        Db.Exec(connection, "CREATE TABLE t(id INTEGER PRIMARY KEY)");
        var ex = Assert.Throws<InvalidOperationException>(() => connection.IncrementalVacuum());
        Assert.Contains("auto_vacuum=NONE", ex.Message);
        Assert.Contains("PRAGMA auto_vacuum=INCREMENTAL; VACUUM;", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => connection.IncrementalVacuum(-1));
    }

    [Fact]
    public async Task Checkpoint_reports_the_wal_frames_and_truncate_empties_the_wal()
    {
        using var folder = new ProfileTempFolder();
        using var connection = FilledProductionDatabase(folder, rows: 300);
        Assert.True(new FileInfo(folder.File() + "-wal").Length > 0);

        var passive = connection.Checkpoint();
        Assert.True(passive.IsWal);
        Assert.Equal(SqliteCheckpointMode.Passive, passive.Mode);
        Assert.True(passive.WalPages > 0);
        Assert.True(passive.IsComplete, passive.ToString());

        var truncate = await connection.CheckpointAsync(SqliteCheckpointMode.Truncate);
        Assert.False(truncate.Busy);
        Assert.Equal(0, truncate.WalPages);
        Assert.Equal(0, new FileInfo(folder.File() + "-wal").Length);
    }

    [Fact]
    public void Checkpoint_on_a_rollback_journal_database_says_it_is_not_wal()
    {
        using var folder = new ProfileTempFolder();
        using var connection = SqliteProfile.Default.Open(folder.ConnectionString());
        var result = connection.Checkpoint(SqliteCheckpointMode.Full);
        Assert.False(result.IsWal);
        Assert.Equal(-1, result.WalPages);
        Assert.Contains("not in WAL mode", result.ToString());
    }

    [Fact]
    public async Task Integrity_and_quick_check_are_ok_on_a_sound_database()
    {
        using var folder = new ProfileTempFolder();
        using var connection = FilledProductionDatabase(folder, rows: 100);
        var full = connection.IntegrityCheck();
        Assert.True(full.IsOk, full.ToString());
        Assert.False(full.IsQuick);
        var quick = await connection.QuickCheckAsync();
        Assert.True(quick.IsOk);
        Assert.True(quick.IsQuick);
        Assert.Equal("quick_check: ok", quick.ToString());
    }

    [Fact]
    public void IntegrityCheck_returns_the_problems_of_an_index_that_no_longer_matches_its_table()
    {
        using var folder = new ProfileTempFolder();
        using (var connection = FilledProductionDatabase(folder, rows: 100))
        {
            // Rewrite the index definition behind SQLite's back: its stored entries are for column k, the schema now says payload.
            Db.Exec(connection, "PRAGMA writable_schema=ON; UPDATE sqlite_schema SET sql = 'CREATE INDEX idx_t_k ON t(payload)' WHERE name = 'idx_t_k'; PRAGMA writable_schema=OFF;");
        }
        SqliteConnection.ClearAllPools();
        using var reopened = SqliteProfile.Production.Open(folder.ConnectionString());

        var result = reopened.IntegrityCheck(maxProblems: 5);
        Assert.False(result.IsOk);
        Assert.InRange(result.Problems.Count, 1, 5);
        Assert.Contains(result.Problems, p => p.Contains("idx_t_k"));
        Assert.Contains("problem(s)", result.ToString());
    }

    [Fact]
    public void Analyze_and_Optimize_refresh_statistics_and_restore_the_analysis_limit()
    {
        using var folder = new ProfileTempFolder();
        using var connection = FilledProductionDatabase(folder, rows: 500);
        Db.Exec(connection, "PRAGMA analysis_limit=77");

        connection.Optimize();
        Assert.Equal(77, Db.Long(connection, "PRAGMA analysis_limit"));

        connection.Analyze("t");
        Assert.True(Db.Long(connection, "SELECT count(*) FROM sqlite_stat1 WHERE tbl = 't'") > 0);
        Db.Exec(connection, "DELETE FROM sqlite_stat1");
        connection.Analyze();
        Assert.True(Db.Long(connection, "SELECT count(*) FROM sqlite_stat1") > 0);

        var ex = Assert.Throws<ArgumentException>(() => connection.Analyze("no_such_table"));
        Assert.Contains("no_such_table", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => connection.Optimize(-1));
    }
}
