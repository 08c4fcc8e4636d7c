using Microsoft.Data.Sqlite;
using Npgsql;
using OmniSqlite.PostgreSql.Migration;
using OmniSqlite.Tests;
using OmniSqlite.Tests.Postgres;

namespace OmniSqlite.PostgreSql.Tests.Migration;

/// <summary>
/// A copy stopped in the middle of the second table and resumed (no row twice, everything verified); a target changed
/// after the copy detected by name; a non-empty target refused until told what to do; bad sources and targets refused
/// with nothing changed.
/// </summary>
public sealed class ResumeAndVerifyTests : IDisposable
{
    private readonly TempDatabase _db = new("shop.db");

    public void Dispose() => _db.Dispose();

    /// <summary>authors (999), books (2,997, a foreign key to authors, a partial unique index), tags (500, no declared types).</summary>
    private string CreateShop()
    {
        using var c = _db.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = """
            CREATE TABLE authors (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, active BOOLEAN NOT NULL DEFAULT 1);
            CREATE TABLE books (id INTEGER PRIMARY KEY, author_id INTEGER NOT NULL REFERENCES authors (id) ON DELETE CASCADE, title TEXT NOT NULL,
              isbn TEXT, price REAL DEFAULT 9.5);
            CREATE UNIQUE INDEX ux_books_isbn ON books (isbn) WHERE isbn IS NOT NULL;
            CREATE INDEX idx_books_author_id ON books (author_id);
            CREATE TABLE tags (book_id, label, PRIMARY KEY (book_id, label)) WITHOUT ROWID;
            CREATE VIEW cheap_books AS SELECT * FROM books WHERE price < 5;
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
            INSERT INTO authors (name, active) SELECT 'author ' || i, i % 2 FROM n WHERE i <= 1000;
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
            INSERT INTO books (id, author_id, title, isbn, price) SELECT i, 1 + i % 1000, 'book ' || i, CASE WHEN i % 3 = 0 THEN NULL ELSE 'isbn-' || i END, i / 7.0 FROM n;
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)
            INSERT INTO tags (book_id, label) SELECT i, 'tag' || (i % 9) FROM n;
            DELETE FROM authors WHERE id = 1000; -- its 3 books go with it (ON DELETE CASCADE)
            """;
        cmd.ExecuteNonQuery();
        return _db.Path;
    }

    /// <summary>Cancels when the named table has copied at least <paramref name="rows"/> rows (reports arrive synchronously, per batch).</summary>
    private sealed class CancelInTable(string table, long rows, CancellationTokenSource cancel) : IProgress<MigrationProgress>
    {
        public void Report(MigrationProgress value)
        {
            if (value.Stage == MigrationStage.Copying && value.Table == table && value.Rows >= rows) cancel.Cancel();
        }
    }

    private static async Task<long> Scalar(string connectionString, string sql)
    {
        await using var pg = new NpgsqlConnection(connectionString);
        await pg.OpenAsync();
        await using var command = new NpgsqlCommand(sql, pg);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    [PostgresFact]
    public async Task A_copy_stopped_in_the_second_table_resumes_with_no_row_twice_and_everything_verified()
    {
        string db = CreateShop();
        string target = PostgresCluster.Shared.CreateDatabase("resume");
        using (var cancel = new CancellationTokenSource())
        {
            var options = new MigrationOptions { BatchSize = 500 };
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                SqliteToPostgres.MigrateAsync(db, target, options, new CancelInTable("books", 1_000, cancel), cancel.Token));
        }

        // The first table is finished and recorded; the second's transaction was rolled back as a whole.
        Assert.Equal(999, await Scalar(target, "SELECT count(*) FROM authors"));
        Assert.Equal(0, await Scalar(target, "SELECT count(*) FROM books"));
        Assert.Equal(1, await Scalar(target, "SELECT count(*) FROM _omnisqlite_migration WHERE done"));

        // A plain re-run is refused and says how to go on; nothing changes.
        var refused = await Assert.ThrowsAsync<PostgresMigrationException>(() => SqliteToPostgres.MigrateAsync(db, target));
        Assert.Equal(MigrationFailure.TargetNotEmpty, refused.Reason);
        Assert.Contains("--resume", refused.Message);
        Assert.Contains("--drop-existing", refused.Message);

        MigrationResult resumed = await SqliteToPostgres.MigrateAsync(db, target, new MigrationOptions { ExistingTarget = ExistingTarget.Resume, BatchSize = 500 });
        Assert.True(resumed.IsVerified, string.Join(", ", resumed.Mismatches.Select(m => m.Name)));
        Assert.Equal(new[] { false, true, true }, resumed.Tables.Select(t => t.Copied));
        Assert.Equal(new long[] { 999, 2997, 500 }, resumed.Tables.Select(t => t.PostgresRows));
        Assert.Equal(2997, await Scalar(target, "SELECT count(DISTINCT id) FROM books"));

        // What came along: the foreign key (after the data), the partial unique index, the defaults, the AUTOINCREMENT
        // sequence (1000 was handed out and deleted: never reused), and the notes on what did not.
        Assert.Equal(1, await Scalar(target, "SELECT count(*) FROM pg_constraint WHERE conname = 'books_author_id_fkey' AND confdeltype = 'c'"));
        Assert.Equal(1, await Scalar(target, "SELECT count(*) FROM pg_indexes WHERE indexname = 'ux_books_isbn' AND indexdef LIKE '%UNIQUE%WHERE%'"));
        Assert.Equal(1001, await Scalar(target, "INSERT INTO authors (name) VALUES ('new') RETURNING id"));
        Assert.Equal(1, await Scalar(target, "SELECT count(*) FROM authors WHERE id = 1001 AND active"));
        Assert.Contains(resumed.Notes, n => n.StartsWith("cheap_books: a view, not migrated", StringComparison.Ordinal));
        Assert.Equal("bigint", resumed.Tables[2].Columns[0].PostgresType);
        Assert.Equal("text", resumed.Tables[2].Columns[1].PostgresType);
    }

    [PostgresFact]
    public async Task A_row_count_or_value_changed_in_the_target_fails_verification_naming_the_table()
    {
        string db = CreateShop();
        string target = PostgresCluster.Shared.CreateDatabase("verify");
        Assert.True((await SqliteToPostgres.MigrateAsync(db, target)).IsVerified);

        await Scalar(target, "DELETE FROM books WHERE id = 17; UPDATE tags SET label = 'changed' WHERE book_id = 5; SELECT 0");
        MigrationResult check = await SqliteToPostgres.MigrateAsync(db, target, new MigrationOptions { VerifyOnly = true });
        Assert.False(check.IsVerified);
        Assert.Equal(new[] { "books", "tags" }, check.Mismatches.Select(m => m.Name));
        TableMigrationResult books = check.Mismatches.First();
        Assert.Equal((2997L, 2996L), (books.SqliteRows, books.PostgresRows));
        TableMigrationResult tags = check.Mismatches.Last();
        Assert.Equal(tags.SqliteRows, tags.PostgresRows);
        Assert.NotEqual(tags.SqliteChecksum, tags.PostgresChecksum);

        // --resume after a failed verification copies the mismatched tables again.
        Assert.Equal(0, await Scalar(target, "SELECT count(*) FROM _omnisqlite_migration WHERE done AND table_name IN ('books', 'tags')"));
    }

    [PostgresFact]
    public async Task Drop_existing_starts_over_and_leaves_other_tables_alone()
    {
        string db = CreateShop();
        string target = PostgresCluster.Shared.CreateDatabase("drop");
        await Scalar(target, "CREATE TABLE keep_me (x int); CREATE TABLE books (wrong int); SELECT 0");
        var refused = await Assert.ThrowsAsync<PostgresMigrationException>(() => SqliteToPostgres.MigrateAsync(db, target));
        Assert.Contains("is not empty (tables: books, keep_me)", refused.Message);
        MigrationResult result = await SqliteToPostgres.MigrateAsync(db, target, new MigrationOptions { ExistingTarget = ExistingTarget.DropExisting });
        Assert.True(result.IsVerified);
        Assert.Equal(1, await Scalar(target, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'keep_me'"));
    }

    [PostgresFact]
    public async Task Bad_sources_and_targets_are_refused_with_nothing_changed()
    {
        string db = CreateShop();
        string target = PostgresCluster.Shared.CreateDatabase("bad");
        var badString = await Assert.ThrowsAsync<PostgresMigrationException>(() => SqliteToPostgres.MigrateAsync(db, "Hots=localhost;Database=x"));
        Assert.Equal(MigrationFailure.InvalidConnectionString, badString.Reason);

        var unreachable = await Assert.ThrowsAsync<PostgresMigrationException>(() => SqliteToPostgres.MigrateAsync(db, "Host=127.0.0.1;Port=1;Username=postgres;Timeout=3"));
        Assert.Equal(MigrationFailure.TargetUnreachable, unreachable.Reason);
        Assert.Contains("Cannot connect to PostgreSQL at 127.0.0.1:1", unreachable.Message);

        var missing = await Assert.ThrowsAsync<PostgresMigrationException>(() => SqliteToPostgres.MigrateAsync(Path.Combine(_db.Directory, "nope.db"), target));
        Assert.Equal(MigrationFailure.SourceUnreadable, missing.Reason);

        string text = Path.Combine(_db.Directory, "notes.db");
        File.WriteAllText(text, "these are not the pages you are looking for");
        var notDatabase = await Assert.ThrowsAsync<PostgresMigrationException>(() => SqliteToPostgres.MigrateAsync(text, target));
        Assert.Contains("not a SQLite database", notDatabase.Message);

        // Another connection holds an exclusive lock (rollback journal): refused after the busy timeout, naming the lock.
        using (var writer = _db.Open())
        {
            using var lockIt = writer.CreateCommand();
            lockIt.CommandText = "PRAGMA journal_mode=DELETE; BEGIN EXCLUSIVE; UPDATE authors SET name = name WHERE id = 1;";
            lockIt.ExecuteNonQuery();
            var locked = await Assert.ThrowsAsync<PostgresMigrationException>(() =>
                SqliteToPostgres.MigrateAsync(db, target, new MigrationOptions { SqliteBusyTimeout = TimeSpan.FromSeconds(1) }));
            Assert.Contains("locked by another process", locked.Message);
        }

        Assert.Equal(0, await Scalar(target, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"));
    }
}
