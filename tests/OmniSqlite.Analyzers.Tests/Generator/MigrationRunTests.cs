using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.Data.Sqlite;
using OmniSqlite.Analyzers.Tests.Infrastructure;

namespace OmniSqlite.Analyzers.Tests.Generator;

/// <summary>
/// Two versions of an entity, each generated and compiled in memory, run one after the other against one real file:
/// the issue's rename-and-retype scenario through the generated OmniSqliteSchema.EnsureCreated / Plan / Migrate.
/// </summary>
public sealed class MigrationRunTests
{
    private const string V1 = """
        using OmniSqlite;
        namespace App
        {
            [Table("issues")]
            public sealed class Note { public long Id { get; set; } public string Title { get; set; } = ""; public long Owner { get; set; } }
            public static class Program
            {
                public static string Run(Microsoft.Data.Sqlite.SqliteConnection c)
                {
                    App.OmniSqliteSchema.EnsureCreated(c);
                    var repo = new NoteRepository(c);
                    for (int i = 1; i <= 3; i++) repo.Insert(new Note { Title = "t" + i, Owner = 40 + i });
                    return repo.Count().ToString();
                }
            }
        }
        """;

    private const string V2 = """
        using OmniSqlite;
        namespace App
        {
            [Table("notes"), RenamedFrom("issues")]
            public sealed class Note
            {
                public long Id { get; set; }
                [RenamedFrom("title")] public string Subject { get; set; } = "";
                public string? Owner { get; set; }
                [Default(3)] public int Priority { get; set; }
                [Default("open")] public string Status { get; set; } = "open";
                public long? TeamId { get; set; }
            }
            public static class Program
            {
                public static string EnsureCreated(Microsoft.Data.Sqlite.SqliteConnection c)
                {
                    try { App.OmniSqliteSchema.EnsureCreated(c); return "applied"; }
                    catch (OmniSqlite.Schema.SchemaMigrationException e) { return e.Message; }
                }
                public static string Plan(Microsoft.Data.Sqlite.SqliteConnection c) => App.OmniSqliteSchema.Plan(c).ToString();
                public static string Run(Microsoft.Data.Sqlite.SqliteConnection c)
                {
                    App.OmniSqliteSchema.Migrate(c);
                    var repo = new NoteRepository(c);
                    repo.Insert(new Note { Subject = "new", Owner = "ops", TeamId = 99 });
                    var all = repo.GetAll();
                    return string.Join(",", System.Linq.Enumerable.Select(all, n => n.Id + ":" + n.Subject + ":" + n.Owner + ":" + n.Priority + ":" + n.Status))
                        + "|" + App.OmniSqliteSchema.EnsureCreated(c).IsEmpty;
                }
            }
        }
        """;

    // v3: the team id becomes a foreign key, while note 4 points at team 99, which does not exist.
    private const string V3 = """
        using OmniSqlite;
        namespace App
        {
            [Table("teams")] public sealed class Team { public long Id { get; set; } public string Name { get; set; } = ""; }
            [Table("notes"), RenamedFrom("issues")]
            public sealed class Note
            {
                public long Id { get; set; }
                [RenamedFrom("title")] public string Subject { get; set; } = "";
                public string? Owner { get; set; }
                [Default(3)] public int Priority { get; set; }
                [Default("open")] public string Status { get; set; } = "open";
                [References(typeof(Team), OnDelete = ForeignKeyAction.Cascade)] public long? TeamId { get; set; }
            }
            public static class Program
            {
                public static string Migrate(Microsoft.Data.Sqlite.SqliteConnection c)
                {
                    try { App.OmniSqliteSchema.Migrate(c); return "migrated:" + new NoteRepository(c).Count(); }
                    catch (OmniSqlite.Schema.SchemaMigrationException e) { return e.Message; }
                }
            }
        }
        """;

    private static object? Invoke(Assembly assembly, string method, SqliteConnection c)
        => assembly.GetType("App.Program")!.GetMethod(method, BindingFlags.Public | BindingFlags.Static)!.Invoke(null, new object[] { c });

    [Fact]
    public void Rename_and_retype_migrates_every_row_through_the_generated_schema()
    {
        var v1 = GeneratorHarness.Run(V1);
        Assert.Empty(v1.CompileErrorsAndWarnings);
        var v2 = GeneratorHarness.Run(V2);
        Assert.Empty(v2.GeneratorDiagnostics);
        Assert.Empty(v2.CompileErrorsAndWarnings);
        var schema = v2.Source("App.Note.Schema.g.cs");
        Assert.Contains("\"\"priority\"\" INTEGER NOT NULL DEFAULT 3", schema);
        Assert.Contains("DEFAULT 'open'", schema);
        Assert.Contains("new string[] { @\"title\" }", schema);
        Assert.Contains("new string[] { @\"issues\" }", schema);
        var first = GeneratorHarness.Load(v1.Output);
        var second = GeneratorHarness.Load(v2.Output);

        var folder = Directory.CreateTempSubdirectory("omnisqlite-migrate-");
        try
        {
            using var c = new SqliteConnection($"Data Source={Path.Combine(folder.FullName, "m.db")};Pooling=False");
            c.Open();
            Assert.Equal("3", Invoke(first, "Run", c));

            var refused = (string)Invoke(second, "EnsureCreated", c)!;
            Assert.Contains("notes.owner is declared INTEGER in the database and TEXT in the entity", refused);
            Assert.Contains("OmniSqliteSchema.Migrate", refused);
            var plan = (string)Invoke(second, "Plan", c)!;
            Assert.Contains("table issues is renamed to notes", plan);
            Assert.Contains("column notes.title is renamed to subject", plan);

            Assert.Equal("1:t1:41:3:open,2:t2:42:3:open,3:t3:43:3:open,4:new:ops:0:open|True", Invoke(second, "Run", c));

            var v3 = GeneratorHarness.Run(V3);
            Assert.Empty(v3.CompileErrorsAndWarnings);
            var third = GeneratorHarness.Load(v3.Output);
            var orphan = (string)Invoke(third, "Migrate", c)!;
            Assert.Contains("notes.team_id have no parent row in teams.id (orphans), e.g. id 4: 99", orphan);
            using (var fix = c.CreateCommand())
            {
                fix.CommandText = "UPDATE notes SET team_id = NULL WHERE id = 4";
                fix.ExecuteNonQuery();
            }
            Assert.Equal("migrated:4", Invoke(third, "Migrate", c));
            using var check = c.CreateCommand();
            check.CommandText = "SELECT \"table\" || ':' || on_delete FROM pragma_foreign_key_list('notes')";
            Assert.Equal("teams:CASCADE", check.ExecuteScalar());
            check.CommandText = "SELECT count(*) FROM pragma_foreign_key_check";
            Assert.Equal(0L, check.ExecuteScalar());
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("[Default(\"high\")] public int Priority { get; set; }", "does not fit the member's type (int)")]
    [InlineData("[Default(300)] public byte Retries { get; set; }", "is out of range")]
    [InlineData("[Default(null)] public string Status { get; set; } = \"\";", "is null")]
    [InlineData("[Default(typeof(int))] public string Status { get; set; } = \"\";", "is not a constant")]
    [InlineData("[Default(1.5)] public decimal Amount { get; set; }", "is not supported for a member of type decimal")]
    [InlineData("[Default(Level.High)] public long Rank { get; set; }", "not of the member's type")]
    public void OSQL126_a_default_that_does_not_fit_the_member(string member, string reason)
    {
        var source = "using OmniSqlite; namespace App { public enum Level { Low, High } [Table] public sealed class Ticket { public long Id { get; set; } " + member + " } }";
        var result = GeneratorHarness.Run(source);
        var d = Assert.Single(result.GeneratorDiagnostics, x => x.Id == "OSQL126"); // (a decimal also gets OSQL123)
        Assert.Equal("OSQL126", d.Id);
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Contains(reason, d.GetMessage(), StringComparison.Ordinal);
        Assert.StartsWith("Default(", source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[Default(2)] public int Priority { get; set; }", "DEFAULT 2")]
    [InlineData("[Default(3)] public byte Retries { get; set; }", "DEFAULT 3")]
    [InlineData("[Default(\"it's\")] public string Status { get; set; } = \"\";", "DEFAULT 'it''s'")]
    [InlineData("[Default(true)] public bool Active { get; set; }", "DEFAULT 1")]
    [InlineData("[Default(2)] public double Ratio { get; set; }", "DEFAULT 2.0")]
    [InlineData("[Default(Level.High)] public Level Rank { get; set; }", "DEFAULT 1")]
    [InlineData("[Default(-1L)] public long? Parent { get; set; }", "DEFAULT -1")]
    public void A_default_that_fits_becomes_DEFAULT_in_the_DDL(string member, string ddl)
    {
        var source = "using OmniSqlite; namespace App { public enum Level { Low, High } [Table] public sealed class Ticket { public long Id { get; set; } " + member + " } }";
        var result = GeneratorHarness.Run(source);
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.CompileErrorsAndWarnings);
        Assert.Contains(ddl, result.Source("App.Ticket.Schema.g.cs"), StringComparison.Ordinal);
    }
}
