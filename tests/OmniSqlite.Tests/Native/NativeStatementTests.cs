using Microsoft.Data.Sqlite;
using OmniSqlite.Native;
using OmniSqlite.Tests.Generated;
using SQLitePCL;

namespace OmniSqlite.Tests.Native;

/// <summary>
/// The native path's guarantees against real files: the statement cache lives with the pooled native connection and
/// leaks nothing, a cancelled query is interrupted, SQLITE_BUSY and constraint errors surface exactly as on the ADO.NET
/// path, and ADO.NET commands and readers on the same connection keep working beside it. They count statements per
/// pooled handle, so they run alone (other tests' clean-up clears the pools).
/// </summary>
[Collection(OmniSqlite.Tests.Profiles.PooledHandleCollection.Name)]
public sealed class NativeStatementTests : IDisposable
{
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    private string Pooled(int defaultTimeout = 30)
        => new SqliteConnectionStringBuilder { DataSource = _db.Path, Pooling = true, DefaultTimeout = defaultTimeout }.ToString();

    private static int Statements(sqlite3 db)
    {
        int n = 0;
        for (var s = raw.sqlite3_next_stmt(db, null); s != null; s = raw.sqlite3_next_stmt(db, s)) n++;
        return n;
    }

    [Fact]
    public void The_statement_cache_survives_10000_pooled_open_close_cycles_without_leaking_and_is_finalized_with_the_handle()
    {
        sqlite3 handle;
        using (var first = new SqliteConnection(Pooled()))
        {
            first.Open();
            handle = first.Handle!;
            handle.enable_sqlite3_next_stmt(true);   // only statements prepared from here on are counted
            OmniSqliteSchema.EnsureCreated(first);
            new AuditEntryRepository(first).Insert(new AuditEntry { Number = 1, Actor = "ann" });
        }

        int afterFirst = -1;
        for (int cycle = 0; cycle < 10_000; cycle++)
        {
            using var connection = new SqliteConnection(Pooled());
            connection.Open();
            Assert.Same(handle, connection.Handle);
            using var repository = new AuditEntryRepository(connection);
            Assert.Equal("ann", repository.GetById(1)!.Actor);
            Assert.Single(repository.FindByActor("ann"));
            Assert.Equal(1, repository.Count());
            if (cycle == 0) afterFirst = Statements(handle);
        }
        // Insert, GetById, FindByActor and Count: one prepared statement each, prepared once, never again.
        Assert.True(afterFirst == 4, "statements after the first cycle: " + afterFirst);
        Assert.Equal(afterFirst, Statements(handle));
        var cache = NativeStatementCache.For(handle);
        Assert.Equal(4, cache.Count);

        // Closing the pool closes the native connection; the next native connection's first statement finalizes the
        // closed one's statements (SQLite then completes the close).
        SqliteConnection.ClearAllPools();
        Assert.True(handle.IsClosed);
        using (var next = new SqliteConnection(Pooled()))
        {
            next.Open();
            Assert.NotSame(handle, next.Handle);
            Assert.Equal(1, new AuditEntryRepository(next).Count());
        }
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task A_long_query_is_interrupted_when_the_token_fires()
    {
        // tick() cancels the token at the 1000th row, while the statement runs: deterministic on any machine. Unstopped,
        // the query would count ten million rows. (Microsoft.Data.Sqlite's ExecuteScalarAsync does not interrupt a
        // running statement: it checks the token before it starts and between rows.)
        const string sql = "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r WHERE x < 10000000) SELECT count(*) FROM r WHERE tick(x)";
        using var connection = _db.Open();
        using var cts = new CancellationTokenSource();
        long ticks = 0;
        connection.CreateFunction("tick", (long x) => { ticks = x; if (x == 1000) cts.Cancel(); return true; });

        var canceled = Assert.Throws<OperationCanceledException>(() =>
        {
            using var statement = NativeStatement.Rent(connection, null, new NativeSql(sql), cts.Token);
            statement.Step();
        });
        Assert.Equal(cts.Token, canceled.CancellationToken);
        Assert.InRange(ticks, 1000, 1001);

        // Through generated code: an async [Query] method passes its token down the same way.
        OmniSqliteSchema.EnsureCreated(connection);
        using var repository = new AuditEntryRepository(connection);
        repository.Insert(new AuditEntry { Number = 1, Actor = "ann" });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => repository.GetByIdAsync(1, new CancellationToken(canceled: true)));

        // The connection is fine afterwards, and an already-cancelled token never starts the statement.
        using (var statement = NativeStatement.Rent(connection, null, new NativeSql("SELECT 42"), default))
        {
            Assert.True(statement.Step());
            Assert.Equal(42, statement.GetInt64(0));
        }
        Assert.Throws<OperationCanceledException>(() => NativeStatement.Rent(connection, null, new NativeSql("SELECT 1"), new CancellationToken(canceled: true)));
    }

    [Fact]
    public void SQLITE_BUSY_under_a_competing_writer_surfaces_as_on_the_ADO_NET_path_after_the_default_timeout()
    {
        using (var setup = _db.Open()) OmniSqliteSchema.EnsureCreated(setup);
        using var writer = _db.Open();
        using var holding = writer.BeginTransaction(deferred: false);   // BEGIN IMMEDIATE: the write lock is held
        new AuditEntryRepository(writer, holding).Insert(new AuditEntry { Number = 1, Actor = "writer" });

        using var other = new SqliteConnection(Pooled(defaultTimeout: 1));
        other.Open();
        var native = Assert.Throws<SqliteException>(() => new AuditEntryRepository(other).Insert(new AuditEntry { Number = 2, Actor = "other" }));
        using var command = other.CreateCommand();
        command.CommandText = "INSERT INTO \"" + AuditEntrySchema.TableName + "\" (number, actor) VALUES (3, 'ado')";
        var adoNet = Assert.Throws<SqliteException>(() => command.ExecuteNonQuery());

        Assert.Equal(raw.SQLITE_BUSY, native.SqliteErrorCode);
        Assert.Equal(adoNet.SqliteErrorCode, native.SqliteErrorCode);
        Assert.Equal(adoNet.SqliteExtendedErrorCode, native.SqliteExtendedErrorCode);
        Assert.Equal(adoNet.Message, native.Message);

        // Once the writer commits, the other connection writes (its statement was reset, not left half-run).
        holding.Commit();
        new AuditEntryRepository(other).Insert(new AuditEntry { Number = 2, Actor = "other" });
        Assert.Equal(2, new AuditEntryRepository(other).Count());
    }

    [Fact]
    public void A_constraint_violation_has_the_code_and_message_of_the_ADO_NET_path_and_the_statement_is_reusable()
    {
        using var connection = _db.Open();
        OmniSqliteSchema.EnsureCreated(connection);
        using var repository = new AuditEntryRepository(connection);
        repository.Insert(new AuditEntry { Number = 1, Actor = "ann" });

        var native = Assert.Throws<SqliteException>(() => repository.Insert(new AuditEntry { Number = 1, Actor = "again" }));
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO \"" + AuditEntrySchema.TableName + "\" (number, actor) VALUES (1, 'ado')";
        var adoNet = Assert.Throws<SqliteException>(() => command.ExecuteNonQuery());

        Assert.Equal(adoNet.SqliteErrorCode, native.SqliteErrorCode);
        Assert.Equal(adoNet.SqliteExtendedErrorCode, native.SqliteExtendedErrorCode);
        Assert.Equal(adoNet.Message, native.Message);
        repository.Insert(new AuditEntry { Number = 2, Actor = "bob" });
        Assert.Equal(2, repository.Count());
    }

    [Fact]
    public void ADO_NET_commands_readers_and_transactions_on_the_same_connection_keep_working_beside_native_statements()
    {
        using var connection = _db.Open();
        OmniSqliteSchema.EnsureCreated(connection);
        using var repository = new AuditEntryRepository(connection);
        for (int i = 1; i <= 5; i++) repository.Insert(new AuditEntry { Number = i, Actor = "a" + i });

        // An open ADO.NET reader while native statements run, and a native statement used again while it is in use.
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT number FROM \"" + AuditEntrySchema.TableName + "\" ORDER BY number";
            using var reader = command.ExecuteReader();
            var sql = new NativeSql("SELECT actor FROM \"" + AuditEntrySchema.TableName + "\" WHERE number = @n", "@n");
            while (reader.Read())
            {
                Assert.Equal("a" + reader.GetInt64(0), repository.GetById((int)reader.GetInt64(0))!.Actor);
                using var outer = NativeStatement.Rent(connection, null, sql, default);
                outer.Bind(0, reader.GetInt64(0));
                Assert.True(outer.Step());
                using var inner = NativeStatement.Rent(connection, null, sql, default);   // a one-off twin: outer keeps its row
                inner.Bind(0, 1L);
                Assert.True(inner.Step());
                Assert.Equal("a1", inner.GetString(0));
                Assert.Equal("a" + reader.GetInt64(0), outer.GetString(0));
            }
        }

        // A SqliteTransaction begun by the caller: native writes are inside it, Microsoft.Data.Sqlite commits and rolls back as usual.
        using (var transaction = connection.BeginTransaction())
        {
            repository.Transaction = transaction;
            repository.Insert(new AuditEntry { Number = 6, Actor = "rolled back" });
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "SELECT count(*) FROM \"" + AuditEntrySchema.TableName + "\"";
            Assert.Equal(6L, command.ExecuteScalar());
            transaction.Rollback();
        }
        Assert.Equal(5, repository.Count());
        using (var transaction = connection.BeginTransaction())
        {
            repository.Transaction = transaction;
            repository.Insert(new AuditEntry { Number = 6, Actor = "kept" });
            transaction.Commit();
        }
        Assert.Null(repository.Transaction);
        Assert.Equal("kept", repository.GetById(6)!.Actor);

        // A closed connection is refused with a message that says what to do.
        connection.Close();
        var closed = Assert.Throws<InvalidOperationException>(() => repository.Count());
        Assert.Contains("not open", closed.Message);
    }

    [Fact]
    public void Reading_NULL_with_a_non_nullable_getter_throws_as_Microsoft_Data_Sqlite_does_and_zero_and_empty_read_as_themselves()
    {
        using var connection = _db.Open();
        using var statement = NativeStatement.Rent(connection, null, new NativeSql("SELECT NULL, 0, '', 0.0, x'', 'text'"), default);
        Assert.True(statement.Step());
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT NULL";
        using var reader = command.ExecuteReader();
        reader.Read();
        var expected = Assert.Throws<InvalidOperationException>(() => reader.GetInt64(0)).Message;

        Assert.Equal(expected, Assert.Throws<InvalidOperationException>(() => statement.GetInt64(0)).Message);
        Assert.Equal(expected, Assert.Throws<InvalidOperationException>(() => statement.GetDouble(0)).Message);
        Assert.Equal(expected, Assert.Throws<InvalidOperationException>(() => statement.GetString(0)).Message);
        Assert.True(statement.IsDBNull(0));
        Assert.Equal(0, statement.GetInt64(1));
        Assert.Equal("", statement.GetString(2));
        Assert.Equal(0.0, statement.GetDouble(3));
        Assert.Empty((byte[])statement.GetValue(4));
        Assert.Equal("text", statement.GetString(5));
    }
}
