using Microsoft.Data.Sqlite;

namespace OmniSqlite.Tests.Generated;

public sealed class SchemaMigrationTests : IDisposable
{
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    private static List<string> Names(SqliteConnection c, string sql)
    {
        using var command = c.CreateCommand();
        command.CommandText = sql;
        var names = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read()) names.Add(reader.GetString(0));
        return names;
    }

    [Fact]
    public void EnsureCreated_creates_everything_and_is_idempotent()
    {
        using var c = _db.Open();
        var first = OmniSqliteSchema.EnsureCreated(c);
        Assert.Contains("all_types", first.CreatedTables);
        Assert.Contains("order", first.CreatedTables);
        Assert.Contains("idx_order_group", first.CreatedIndexes);
        Assert.Contains("idx_events_stream_sequence", first.CreatedIndexes);

        var second = OmniSqliteSchema.EnsureCreated(c);
        Assert.True(second.IsEmpty, second.ToString());
        var tables = Names(c, "SELECT name FROM sqlite_schema WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name <> '_omnisqlite_schema' ORDER BY name");
        Assert.Equal(OmniSqliteSchema.Tables.Select(t => t.Name).OrderBy(n => n, StringComparer.Ordinal), tables);
    }

    [Fact]
    public void EnsureCreated_adds_missing_columns_and_indexes_to_an_older_schema_and_keeps_rows()
    {
        using var c = _db.Open();
        using (var old = c.CreateCommand())
        {
            // Version 1 of "events": no payload column, no indexes.
            old.CommandText = "CREATE TABLE events (id BLOB PRIMARY KEY NOT NULL, stream TEXT NOT NULL, sequence INTEGER NOT NULL, at TEXT NOT NULL);" +
                              "INSERT INTO events VALUES (x'00112233445566778899aabbccddeeff', 's', 1, '2024-01-02 03:04:05');";
            old.ExecuteNonQuery();
        }
        var changes = OmniSqliteSchema.EnsureCreated(c);
        Assert.Equal(new[] { "events.payload" }, changes.AddedColumns);
        Assert.Contains("idx_events_at", changes.CreatedIndexes);
        Assert.Contains("idx_events_stream_sequence", Names(c, "SELECT name FROM pragma_index_list('events')"));

        var repo = new EventRepository(c);
        var row = repo.GetAll().Single();
        Assert.Equal("s", row.Stream);
        Assert.Null(row.Payload);
        Assert.Equal(new DateTime(2024, 1, 2, 3, 4, 5), row.At);
    }

    [Fact]
    public void A_new_not_null_column_without_default_on_existing_rows_is_refused_naming_it()
    {
        using var c = _db.Open();
        using (var old = c.CreateCommand())
        {
            old.CommandText = "CREATE TABLE events (id BLOB PRIMARY KEY NOT NULL, stream TEXT NOT NULL, sequence INTEGER NOT NULL);" +
                              "INSERT INTO events VALUES (x'01', 's', 1);";
            old.ExecuteNonQuery();
        }
        var error = Assert.Throws<OmniSqlite.Schema.SchemaMigrationException>(() => OmniSqliteSchema.EnsureCreated(c));
        Assert.Contains("events.at is new and NOT NULL without a default", error.Message);
        Assert.Contains("[Default(...)]", error.Message);
        var refused = Assert.Throws<OmniSqlite.Schema.SchemaMigrationException>(() => OmniSqliteSchema.Migrate(c));
        Assert.Contains("events.at", refused.Message);
        Assert.Equal(new[] { "id", "stream", "sequence" }, Names(c, "SELECT name FROM pragma_table_info('events')"));
    }

    [Fact]
    public void A_failed_migration_changes_nothing()
    {
        using var c = _db.Open();
        using (var old = c.CreateCommand())
        {
            // Duplicate (stream, sequence) rows make the UNIQUE index impossible to create.
            old.CommandText = "CREATE TABLE events (id BLOB PRIMARY KEY NOT NULL, stream TEXT NOT NULL, sequence INTEGER NOT NULL, at TEXT NOT NULL);" +
                              "INSERT INTO events VALUES (x'01', 's', 1, ''), (x'02', 's', 1, '');";
            old.ExecuteNonQuery();
        }
        Assert.Throws<SqliteException>(() => OmniSqliteSchema.EnsureCreated(c));
        Assert.Equal(new[] { "id", "stream", "sequence", "at" }, Names(c, "SELECT name FROM pragma_table_info('events')"));
        Assert.Equal(new[] { "events" }, Names(c, "SELECT name FROM sqlite_schema WHERE type='table'"));
    }

    [Fact]
    public void A_missing_primary_key_column_is_refused_with_a_clear_message()
    {
        using var c = _db.Open();
        using (var old = c.CreateCommand())
        {
            old.CommandText = "CREATE TABLE settings (value TEXT, version INTEGER)";
            old.ExecuteNonQuery();
        }
        var error = Assert.Throws<OmniSqlite.Schema.SchemaMigrationException>(() => OmniSqliteSchema.EnsureCreated(c));
        Assert.Contains("settings.key", error.Message);
        Assert.Contains("primary key", error.Message);
        Assert.Equal(new[] { "settings" }, Names(c, "SELECT name FROM sqlite_schema WHERE type='table'"));
    }

    [Fact]
    public void EnsureCreated_needs_an_open_connection()
    {
        using var c = new SqliteConnection(_db.ConnectionString);
        var error = Assert.Throws<InvalidOperationException>(() => OmniSqliteSchema.EnsureCreated(c));
        Assert.Contains("open", error.Message);
    }
}
