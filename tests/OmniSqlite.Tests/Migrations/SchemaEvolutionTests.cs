using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using OmniSqlite.Schema;

namespace OmniSqlite.Tests.Migrations;

/// <summary>
/// Plan / EnsureCreated / Migrate on real files, with descriptions built by hand the way the generator builds them
/// (a smaller generated-code run is in OmniSqlite.Analyzers.Tests, MigrationRunTests).
/// </summary>
public sealed class SchemaEvolutionTests : IDisposable
{
    private const int Rows = 10_000;
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    // ---- descriptions as the generator writes them ----

    private sealed record Col(string Name, string Type, bool NotNull, bool Pk = false, string? Default = null, string[]? Previous = null, string? References = null, bool Auto = false);

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";

    private static string Definition(Col c)
    {
        var sql = Quote(c.Name) + " " + c.Type;
        if (c.Pk) sql += c.Auto ? " PRIMARY KEY AUTOINCREMENT" : " PRIMARY KEY";
        else if (c.NotNull) sql += " NOT NULL";
        if (c.Default != null) sql += " DEFAULT " + c.Default;
        if (c.References != null) sql += " REFERENCES " + c.References;
        return sql;
    }

    private static TableDefinition Table(string name, Col[] columns, (string Name, string[] Columns, bool Unique)[]? indexes = null, string[]? previous = null, ForeignKeyDefinition[]? foreignKeys = null)
    {
        var create = "CREATE TABLE IF NOT EXISTS " + Quote(name) + " (" + string.Join(", ", columns.Select(Definition)) + ")";
        var cols = columns.Select(c => new ColumnDefinition(c.Name, c.Type, c.NotNull || c.Pk, c.Pk, c.Default, c.Previous,
            c.Pk ? null : "ALTER TABLE " + Quote(name) + " ADD COLUMN " + Definition(c) + (c.NotNull && c.Default is null ? " DEFAULT 0" : ""))).ToList();
        var idx = (indexes ?? Array.Empty<(string, string[], bool)>()).Select(i => new IndexDefinition(i.Name,
            "CREATE " + (i.Unique ? "UNIQUE " : "") + "INDEX IF NOT EXISTS " + Quote(i.Name) + " ON " + Quote(name) + " (" + string.Join(", ", i.Columns.Select(Quote)) + ")",
            i.Columns, i.Unique, null)).ToList();
        return new TableDefinition(name, create, cols, idx, foreignKeys ?? Array.Empty<ForeignKeyDefinition>(), previous);
    }

    private static readonly TableDefinition Teams = Table("teams", new[] { new Col("id", "INTEGER", true, Pk: true), new Col("name", "TEXT", true) });

    private static readonly TableDefinition[] V1 =
    {
        Table("issues", new[]
        {
            new Col("id", "INTEGER", true, Pk: true), new Col("title", "TEXT", true), new Col("owner", "INTEGER", true),
            new Col("code", "TEXT", true), new Col("legacy", "TEXT", true), new Col("team_id", "INTEGER", true),
        }, new[] { ("idx_issues_owner", new[] { "owner" }, false) }),
        Teams,
    };

    // v2: issues -> tickets, title -> subject, owner long -> string, code string -> long, legacy removed, priority NOT NULL DEFAULT 3.
    private static readonly TableDefinition[] V2 =
    {
        Teams,
        Table("tickets", new[]
        {
            new Col("id", "INTEGER", true, Pk: true), new Col("subject", "TEXT", true, Previous: new[] { "title" }), new Col("owner", "TEXT", true),
            new Col("code", "INTEGER", true), new Col("priority", "INTEGER", true, Default: "3"), new Col("team_id", "INTEGER", true),
        }, new[] { ("idx_tickets_owner", new[] { "owner" }, false) }, previous: new[] { "issues" }),
    };

    // v3: tickets.team_id REFERENCES teams(id) ON DELETE CASCADE.
    private static readonly TableDefinition[] V3 =
    {
        Teams,
        Table("tickets", new[]
        {
            new Col("id", "INTEGER", true, Pk: true), new Col("subject", "TEXT", true, Previous: new[] { "title" }), new Col("owner", "TEXT", true),
            new Col("code", "INTEGER", true), new Col("priority", "INTEGER", true, Default: "3"),
            new Col("team_id", "INTEGER", true, References: "\"teams\"(\"id\") ON DELETE CASCADE"),
        }, new[] { ("idx_tickets_owner", new[] { "owner" }, false), ("idx_tickets_team_id", new[] { "team_id" }, false) }, previous: new[] { "issues" },
        foreignKeys: new[] { new ForeignKeyDefinition("team_id", "teams", "id", "CASCADE", "NO ACTION") }),
    };

    // ---- helpers ----

    private SqliteConnection Open()
    {
        var c = _db.Open();
        Exec(c, "PRAGMA foreign_keys = ON");
        return c;
    }

    private static void Exec(SqliteConnection c, string sql)
    {
        using var command = c.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection c, string sql)
    {
        using var command = c.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static List<string> Strings(SqliteConnection c, string sql)
    {
        using var command = c.CreateCommand();
        command.CommandText = sql;
        var list = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read()) list.Add(reader.IsDBNull(0) ? "NULL" : Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        return list;
    }

    private string FileHash() => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(_db.Path)));

    private static void AssertForeignKeysClean(SqliteConnection c) => Assert.Equal(0L, Scalar(c, "SELECT count(*) FROM pragma_foreign_key_check"));

    private static void SeedV1(SqliteConnection c)
    {
        SchemaMigrator.EnsureCreated(c, V1);
        using var transaction = c.BeginTransaction();
        using var command = c.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10) INSERT INTO teams (id, name) SELECT i, 'team ' || i FROM n";
        command.ExecuteNonQuery();
        command.CommandText = $"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {Rows}) " +
                              "INSERT INTO issues (id, title, owner, code, legacy, team_id) SELECT i, 't' || i, i % 50, CAST(i * 7 AS TEXT), 'L' || i, 1 + i % 10 FROM n";
        command.ExecuteNonQuery();
        transaction.Commit();
    }

    // ---- the sequence ----

    [Fact]
    public void V1_to_v2_to_v3_with_10000_rows_keeps_every_row_and_refuses_what_would_not_convert()
    {
        using var c = Open();
        SeedV1(c);
        Exec(c, "UPDATE issues SET code = 'x5000' WHERE id = 5000"); // one value that is not an integer

        // v2: Plan classifies every change.
        var plan = SchemaMigrator.Plan(c, V2);
        var kinds = plan.Changes.Select(x => (x.Kind, x.Column)).ToList();
        Assert.Contains((SchemaChangeKind.TableRenamed, (string?)null), kinds);
        Assert.Contains((SchemaChangeKind.ColumnRenamed, "subject"), kinds);
        Assert.Contains((SchemaChangeKind.ColumnRetyped, "owner"), kinds);
        Assert.Contains((SchemaChangeKind.ColumnRetyped, "code"), kinds);
        Assert.Contains((SchemaChangeKind.ColumnMissing, "priority"), kinds);
        var legacy = Assert.Single(plan.Changes, x => x.Kind == SchemaChangeKind.ColumnExtra && x.Column == "legacy");
        Assert.False(legacy.IsSafe); // NOT NULL without default: every insert would fail
        Assert.Contains("RenamedFrom", legacy.Resolution);
        Assert.Contains(plan.Changes, x => x.Kind == SchemaChangeKind.IndexMissing && x.Index == "idx_tickets_owner" && x.IsSafe);
        Assert.Contains(plan.Changes, x => x.Kind == SchemaChangeKind.IndexExtra && x.Index == "idx_issues_owner");
        var retype = plan.Changes.Single(x => x.Kind == SchemaChangeKind.ColumnRetyped && x.Column == "code");
        Assert.Contains("id 5000: 'x5000'", retype.Description);
        Assert.Contains("INSERT INTO", retype.Sql);
        Assert.Contains("CAST(\"code\" AS INTEGER)", retype.Sql);

        // EnsureCreated names every unsafe change and changes nothing.
        var before = FileHash();
        var refused = Assert.Throws<SchemaMigrationException>(() => SchemaMigrator.EnsureCreated(c, V2));
        Assert.Contains("tickets.owner", refused.Message);
        Assert.Contains("tickets.code", refused.Message);
        Assert.Contains("tickets.legacy", refused.Message);
        Assert.Contains("OmniSqliteSchema.Migrate", refused.Message);
        Assert.Equal(before, FileHash());

        // Migrate refuses the value that would not convert, naming the row, and changes nothing.
        var notConverted = Assert.Throws<SchemaMigrationException>(() => SchemaMigrator.Migrate(c, V2));
        Assert.Contains("1 row(s) of issues.code would not convert to INTEGER, e.g. id 5000: 'x5000'", notConverted.Message);
        Assert.Equal(before, FileHash());
        Assert.Equal(1L, Scalar(c, "PRAGMA foreign_keys")); // restored
        Assert.Equal(Rows, Convert.ToInt32(Scalar(c, "SELECT count(*) FROM issues")));

        Exec(c, "UPDATE issues SET code = '35000' WHERE id = 5000");
        var applied = SchemaMigrator.Migrate(c, V2);
        Assert.True(applied.HasUnsafeChanges);
        Assert.Equal(1L, Scalar(c, "PRAGMA foreign_keys"));
        Assert.Empty(Strings(c, "SELECT name FROM sqlite_schema WHERE name IN ('issues', '_omnisqlite_new_tickets')"));
        Assert.Equal(Rows, Convert.ToInt32(Scalar(c, "SELECT count(*) FROM tickets")));
        Assert.Equal(0L, Scalar(c, $"SELECT count(*) FROM tickets WHERE subject <> 't' || id OR owner <> CAST(id % 50 AS TEXT) OR code <> id * 7 OR legacy <> 'L' || id OR priority <> 3"));
        Assert.Equal(new[] { "text" }, Strings(c, "SELECT DISTINCT typeof(owner) FROM tickets"));
        Assert.Equal(new[] { "integer" }, Strings(c, "SELECT DISTINCT typeof(code) FROM tickets"));
        Assert.Equal("0", Strings(c, "SELECT \"notnull\" FROM pragma_table_info('tickets') WHERE name = 'legacy'").Single()); // kept, nullable
        Assert.Contains("idx_issues_owner", Strings(c, "SELECT name FROM pragma_index_list('tickets')")); // hand-made index kept
        Assert.Contains("idx_tickets_owner", Strings(c, "SELECT name FROM pragma_index_list('tickets')"));
        AssertForeignKeysClean(c);
        Exec(c, "INSERT INTO tickets (id, subject, owner, code, team_id) VALUES (20000, 's', 'o', 1, 1); DELETE FROM tickets WHERE id = 20000"); // inserts work again
        Assert.True(SchemaMigrator.Plan(c, V2).IsUpToDate, SchemaMigrator.Plan(c, V2).ToString());
        Assert.True(SchemaMigrator.EnsureCreated(c, V2).IsEmpty);

        // v3: a foreign key while an orphan row exists: refused, the orphan named, nothing changed.
        Exec(c, "UPDATE tickets SET team_id = 999 WHERE id = 77");
        var fkPlan = SchemaMigrator.Plan(c, V3);
        Assert.Contains(fkPlan.Changes, x => x.Kind == SchemaChangeKind.ForeignKeyChanged && !x.IsSafe);
        before = FileHash();
        var orphan = Assert.Throws<SchemaMigrationException>(() => SchemaMigrator.Migrate(c, V3));
        Assert.Contains("id 77: 999", orphan.Message);
        Assert.Contains("orphans", orphan.Message);
        Assert.Equal(before, FileHash());

        Exec(c, "INSERT INTO teams (id, name) VALUES (999, 'found')");
        SchemaMigrator.Migrate(c, V3);
        Assert.Equal(Rows, Convert.ToInt32(Scalar(c, "SELECT count(*) FROM tickets")));
        Assert.Equal(new[] { "teams" }, Strings(c, "SELECT \"table\" FROM pragma_foreign_key_list('tickets')"));
        AssertForeignKeysClean(c);
        Assert.True(SchemaMigrator.Plan(c, V3).IsUpToDate, SchemaMigrator.Plan(c, V3).ToString());

        // The foreign key works: deleting a team cascades (foreign_keys is on again).
        Exec(c, "DELETE FROM teams WHERE id = 999");
        Assert.Equal(Rows - 1, Convert.ToInt32(Scalar(c, "SELECT count(*) FROM tickets")));

        // Dropping the removed member's column only when asked.
        SchemaMigrator.Migrate(c, V3, new MigrationOptions { DropRemovedColumns = true });
        Assert.DoesNotContain("legacy", Strings(c, "SELECT name FROM pragma_table_info('tickets')"));
        Assert.Equal(Rows - 1, Convert.ToInt32(Scalar(c, "SELECT count(*) FROM tickets")));
        AssertForeignKeysClean(c);
    }

    [Fact]
    public void A_new_not_null_column_without_default_on_rows_is_reported_and_refused()
    {
        var v1 = new[] { Table("notes", new[] { new Col("id", "INTEGER", true, Pk: true) }) };
        var v2 = new[] { Table("notes", new[] { new Col("id", "INTEGER", true, Pk: true), new Col("rank", "INTEGER", true) }) };
        using var c = Open();
        SchemaMigrator.EnsureCreated(c, v1);
        Exec(c, "INSERT INTO notes (id) VALUES (1), (2)");
        var change = Assert.Single(SchemaMigrator.Plan(c, v2).Changes);
        Assert.Equal(SchemaChangeKind.ColumnMissing, change.Kind);
        Assert.False(change.IsSafe);
        Assert.Contains("[Default(...)]", change.Resolution);
        var before = FileHash();
        var error = Assert.Throws<SchemaMigrationException>(() => SchemaMigrator.Migrate(c, v2));
        Assert.Contains("notes.rank is new and NOT NULL without a default, and notes has 2 rows", error.Message);
        Assert.Equal(before, FileHash());

        // On an empty table the same column is a safe ADD COLUMN.
        Exec(c, "DELETE FROM notes WHERE true");
        Assert.Equal(new[] { "notes.rank" }, SchemaMigrator.EnsureCreated(c, v2).AddedColumns);
    }

    [Fact]
    public void A_stored_format_change_that_CAST_cannot_convert_is_refused()
    {
        var text = new[] { Table("prices", new[] { new Col("id", "INTEGER", true, Pk: true), new Col("amount", "TEXT", true) }) };
        var scaled = new[] { Table("prices", new[] { new Col("id", "INTEGER", true, Pk: true), new Col("amount", "DECIMAL(18,2)", true) }) };
        using var c = Open();
        SchemaMigrator.EnsureCreated(c, text);
        Exec(c, "INSERT INTO prices (id, amount) VALUES (1, '12.34')");
        var error = Assert.Throws<SchemaMigrationException>(() => SchemaMigrator.Migrate(c, scaled));
        Assert.Contains("prices.amount changes its stored format to DECIMAL(18,2), which CAST cannot convert", error.Message);
        Assert.Equal(new[] { "12.34" }, Strings(c, "SELECT amount FROM prices"));
    }

    [Fact]
    public void EnsureCreated_on_a_recorded_schema_is_one_read_and_Plan_still_sees_hand_made_drift()
    {
        var tables = new[] { Table("notes", new[] { new Col("id", "INTEGER", true, Pk: true), new Col("tag", "TEXT", false) }, new[] { ("idx_notes_tag", new[] { "tag" }, false) }) };
        using var c = Open();
        Assert.Contains("notes", SchemaMigrator.EnsureCreated(c, tables).CreatedTables);
        Assert.Single(Strings(c, "SELECT hash FROM _omnisqlite_schema"));
        Exec(c, "DROP INDEX idx_notes_tag");
        // The recorded hash matches the description: EnsureCreated reads it and stops (documented: it trusts the record).
        Assert.True(SchemaMigrator.EnsureCreated(c, tables).IsEmpty);
        var plan = SchemaMigrator.Plan(c, tables);
        Assert.Contains(plan.Changes, x => x.Kind == SchemaChangeKind.IndexMissing && x.Index == "idx_notes_tag");
        Assert.DoesNotContain(plan.Changes, x => x.Table == "_omnisqlite_schema");
    }

    [Fact]
    public void A_rebuild_keeps_triggers_hand_made_indexes_and_the_autoincrement_sequence()
    {
        var v1 = new[] { Table("log", new[] { new Col("id", "INTEGER", true, Pk: true, Auto: true), new Col("level", "INTEGER", true), new Col("text", "TEXT", true) }) };
        var v2 = new[] { Table("log", new[] { new Col("id", "INTEGER", true, Pk: true, Auto: true), new Col("level", "TEXT", true), new Col("text", "TEXT", true) }) };
        using var c = Open();
        Exec(c, "CREATE TABLE log (id INTEGER PRIMARY KEY AUTOINCREMENT, level INTEGER NOT NULL, text TEXT NOT NULL);" +
                "CREATE TABLE audit (n INTEGER);" +
                "CREATE TRIGGER log_insert AFTER INSERT ON log BEGIN INSERT INTO audit VALUES (new.id); END;" +
                "CREATE INDEX by_text ON log (text);" +
                "CREATE VIEW errors AS SELECT id, text FROM log WHERE level >= 3;" +
                "INSERT INTO log (level, text) VALUES (1, 'a'), (3, 'b'), (4, 'c'); DELETE FROM log WHERE id = 3;");
        Assert.True(SchemaMigrator.Plan(c, v1).IsUpToDate, SchemaMigrator.Plan(c, v1).ToString());
        var withoutAutoIncrement = new[] { Table("log", new[] { new Col("id", "INTEGER", true, Pk: true), new Col("level", "INTEGER", true), new Col("text", "TEXT", true) }) };
        Assert.Contains(SchemaMigrator.Plan(c, withoutAutoIncrement).Changes, x => x.Kind == SchemaChangeKind.PrimaryKeyChanged && x.Description.Contains("AUTOINCREMENT"));
        SchemaMigrator.Migrate(c, v2);
        Assert.Equal(new[] { "log_insert" }, Strings(c, "SELECT name FROM sqlite_schema WHERE type = 'trigger'"));
        Assert.Contains("by_text", Strings(c, "SELECT name FROM pragma_index_list('log')"));
        Assert.Equal(new[] { "3" }, Strings(c, "SELECT seq FROM sqlite_sequence WHERE name = 'log'"));
        Exec(c, "INSERT INTO log (level, text) VALUES ('5', 'd')");
        Assert.Equal(new[] { "1", "2", "3", "4" }, Strings(c, "SELECT n FROM audit ORDER BY n")); // the trigger still fires
        Assert.Equal(new[] { "4" }, Strings(c, "SELECT id FROM log WHERE text = 'd'")); // AUTOINCREMENT did not reuse 3
        Assert.Equal(new[] { "b" }, Strings(c, "SELECT text FROM errors ORDER BY id").Take(1));
    }

    [Fact]
    public void A_rebuild_recreates_the_views_that_name_the_table_and_their_triggers_and_refuses_a_view_it_would_break()
    {
        var v1 = new[] { Table("log", new[] { new Col("id", "INTEGER", true, Pk: true), new Col("level", "INTEGER", true), new Col("text", "TEXT", true) }) };
        var v2 = new[] { Table("log", new[] { new Col("id", "INTEGER", true, Pk: true), new Col("level", "TEXT", true), new Col("text", "TEXT", true) }) };
        using (var c = Open())
        {
            SchemaMigrator.EnsureCreated(c, v1);
            Exec(c, "CREATE VIEW errors AS SELECT id, text, level FROM log WHERE level >= 3;" +
                    "CREATE VIEW recent AS SELECT * FROM errors ORDER BY id DESC;" +
                    "CREATE TRIGGER errors_insert INSTEAD OF INSERT ON errors BEGIN INSERT INTO log (level, text) VALUES (NEW.level, NEW.text); END;" +
                    "CREATE VIEW only_text AS SELECT text FROM log;" +
                    "INSERT INTO log (level, text) VALUES (1, 'a'), (3, 'b');");
        }
        SqliteConnection.ClearAllPools();
        var before = FileHash();
        using (var c = Open())
        {
            // Dropping the text column (DropRemovedColumns) would break errors and only_text: refused, naming the first, nothing changed.
            var shorter = new[] { Table("log", new[] { new Col("id", "INTEGER", true, Pk: true), new Col("level", "INTEGER", true) }) };
            var error = Assert.Throws<SchemaMigrationException>(() => SchemaMigrator.Migrate(c, shorter, new MigrationOptions { DropRemovedColumns = true }));
            Assert.Contains("the view errors names it and no longer works on the new table", error.Message);
            Assert.Contains("no such column: text", error.Message);
        }
        SqliteConnection.ClearAllPools();
        Assert.Equal(before, FileHash());

        using (var c = Open())
        {
            SchemaMigrator.Migrate(c, v2);
            Assert.Equal(new[] { "errors", "errors_insert", "only_text", "recent" }, Strings(c, "SELECT name FROM sqlite_schema WHERE type IN ('view', 'trigger') ORDER BY name"));
            Exec(c, "INSERT INTO errors (level, text) VALUES ('4', 'c')"); // through the INSTEAD OF trigger, into the rebuilt table
            Assert.Equal(new[] { "c", "b" }, Strings(c, "SELECT text FROM recent"));
            Assert.Equal(new[] { "text" }, Strings(c, "SELECT DISTINCT typeof(level) FROM log"));
        }
    }

    [Fact]
    public void An_index_that_changed_is_refused_by_EnsureCreated_and_rebuilt_by_Migrate()
    {
        var plain = new[] { Table("users", new[] { new Col("id", "INTEGER", true, Pk: true), new Col("email", "TEXT", true) }, new[] { ("idx_users_email", new[] { "email" }, false) }) };
        var unique = new[] { Table("users", new[] { new Col("id", "INTEGER", true, Pk: true), new Col("email", "TEXT", true) }, new[] { ("idx_users_email", new[] { "email" }, true) }) };
        using var c = Open();
        SchemaMigrator.EnsureCreated(c, plain);
        Exec(c, "INSERT INTO users (email) VALUES ('a'), ('a')");
        Assert.Throws<SchemaMigrationException>(() => SchemaMigrator.EnsureCreated(c, unique));
        var duplicate = Assert.Throws<SchemaMigrationException>(() => SchemaMigrator.Migrate(c, unique));
        Assert.Contains("UNIQUE", duplicate.Message);
        Assert.Equal("0", Strings(c, "SELECT \"unique\" FROM pragma_index_list('users')").Single());
        Exec(c, "DELETE FROM users WHERE id = 2");
        SchemaMigrator.Migrate(c, unique);
        Assert.Equal("1", Strings(c, "SELECT \"unique\" FROM pragma_index_list('users')").Single());
    }
}
