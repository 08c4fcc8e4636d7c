using Xunit;

namespace OmniSqlite.Tests.Profiles;

public sealed class DatabaseInfoTests
{
    [Fact]
    public void Figures_match_what_sqlite_and_the_filesystem_report()
    {
        using var folder = new ProfileTempFolder();
        using var connection = SqliteProfile.Production.Open(folder.ConnectionString());
        Db.Exec(connection,
            "CREATE TABLE clients(id INTEGER PRIMARY KEY, email TEXT UNIQUE, name TEXT);" +
            "CREATE TABLE orders(id INTEGER PRIMARY KEY AUTOINCREMENT, client_id INTEGER REFERENCES clients(id), total REAL);" +
            "CREATE INDEX idx_orders_client_id ON orders(client_id);" +
            "CREATE VIEW big_orders AS SELECT * FROM orders WHERE total > 100;");
        for (var i = 0; i < 200; i++) Db.Exec(connection, $"INSERT INTO clients(email, name) VALUES ('c{i}@example.com', '{new string('x', 200)}')");

        var info = connection.GetDatabaseInfo();

        Assert.Equal(folder.File(), info.DataSource);
        Assert.Equal(Db.Text(connection, "SELECT sqlite_version()"), info.SqliteVersion);
        Assert.Equal("wal", info.JournalMode);
        Assert.Equal(SqliteSynchronous.Normal, info.Synchronous);
        Assert.Equal(-64000, info.CacheSize);
        Assert.Equal(SqliteAutoVacuum.Incremental, info.AutoVacuum);
        Assert.Equal(Db.Long(connection, "PRAGMA page_size"), info.PageSize);
        Assert.Equal(Db.Long(connection, "PRAGMA page_count"), info.PageCount);
        Assert.Equal(Db.Long(connection, "PRAGMA freelist_count"), info.FreelistCount);
        Assert.Equal(2, info.TableCount); // clients, orders; not sqlite_sequence, not the view
        Assert.Equal(2, info.IndexCount); // idx_orders_client_id and the UNIQUE constraint's sqlite_autoindex_clients_1
        Assert.Equal(new FileInfo(folder.File()).Length, info.DatabaseFileSize);
        Assert.Equal(new FileInfo(folder.File() + "-wal").Length, info.WalFileSize);
        Assert.Equal(new FileInfo(folder.File() + "-shm").Length, info.ShmFileSize);
        Assert.True(info.WalFileSize > 0);
        Assert.Equal(info.PageSize * info.PageCount, info.DatabaseSize);

        var text = info.ToString();
        Assert.Contains("journal_mode=wal", text);
        Assert.Contains("synchronous=NORMAL", text);
        Assert.Contains("2 tables, 2 indexes", text);
        Assert.Contains("-wal", text);
    }

    [Fact]
    public void A_rollback_journal_database_has_no_wal_or_shm_file()
    {
        using var folder = new ProfileTempFolder();
        using var connection = SqliteProfile.Default.Open(folder.ConnectionString());
        Db.Exec(connection, "CREATE TABLE t(id INTEGER PRIMARY KEY)");
        var info = connection.GetDatabaseInfo();
        Assert.Equal("delete", info.JournalMode);
        Assert.Null(info.WalFileSize);
        Assert.Null(info.ShmFileSize);
        Assert.Equal(SqliteSynchronous.Full, info.Synchronous);
        Assert.Equal(1, info.TableCount);
        Assert.Equal(0, info.IndexCount);
        Assert.Contains("-wal none", info.ToString());
    }

    [Fact]
    public async Task In_memory_database_has_no_file_sizes()
    {
        using var connection = Db.OpenPlain("Data Source=:memory:;Pooling=False");
        var info = await connection.GetDatabaseInfoAsync();
        Assert.True(info.IsInMemory);
        Assert.Null(info.DatabaseFileSize);
        Assert.Equal("memory", info.JournalMode);
        Assert.Contains("(in-memory)", info.ToString());
    }
}
