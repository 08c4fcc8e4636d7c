using Microsoft.Data.Sqlite;
using Xunit;

namespace OmniSqlite.Tests.Profiles;

public sealed class BadInputTests
{
    [Fact]
    public void A_path_in_a_missing_folder_is_refused_and_nothing_is_created()
    {
        using var folder = new ProfileTempFolder();
        var missing = Path.Combine(folder.Path, "no-such-folder");
        var ex = Assert.Throws<SqliteProfileException>(() => SqliteProfile.Production.Open("Data Source=" + Path.Combine(missing, "app.db")));
        Assert.Contains("does not exist", ex.Message);
        Assert.Contains(missing, ex.Message);
        Assert.False(Directory.Exists(missing));
    }

    [Fact]
    public void A_file_that_is_not_a_database_is_refused_and_left_unchanged()
    {
        using var folder = new ProfileTempFolder();
        var path = folder.File("notes.db");
        var content = string.Concat(Enumerable.Repeat("these are plain text notes, not a SQLite database. ", 40));
        File.WriteAllText(path, content);
        var ex = Assert.Throws<SqliteProfileException>(() => SqliteProfile.Production.Open("Data Source=" + path));
        Assert.Contains("is not a SQLite database", ex.Message);
        Assert.Contains(path, ex.Message);
        Assert.Equal(content, File.ReadAllText(path));
        Assert.False(File.Exists(path + "-wal"));
        Assert.False(File.Exists(path + "-journal"));
    }

    [Fact]
    public void A_read_only_database_with_wal_requested_names_journal_mode_and_stays_as_it_was()
    {
        using var folder = new ProfileTempFolder();
        using (var plain = Db.OpenPlain(folder.ConnectionString()))
        {
            Db.Exec(plain, "CREATE TABLE t(id INTEGER PRIMARY KEY)");
        }
        SqliteConnection.ClearAllPools();

        var ex = Assert.Throws<SqliteProfileException>(() => SqliteProfile.Production.Open(folder.ConnectionString(extra: ";Mode=ReadOnly")));
        Assert.Equal("journal_mode", ex.Pragma);
        Assert.Equal("wal", ex.Requested);
        Assert.Contains("read-only", ex.Message);
        Assert.Contains("WithJournalMode(SqliteJournalMode.Delete)", ex.Message);

        using var check = Db.OpenPlain(folder.ConnectionString());
        Assert.Equal("delete", Db.Text(check, "PRAGMA journal_mode"));
        Assert.False(File.Exists(folder.File() + "-wal"));

        // The suggested profile works for read-only access.
        using var readOnly = SqliteProfile.Production.WithJournalMode(SqliteJournalMode.Delete).Open(folder.ConnectionString(extra: ";Mode=ReadOnly"));
        Assert.Equal(0, Db.Long(readOnly, "SELECT count(*) FROM t"));
    }

    [Fact]
    public void A_missing_file_with_a_mode_that_does_not_create_is_refused()
    {
        using var folder = new ProfileTempFolder();
        var ex = Assert.Throws<SqliteProfileException>(() => SqliteProfile.Production.Open(folder.ConnectionString(extra: ";Mode=ReadWrite")));
        Assert.Contains("Mode=ReadWrite does not create it", ex.Message);
        Assert.False(File.Exists(folder.File()));
    }

    [Fact]
    public void Unknown_pragma_values_and_names_are_refused_with_what_is_accepted()
    {
        var ex = Assert.Throws<ArgumentException>(() => SqliteProfile.Production.WithPragma("journal_mode", "wall"));
        Assert.Contains("'wall'", ex.Message);
        Assert.Contains("WAL", ex.Message);
        Assert.Contains("DELETE", ex.Message);

        ex = Assert.Throws<ArgumentException>(() => SqliteProfile.Production.WithPragma("synchronous", "sometimes"));
        Assert.Contains("NORMAL", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => SqliteProfile.Production.WithPragma("busy_timeout", "-5"));
        Assert.Contains("busy_timeout", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => SqliteProfile.Production.WithPragma("foreign_keys", "maybe"));
        Assert.Contains("ON or OFF", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => SqliteProfile.Production.WithPragma("jornal_mode", "wal"));
        Assert.Contains("Unknown PRAGMA 'jornal_mode'", ex.Message);
        Assert.Contains("journal_mode", ex.Message);

        Assert.Throws<ArgumentOutOfRangeException>(() => SqliteProfile.Production.WithJournalMode((SqliteJournalMode)42));
        Assert.Throws<ArgumentOutOfRangeException>(() => SqliteProfile.Production.WithSynchronous((SqliteSynchronous)9));
        Assert.Throws<ArgumentOutOfRangeException>(() => SqliteProfile.Production.WithBusyTimeout(TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => SqliteProfile.Production.WithMmapSize(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => SqliteProfile.Production.WithJournalSizeLimit(-2));
        // The original is untouched.
        Assert.Equal(SqliteJournalMode.Wal, SqliteProfile.Production.JournalMode);
    }

    [Fact]
    public void An_invalid_connection_string_is_refused()
    {
        var ex = Assert.Throws<ArgumentException>(() => SqliteProfile.Production.Open("Data Source=x.db;Bogus Keyword=1"));
        Assert.Contains("connection string", ex.Message);
    }

    [Fact]
    public void ApplyProfile_on_a_closed_connection_says_to_open_it()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        var ex = Assert.Throws<InvalidOperationException>(() => connection.ApplyProfile(SqliteProfile.Production));
        Assert.Contains("open connection", ex.Message);
    }

    [Fact]
    public void ApplyProfile_inside_a_transaction_is_refused_before_anything_changes()
    {
        using var connection = Db.OpenPlain("Data Source=:memory:");
        Db.Exec(connection, "PRAGMA foreign_keys=0");
        using var transaction = connection.BeginTransaction();
        var ex = Assert.Throws<InvalidOperationException>(() => connection.ApplyProfile(SqliteProfile.Production));
        Assert.Contains("BeginTransaction", ex.Message);
        transaction.Rollback();
        Assert.Equal(0, Db.Long(connection, "PRAGMA foreign_keys"));
    }
}
