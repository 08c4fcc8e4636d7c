using Microsoft.Data.Sqlite;
using OmniSqlite.Tests.Generated;
using OmniSqlite.Tests.Profiles;

namespace OmniSqlite.Tests.Connections;

/// <summary>BeginWriteScope: a write transaction on the native handle, with BeginWriteTransaction's bounded wait.</summary>
public sealed class WriteScopeTests
{
    [Fact]
    public void Work_inside_a_scope_is_seen_by_others_only_after_the_commit()
    {
        using var folder = new ProfileTempFolder();
        using var writer = SqliteProfile.Production.Open(folder.ConnectionString());
        OmniSqliteSchema.EnsureCreated(writer);
        using var reader = SqliteProfile.Production.Open(folder.ConnectionString());
        var teams = new TeamRepository(writer);

        using (var scope = writer.BeginWriteScope())
        {
            Assert.Equal(0, SQLitePCL.raw.sqlite3_get_autocommit(writer.Handle)); // in a transaction, the write lock taken
            var team = new Team { Name = "generated" };
            teams.Insert(team);                                   // a generated repository with no transaction given
            Db.Exec(writer, "INSERT INTO fk_teams (name) VALUES ('ado.net')"); // an ADO.NET command with none set
            Assert.Equal(0, Db.Long(reader, "SELECT count(*) FROM fk_teams"));
            scope.Commit();
            Assert.Throws<InvalidOperationException>(() => scope.Commit());
        }

        Assert.Equal(1, SQLitePCL.raw.sqlite3_get_autocommit(writer.Handle));
        Assert.Equal(2, Db.Long(reader, "SELECT count(*) FROM fk_teams"));
    }

    [Fact]
    public async Task A_scope_disposed_without_a_commit_rolls_back_and_so_does_Rollback()
    {
        using var folder = new ProfileTempFolder();
        using var connection = SqliteProfile.Production.Open(folder.ConnectionString());
        Db.Exec(connection, "CREATE TABLE t(x)");

        using (connection.BeginWriteScope())
        {
            Db.Exec(connection, "INSERT INTO t VALUES (1)");
        }
        using (var scope = await connection.BeginWriteScopeAsync())
        {
            Db.Exec(connection, "INSERT INTO t VALUES (2)");
            scope.Rollback();
        }

        Assert.Equal(0, Db.Long(connection, "SELECT count(*) FROM t"));
        Assert.Equal(1, SQLitePCL.raw.sqlite3_get_autocommit(connection.Handle));
        using (var scope = connection.BeginWriteScope())
        {
            Db.Exec(connection, "INSERT INTO t VALUES (3)");
            scope.Commit();
        }
        Assert.Equal(3, Db.Long(connection, "SELECT sum(x) FROM t"));
    }

    [Fact]
    public void A_held_write_lock_ends_the_wait_at_the_ceiling_and_leaves_the_connection_as_it_was()
    {
        using var folder = new ProfileTempFolder();
        using var holder = SqliteProfile.Production.Open(folder.ConnectionString());
        Db.Exec(holder, "CREATE TABLE t(x)");
        using var held = holder.BeginWriteScope();

        using var waiter = SqliteProfile.Production.Open(folder.ConnectionString());
        var defaultTimeout = waiter.DefaultTimeout;
        var ex = Assert.Throws<SqliteWriteTimeoutException>(() => waiter.BeginWriteScope(TimeSpan.FromMilliseconds(150)));
        Assert.Equal(5, ex.SqliteErrorCode);
        Assert.True(ex.Attempts > 1, ex.Message);
        Assert.Equal(1, SQLitePCL.raw.sqlite3_get_autocommit(waiter.Handle));
        Assert.Equal(5000, Db.Long(waiter, "PRAGMA busy_timeout"));
        Assert.Equal(defaultTimeout, waiter.DefaultTimeout);

        held.Commit();
        Assert.Equal(1, SQLitePCL.raw.sqlite3_get_autocommit(holder.Handle));
        using var scope = waiter.BeginWriteScope(TimeSpan.FromMilliseconds(150)); // the lock is free again
        scope.Commit();
    }

    [Fact]
    public void A_connection_already_in_a_transaction_or_closed_is_refused_with_what_to_do()
    {
        using var folder = new ProfileTempFolder();
        using var connection = SqliteProfile.Production.Open(folder.ConnectionString());
        using (connection.BeginTransaction())
        {
            var ex = Assert.Throws<InvalidOperationException>(() => connection.BeginWriteScope());
            Assert.Contains("already in a transaction", ex.Message);
            Assert.Contains(folder.File(), ex.Message);
        }
        using (var scope = connection.BeginWriteScope())
        {
            Assert.Throws<InvalidOperationException>(() => connection.BeginWriteScope());
            scope.Commit();
        }

        using var closed = new SqliteConnection(folder.ConnectionString());
        var closedError = Assert.Throws<InvalidOperationException>(() => closed.BeginWriteScope());
        Assert.Contains("open connection", closedError.Message);
    }
}
