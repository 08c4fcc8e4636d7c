using System.Reflection;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using OmniSqlite.Analyzers.Tests.Infrastructure;

namespace OmniSqlite.Analyzers.Tests.Generator;

/// <summary>
/// The v1 -> v2 -> v3 sequence through real generated entities: three versions of the code, each generated and
/// compiled in memory, run in turn on one file of 10,000 rows written by the v1 repository.
/// </summary>
public sealed class MigrationSequenceRunTests
{
    private const int Rows = 10_000;

    // v1: issues with a decimal stored as text (no Scale yet), a code kept as text, a member that v2 removes, a team id without a foreign key.
    private const string V1 = """
        using OmniSqlite;
        namespace App
        {
            [Table("teams")] public sealed class Team { public long Id { get; set; } public string Name { get; set; } = ""; }
            [Table("issues")]
            public sealed class Issue
            {
                public long Id { get; set; }
                public string Title { get; set; } = "";
                public long Owner { get; set; }
                public string Code { get; set; } = "";
                public string Legacy { get; set; } = "";
                public decimal Amount { get; set; }
                public long TeamId { get; set; }
            }
            public static class Program
            {
                public static string Run(Microsoft.Data.Sqlite.SqliteConnection c)
                {
                    App.OmniSqliteSchema.EnsureCreated(c);
                    var teams = new TeamRepository(c);
                    for (int t = 1; t <= 10; t++) teams.Insert(new Team { Name = "team" + t });
                    var rows = new System.Collections.Generic.List<Issue>();
                    for (int i = 1; i <= 10000; i++)
                        rows.Add(new Issue { Title = "t" + i, Owner = 1000 + i, Code = i == 5000 ? "x5000" : i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                            Legacy = "l" + i, Amount = i + 0.25m, TeamId = i == 7777 ? 99 : 1 + i % 10 });
                    using (var tx = c.BeginTransaction()) { var repo = new IssueRepository(c) { Transaction = tx }; repo.InsertMany(rows); tx.Commit(); }
                    return new IssueRepository(c).Count().ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
            }
        }
        """;

    // v2: table and column renamed, owner long -> string, code string -> long, Legacy removed, Amount scaled, Priority NOT NULL with a default.
    private const string V2 = """
        using OmniSqlite;
        namespace App
        {
            [Table("teams")] public sealed class Team { public long Id { get; set; } public string Name { get; set; } = ""; }
            [Table("tickets"), RenamedFrom("issues")]
            public sealed class Ticket
            {
                public long Id { get; set; }
                [RenamedFrom("title")] public string Subject { get; set; } = "";
                public string Owner { get; set; } = "";
                public long Code { get; set; }
                [Column(Scale = 2)] public decimal Amount { get; set; }
                [Default(3)] public int Priority { get; set; }
                public long TeamId { get; set; }
            }
            public static class Program
            {
                public static string Migrate(Microsoft.Data.Sqlite.SqliteConnection c)
                {
                    try { App.OmniSqliteSchema.Migrate(c); }
                    catch (OmniSqlite.Schema.SchemaMigrationException e) { return e.Message; }
                    var all = new TicketRepository(c).GetAll();
                    var t = all.Find(x => x.Id == 1234)!;
                    return all.Count + "|" + t.Subject + ":" + t.Owner + ":" + t.Code + ":" + t.Amount + ":" + t.Priority + ":" + t.TeamId;
                }
            }
        }
        """;

    // v3: the team id becomes a foreign key (Cascade); the removed member's column is dropped.
    private const string V3 = """
        using OmniSqlite;
        namespace App
        {
            [Table("teams")] public sealed class Team { public long Id { get; set; } public string Name { get; set; } = ""; }
            [Table("tickets"), RenamedFrom("issues")]
            public sealed class Ticket
            {
                public long Id { get; set; }
                [RenamedFrom("title")] public string Subject { get; set; } = "";
                public string Owner { get; set; } = "";
                public long Code { get; set; }
                [Column(Scale = 2)] public decimal Amount { get; set; }
                [Default(3)] public int Priority { get; set; }
                [References(typeof(Team), OnDelete = ForeignKeyAction.Cascade)] public long TeamId { get; set; }
            }
            public static class Program
            {
                public static string Migrate(Microsoft.Data.Sqlite.SqliteConnection c)
                {
                    try { App.OmniSqliteSchema.Migrate(c, new OmniSqlite.Schema.MigrationOptions { DropRemovedColumns = true }); }
                    catch (OmniSqlite.Schema.SchemaMigrationException e) { return e.Message; }
                    var repo = new TicketRepository(c);
                    return repo.Count() + "|" + repo.FindByTeamId(3).Count;
                }
            }
        }
        """;

    private static object? Invoke(Assembly assembly, string method, SqliteConnection c)
        => assembly.GetType("App.Program")!.GetMethod(method, BindingFlags.Public | BindingFlags.Static)!.Invoke(null, new object[] { c });

    private static Assembly Build(string source)
    {
        var result = GeneratorHarness.Run(source);
        Assert.Empty(result.GeneratorDiagnostics.Where(d => d.Id != "OSQL123")); // v1's decimal without a Scale warns, as it should
        Assert.Empty(result.CompileErrorsAndWarnings);
        return GeneratorHarness.Load(result.Output);
    }

    [Fact]
    public void V1_to_v2_to_v3_with_10000_generated_rows_keeps_every_row_and_refuses_what_would_not_convert()
    {
        var v1 = Build(V1);
        var v2 = Build(V2);
        var v3 = Build(V3);
        var folder = Directory.CreateTempSubdirectory("omnisqlite-sequence-");
        var path = Path.Combine(folder.FullName, "s.db");
        SqliteConnection Open()
        {
            var c = new SqliteConnection($"Data Source={path};Pooling=False");
            c.Open();
            Exec(c, "PRAGMA foreign_keys = ON");
            return c;
        }
        string FileHash() => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
        try
        {
            using (var c = Open()) Assert.Equal("10000", Invoke(v1, "Run", c));
            Assert.Equal("text", Scalar(path, "SELECT typeof(amount) FROM issues WHERE id = 1"));

            // v2, first try: row 5000's code is not a number. Refused, the row named, the file byte-identical.
            var before = FileHash();
            using (var c = Open())
            {
                var refused = (string)Invoke(v2, "Migrate", c)!;
                Assert.Contains("1 row(s) of issues.code would not convert to INTEGER, e.g. id 5000: 'x5000'", refused);
            }
            Assert.Equal(before, FileHash());
            using (var c = Open()) Exec(c, "UPDATE issues SET code = '5000' WHERE id = 5000");

            using (var c = Open())
            {
                Assert.Equal("10000|t1234:2234:1234:1234.25:3:5", Invoke(v2, "Migrate", c));
                Assert.Equal(0L, Scalar(c, "SELECT count(*) FROM pragma_foreign_key_check"));
                // Every row converted exactly: codes are integers, amounts scaled integers whose SUM is exact, legacy kept (nullable) with its data.
                Assert.Equal((long)Rows * (Rows + 1) / 2, Scalar(c, "SELECT sum(code) FROM tickets"));
                Assert.Equal((long)Rows * (Rows + 1) / 2 * 100 + Rows * 25L, Scalar(c, "SELECT sum(amount) FROM tickets"));
                Assert.Equal(0L, Scalar(c, "SELECT count(*) FROM tickets WHERE typeof(owner) <> 'text' OR typeof(code) <> 'integer' OR typeof(amount) <> 'integer'"));
                Assert.Equal("l9999", Scalar(c, "SELECT legacy FROM tickets WHERE id = 9999"));
                Assert.Equal(0L, Scalar(c, "SELECT \"notnull\" FROM pragma_table_info('tickets') WHERE name = 'legacy'"));
            }

            // v3, first try: ticket 7777 points at team 99. Refused, the orphan named, the file byte-identical.
            before = FileHash();
            using (var c = Open())
                Assert.Contains("tickets.team_id have no parent row in teams.id (orphans), e.g. id 7777: 99", (string)Invoke(v3, "Migrate", c)!);
            Assert.Equal(before, FileHash());
            using (var c = Open()) Exec(c, "UPDATE tickets SET team_id = 8 WHERE id = 7777");

            using (var c = Open())
            {
                Assert.Equal("10000|1000", Invoke(v3, "Migrate", c));
                Assert.Equal(0L, Scalar(c, "SELECT count(*) FROM pragma_foreign_key_check"));
                Assert.Equal("teams:CASCADE", Scalar(c, "SELECT \"table\" || ':' || on_delete FROM pragma_foreign_key_list('tickets')"));
                Assert.Equal(0L, Scalar(c, "SELECT count(*) FROM pragma_table_info('tickets') WHERE name = 'legacy'"));
                Exec(c, "DELETE FROM teams WHERE id = 3");
                Assert.Equal(9000L, Scalar(c, "SELECT count(*) FROM tickets"));
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
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

    private static object? Scalar(string path, string sql)
    {
        using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        return Scalar(c, sql);
    }
}
