using System.Text;
using Microsoft.Data.Sqlite;
using OmniSqlite.Analyzers.Analysis;
using OmniSqlite.Analyzers.Model;
using Xunit;
using Xunit.Abstractions;

namespace OmniSqlite.Analyzers.Tests.Sql;

/// <summary>
/// The index verdicts checked against SQLite's own planner. The reference side comes from SQLite alone, never from the
/// parser or schema model under test:
/// <list type="bullet">
/// <item>which tables a statement scans: EXPLAIN QUERY PLAN rows "SCAN x" and "SEARCH x USING AUTOMATIC ..." (names as SQLite prints them);</item>
/// <item>whether an index would serve a scanned table: the same statement on a copy of the schema with an index on every
/// column of every table (read from sqlite_schema and pragma table_info) - a name scanned there too is not fixable by an index;</item>
/// <item>whether a filter on an indexed column is defeated: the statement's bytecode (EXPLAIN), following registers from
/// each Column read to the comparison that decides a row, on a cursor that scans from the start (Rewind/Last); "indexed"
/// from pragma index_list / index_info;</item>
/// <item>whether OSQL010's advice is right: the advised index created on a copy of the schema, after which SQLite must no
/// longer scan that table.</item>
/// </list>
/// </summary>
public sealed class PlannerDifferentialTests : IDisposable
{
    public const string Schema = """
        CREATE TABLE clients (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT UNIQUE, country TEXT);
        CREATE TABLE campaigns (id INTEGER PRIMARY KEY AUTOINCREMENT, client_id INTEGER NOT NULL, name TEXT, status TEXT,
            created_at TEXT, slug TEXT COLLATE NOCASE, budget REAL);
        CREATE INDEX idx_campaigns_client_id ON campaigns (client_id);
        CREATE INDEX idx_campaigns_status_created_at ON campaigns (status, created_at);
        CREATE UNIQUE INDEX ux_campaigns_slug ON campaigns (slug);
        CREATE TABLE contents (id INTEGER PRIMARY KEY, campaign_id INTEGER NOT NULL, title TEXT, body TEXT, created_at TEXT, kind TEXT);
        CREATE INDEX idx_contents_campaign_id ON contents (campaign_id);
        CREATE TABLE audio_generations (id INTEGER PRIMARY KEY, task_id TEXT, content_id INTEGER, status TEXT, voice TEXT, created_at TEXT);
        CREATE TABLE tags (content_id INTEGER, tag TEXT, PRIMARY KEY (content_id, tag)) WITHOUT ROWID;
        CREATE TABLE users (uid TEXT PRIMARY KEY, email TEXT, name TEXT);
        CREATE TABLE events (id INT PRIMARY KEY, kind TEXT, payload TEXT, at INTEGER);
        CREATE INDEX idx_events_lower_kind ON events (lower(kind));
        CREATE INDEX idx_events_at ON events (at);
        CREATE INDEX idx_events_errors ON events (payload) WHERE kind = 'error';
        CREATE TABLE people (id INTEGER PRIMARY KEY, email TEXT, handle TEXT COLLATE NOCASE, code TEXT, doc TEXT, deleted_at TEXT,
            tenant INTEGER, score INTEGER, region TEXT, score2 INTEGER);
        CREATE INDEX idx_people_lower_email ON people (lower(email));
        CREATE INDEX idx_people_handle ON people (handle);
        CREATE INDEX idx_people_code ON people (code);
        CREATE INDEX idx_people_doc_name ON people (json_extract(doc, '$.name'));
        CREATE INDEX idx_people_live_tenant ON people (tenant) WHERE deleted_at IS NULL;
        CREATE INDEX idx_people_scored ON people (score) WHERE score IS NOT NULL;
        CREATE INDEX idx_people_regional ON people (score2) WHERE region = 'eu' OR region = 'uk';
        CREATE TABLE notes (id INTEGER PRIMARY KEY, title TEXT, body TEXT, body_ci TEXT COLLATE NOCASE);
        CREATE INDEX idx_notes_title_nocase ON notes (title COLLATE NOCASE);
        CREATE TABLE line_items (order_id INTEGER, line INTEGER, sku TEXT, qty INTEGER, PRIMARY KEY (order_id, line));
        CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID;
        CREATE TABLE grants (id INTEGER PRIMARY KEY, user_id INTEGER, can_read INTEGER, can_write INTEGER, can_assign INTEGER);
        CREATE VIEW active_campaigns AS SELECT id, client_id AS owner, name, status FROM campaigns WHERE status = 'active';
        CREATE VIEW campaign_names AS SELECT c.id, c.name AS title FROM campaigns c;
        CREATE VIEW client_counts AS SELECT client_id, count(*) AS n FROM campaigns GROUP BY client_id;
        """;

    /// <summary>Queries where the analyzer deliberately differs from the planner, and why (they count in the figures).</summary>
    public static readonly Dictionary<string, string> DeliberateDifferences = new()
    {
        // None today. Add "query" = "why the analyzer is right to differ" rather than weakening the reference side.
    };

    public static readonly string[] Corpus =
    {
        // --- seed guide ---
        "SELECT * FROM campaigns WHERE client_id = @clientId",
        "SELECT * FROM contents WHERE campaign_id = @campaignId",
        "SELECT * FROM audio_generations WHERE task_id = @taskId",
        "SELECT c.id, t.title FROM campaigns c JOIN contents t ON t.campaign_id = c.id WHERE c.client_id = @clientId ORDER BY t.created_at",
        "SELECT c.*, t.* FROM campaigns c JOIN contents t ON t.campaign_id = c.id ORDER BY c.created_at",
        // --- single table, served ---
        "SELECT * FROM campaigns WHERE id = @id",
        "SELECT * FROM campaigns WHERE rowid = 5",
        "SELECT * FROM campaigns WHERE id > 10 AND id < 20",
        "SELECT * FROM campaigns WHERE status = 'active'",
        "SELECT * FROM campaigns WHERE status = 'active' AND created_at > '2024-01-01'",
        "SELECT * FROM campaigns WHERE created_at > '2024' AND status = 'x'",
        "SELECT * FROM campaigns WHERE client_id IN (1, 2, 3)",
        "SELECT * FROM campaigns WHERE client_id BETWEEN 1 AND 10",
        "SELECT * FROM campaigns WHERE client_id = 1 AND name = 'x'",
        "SELECT * FROM campaigns WHERE name = 'x' AND client_id = 1",
        "SELECT * FROM campaigns WHERE slug = 'abc'",
        "SELECT * FROM campaigns WHERE client_id IS NULL",
        "SELECT * FROM events WHERE at IS NULL",
        "SELECT * FROM campaigns WHERE client_id = 1 OR id = 2",
        "SELECT * FROM campaigns WHERE client_id = 1 OR client_id = 2",
        "SELECT * FROM campaigns WHERE (client_id = 1 AND name = 'a') OR status = 'x'",
        "SELECT * FROM clients WHERE email = @email",
        "SELECT * FROM users WHERE uid = @uid",
        "SELECT * FROM tags WHERE content_id = 5",
        "SELECT * FROM events WHERE id = 3",
        "SELECT * FROM events WHERE lower(kind) = 'x'",
        "SELECT * FROM events WHERE at >= @from AND at < @to",
        "SELECT * FROM campaigns WHERE slug LIKE 'abc%'",
        "SELECT * FROM campaigns WHERE client_id IN (SELECT id FROM clients WHERE country = 'NL')",
        "SELECT * FROM campaigns WHERE client_id = @c AND status = 'x' AND name LIKE '%y%'",
        "UPDATE campaigns SET status = 'done' WHERE id = @id",
        "DELETE FROM contents WHERE campaign_id = @id",
        "UPDATE audio_generations SET status = 'x' WHERE id = @id",
        // --- single table, not served ---
        "SELECT * FROM campaigns WHERE name = 'x'",
        "SELECT * FROM campaigns WHERE created_at > '2024-01-01'",
        "SELECT * FROM campaigns WHERE budget BETWEEN 1 AND 2",
        "SELECT * FROM campaigns WHERE client_id = 1 OR name = 'x'",
        "SELECT * FROM campaigns WHERE name IN ('a', 'b')",
        "SELECT * FROM contents WHERE kind = 'video' AND title = 't'",
        "SELECT * FROM audio_generations WHERE status = 'pending' ORDER BY created_at",
        "SELECT * FROM clients WHERE country = @country",
        "SELECT * FROM tags WHERE tag = 'x'",
        "SELECT * FROM users WHERE email = @email",
        "SELECT * FROM events WHERE kind = 'x'",
        "UPDATE audio_generations SET status = 'done' WHERE task_id = @taskId",
        "DELETE FROM audio_generations WHERE content_id = @id",
        "SELECT * FROM campaigns WHERE status <> 'done'",
        "SELECT * FROM contents WHERE length(body) > 100",
        "SELECT * FROM audio_generations WHERE status IS NOT NULL",
        // --- expressions that defeat an index ---
        "SELECT * FROM campaigns WHERE lower(status) = 'active'",
        "SELECT * FROM campaigns WHERE +client_id = 1",
        "SELECT * FROM campaigns WHERE client_id + 0 = 1",
        "SELECT * FROM campaigns WHERE CAST(client_id AS TEXT) = '1'",
        "SELECT * FROM campaigns WHERE status LIKE '%act%'",
        "SELECT * FROM campaigns WHERE status LIKE 'act%'",
        "SELECT * FROM campaigns WHERE status GLOB 'act*'",
        "SELECT * FROM campaigns WHERE status GLOB '*act'",
        "SELECT * FROM campaigns WHERE slug LIKE '%abc'",
        "SELECT * FROM campaigns WHERE status = 'a' COLLATE NOCASE",
        "SELECT * FROM clients WHERE upper(email) = 'X'",
        "SELECT * FROM events WHERE abs(id) = 3",
        // --- joins ---
        "SELECT * FROM campaigns c JOIN clients k ON k.id = c.client_id",
        "SELECT * FROM clients k JOIN campaigns c ON c.client_id = k.id WHERE k.country = 'NL'",
        "SELECT * FROM contents t JOIN audio_generations a ON a.content_id = t.id",
        "SELECT * FROM audio_generations a JOIN contents t ON t.id = a.content_id",
        "SELECT * FROM contents t JOIN audio_generations a ON a.content_id = t.id WHERE t.campaign_id = 5",
        "SELECT * FROM campaigns c JOIN contents t ON t.campaign_id = c.id WHERE c.status = 'x'",
        "SELECT * FROM campaigns c JOIN contents t ON t.campaign_id = c.id WHERE t.kind = 'video'",
        "SELECT * FROM campaigns c LEFT JOIN contents t ON t.campaign_id = c.id WHERE c.id = 1",
        "SELECT * FROM contents t LEFT JOIN audio_generations a ON a.content_id = t.id WHERE t.id = 1",
        "SELECT * FROM clients k, campaigns c WHERE c.client_id = k.id AND k.id = 5",
        "SELECT * FROM users u JOIN clients k ON k.email = u.email",
        "SELECT * FROM users u JOIN audio_generations a ON a.voice = u.name",
        "SELECT * FROM contents t JOIN tags g ON g.content_id = t.id WHERE t.campaign_id = @id",
        "SELECT * FROM campaigns c JOIN contents t USING (id)",
        "SELECT * FROM campaigns c JOIN clients k ON k.id = c.client_id JOIN contents t ON t.campaign_id = c.id WHERE k.email = @e",
        "SELECT * FROM campaigns c JOIN contents t ON t.campaign_id = c.id JOIN audio_generations a ON a.content_id = t.id WHERE c.id = 1",
        "SELECT * FROM campaigns c WHERE EXISTS (SELECT 1 FROM contents t WHERE t.campaign_id = c.id)",
        "SELECT * FROM contents t WHERE EXISTS (SELECT 1 FROM audio_generations a WHERE a.content_id = t.id)",
        "SELECT (SELECT count(*) FROM contents t WHERE t.campaign_id = c.id) FROM campaigns c",
        "WITH recent AS (SELECT * FROM campaigns WHERE client_id = @c) SELECT * FROM recent",
        "WITH pending AS (SELECT * FROM audio_generations WHERE status = 'pending') SELECT count(*) FROM pending",
        // --- subqueries, compounds, UPDATE ... FROM, more shapes ---
        "SELECT * FROM (SELECT * FROM campaigns WHERE client_id = 1) s WHERE s.status = 'x'",
        "SELECT * FROM (SELECT * FROM audio_generations WHERE voice = 'v') g",
        "SELECT id FROM campaigns WHERE client_id = 1 UNION SELECT id FROM contents WHERE campaign_id = 2",
        "SELECT id FROM campaigns WHERE client_id = 1 UNION ALL SELECT id FROM contents WHERE title = 'x'",
        "SELECT * FROM contents WHERE campaign_id IN (SELECT id FROM campaigns WHERE client_id = @c)",
        "SELECT * FROM audio_generations WHERE content_id IN (SELECT id FROM contents WHERE campaign_id = @c)",
        "SELECT * FROM contents WHERE id IN (SELECT content_id FROM audio_generations WHERE task_id = @t)",
        "SELECT * FROM campaigns WHERE NOT EXISTS (SELECT 1 FROM contents WHERE contents.campaign_id = campaigns.id)",
        "UPDATE contents SET title = 'x' FROM campaigns WHERE campaigns.id = contents.campaign_id AND campaigns.client_id = @c",
        "DELETE FROM audio_generations WHERE content_id IN (SELECT id FROM contents WHERE campaign_id = @c)",
        "SELECT count(*) FROM campaigns WHERE status = 'x' AND created_at BETWEEN @a AND @b",
        "SELECT * FROM campaigns WHERE created_at = @d",
        "SELECT * FROM campaigns WHERE status IN ('a', 'b') AND created_at > @d",
        "SELECT * FROM campaigns WHERE id = @id OR slug = @slug",
        "SELECT * FROM campaigns WHERE id = @id OR name = @name",
        "SELECT * FROM clients WHERE email LIKE 'a%'",
        "SELECT * FROM clients WHERE name = @n COLLATE NOCASE",
        "SELECT * FROM events WHERE at > 5 ORDER BY at",
        "SELECT * FROM users u LEFT JOIN clients k ON k.email = u.email WHERE u.uid = @u",
        "SELECT * FROM tags g JOIN contents t ON t.id = g.content_id WHERE g.tag = @tag",
        "SELECT * FROM clients k JOIN campaigns c ON c.client_id = k.id JOIN contents t ON t.campaign_id = c.id WHERE k.country = @country",
        "SELECT k.name, count(*) FROM clients k JOIN campaigns c ON c.client_id = k.id GROUP BY k.name",
        "SELECT * FROM campaigns WHERE client_id = (SELECT id FROM clients WHERE email = @e)",
        "SELECT * FROM campaigns WHERE client_id = (SELECT id FROM clients WHERE name = @n)",
        "SELECT * FROM campaigns LIMIT 10",
        "SELECT max(created_at) FROM contents",
        "SELECT * FROM events WHERE payload = @p AND kind = 'error'",
        "SELECT * FROM events WHERE payload = @p",
        "SELECT * FROM events WHERE payload = @p AND kind = 'warning'",
        // --- ORDER BY ---
        "SELECT * FROM campaigns ORDER BY id",
        "SELECT * FROM campaigns ORDER BY client_id",
        "SELECT * FROM campaigns ORDER BY name",
        "SELECT * FROM campaigns WHERE status = 'x' ORDER BY created_at",
        "SELECT * FROM campaigns WHERE status = 'x' ORDER BY created_at DESC LIMIT 10",
        "SELECT * FROM campaigns WHERE client_id = 1 ORDER BY created_at",
        "SELECT * FROM campaigns WHERE client_id = 1 ORDER BY id",
        "SELECT * FROM contents ORDER BY created_at DESC",
        "SELECT * FROM campaigns ORDER BY status, created_at",
        "SELECT * FROM campaigns ORDER BY status, name",
        "SELECT * FROM campaigns ORDER BY slug",
        "SELECT * FROM tags WHERE content_id = 1 ORDER BY tag",
        // --- expression indexes: lower(email) is served by an index on lower(email), not by one on email; ->> is not json_extract ---
        "SELECT * FROM people WHERE lower(email) = @e",
        "SELECT * FROM people WHERE email = @e",
        "SELECT * FROM people WHERE upper(email) = 'X'",
        "SELECT * FROM people WHERE json_extract(doc, '$.name') = 'x'",
        "SELECT * FROM people WHERE doc ->> '$.name' = 'x'",
        "SELECT * FROM people p JOIN clients k ON lower(k.email) = p.email WHERE p.id = 1",
        // --- partial indexes: served only when the query implies the index's WHERE ---
        "SELECT * FROM people WHERE tenant = @t AND deleted_at IS NULL",
        "SELECT * FROM people WHERE tenant = @t",
        "SELECT * FROM people WHERE deleted_at IS NULL AND tenant IN (1, 2)",
        "SELECT * FROM people WHERE score > 10",
        "SELECT * FROM people WHERE score IS 5",
        "SELECT * FROM people WHERE region = 'eu' AND score2 = 3",
        "SELECT * FROM people WHERE region = 'us' AND score2 = 3",
        // --- collations and the LIKE optimisation ---
        "SELECT * FROM people WHERE handle LIKE 'ab%'",
        "SELECT * FROM people WHERE handle GLOB 'ab*'",
        "SELECT * FROM people WHERE code LIKE 'ab%'",
        "SELECT * FROM people WHERE code GLOB 'ab*'",
        "SELECT * FROM people WHERE handle = 'Ab'",
        "SELECT * FROM people WHERE code = 'ab' COLLATE NOCASE",
        "SELECT * FROM notes WHERE title LIKE 'ab%'",
        "SELECT * FROM notes WHERE title = 'x'",
        "SELECT * FROM notes WHERE title = 'x' COLLATE NOCASE",
        "SELECT * FROM notes WHERE body LIKE 'a%'",
        "SELECT * FROM notes WHERE body_ci LIKE 'a%'",
        // --- composite and WITHOUT ROWID primary keys ---
        "SELECT * FROM line_items WHERE order_id = 5",
        "SELECT * FROM line_items WHERE line = 2",
        "SELECT * FROM line_items WHERE order_id = 5 AND line = 2",
        "SELECT * FROM line_items WHERE rowid = 3",
        "SELECT * FROM kv WHERE k = 'a'",
        "SELECT * FROM kv WHERE v = 'a'",
        "SELECT * FROM kv WHERE k > 'a' AND k < 'b'",
        "SELECT * FROM line_items i JOIN kv ON kv.k = i.sku WHERE i.order_id = 1",
        // --- views: a filter on a view column is a filter on its base column ---
        "SELECT * FROM campaign_names WHERE title = 'x'",
        "SELECT * FROM campaign_names WHERE id = 5",
        "SELECT * FROM active_campaigns WHERE name = 'x'",
        "SELECT * FROM active_campaigns WHERE owner = @c",
        "SELECT * FROM campaign_names n JOIN contents t ON t.campaign_id = n.id",
        "SELECT * FROM contents t JOIN campaign_names n ON n.title = t.title",
        "SELECT * FROM client_counts WHERE n > 1",
        // --- INDEXED BY / NOT INDEXED ---
        "SELECT * FROM campaigns INDEXED BY idx_campaigns_client_id WHERE client_id = 1",
        "SELECT * FROM campaigns NOT INDEXED WHERE client_id = 1",
        "SELECT * FROM campaigns NOT INDEXED WHERE id = 1",
        "SELECT * FROM campaigns NOT INDEXED WHERE name = 'x'",
        "SELECT * FROM campaigns INDEXED BY idx_campaigns_status_created_at WHERE status = 'x' AND client_id = 1",
        // --- HAVING on a grouping column moves into WHERE ---
        "SELECT status, count(*) FROM campaigns GROUP BY status HAVING status = 'x'",
        "SELECT name, count(*) FROM campaigns GROUP BY name HAVING name = 'x'",
        "SELECT client_id, count(*) FROM campaigns GROUP BY client_id HAVING count(*) > 1",
        "SELECT name, count(*) FROM campaigns GROUP BY name HAVING count(*) > 1",
        // --- '<>' and NOT IN cannot use an index ---
        "SELECT * FROM campaigns WHERE client_id <> 5",
        "SELECT * FROM campaigns WHERE client_id NOT IN (1, 2)",
        "SELECT * FROM campaigns WHERE name <> 'x'",
        "SELECT * FROM campaigns WHERE client_id <> 5 AND status = 'x'",
        // --- AND / OR advice ---
        "SELECT * FROM grants WHERE user_id = @u AND (can_read = 1 OR can_write = 1 OR can_assign = 1)",
        "SELECT * FROM grants WHERE can_read = 1 OR can_write = 1",
        "SELECT * FROM grants WHERE user_id = 1 OR user_id = 2 OR user_id = 3",
        "SELECT * FROM grants WHERE (user_id = 1 OR can_read = 1) AND id > 5",
        "SELECT * FROM grants WHERE user_id = 1 OR can_read <> 1",
    };

    private readonly ITestOutputHelper _output;
    private readonly string _directory;
    private int _databases;

    public PlannerDifferentialTests(ITestOutputHelper output)
    {
        _output = output;
        _directory = Path.Combine(Path.GetTempPath(), "omnisqlite-planner-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    public void Dispose()
    {
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    private SqliteReference Database(params string[] extraDdl)
        => new(Path.Combine(_directory, "plan" + (++_databases) + ".db"), new[] { Schema }.Concat(extraDdl).ToArray());

    private static bool Flags(SqlFinding f) => f.Kind is SqlFindingKind.UnindexedColumn or SqlFindingKind.IndexDefeated;

    /// <summary>SQLite's verdict for one statement, from the plan, the probe database and the bytecode.</summary>
    private sealed record Verdict(HashSet<string> Scanned, HashSet<string> Fixable, HashSet<(string Table, string Column)> DefeatedFilters, string Plan)
    {
        /// <summary>The planner scans a table that an index would serve, or scans past an index on a column it filters.</summary>
        public bool Problem => Fixable.Count > 0 || DefeatedFilters.Count > 0;
    }

    private static Verdict Reference(SqliteReference original, SqliteReference probe, string sql)
    {
        var plan = original.Plan(sql);
        var scanned = SqliteReference.ScannedNames(plan);
        // An index would serve a scanned name when, with an index on every column, SQLite scans fewer times and that
        // name no longer (a scan that only moves to another table of a join is not spared).
        var probed = probe.Plan(sql);
        var fixable = SqliteReference.ScanCount(probed) < SqliteReference.ScanCount(plan)
            ? new HashSet<string>(scanned.Except(SqliteReference.ScannedNames(probed), StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase)
            : new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var defeated = original.ScanFilters(sql).Where(f => original.IndexLeadingColumns(f.Table).Contains(f.Column)).ToHashSet();
        return new Verdict(scanned, fixable, defeated, string.Join(" | ", plan.Select(r => r.Detail)));
    }

    [Fact]
    public void Corpus_has_at_least_150_distinct_queries_covering_every_index_kind()
    {
        Assert.True(Corpus.Distinct().Count() >= 150, "corpus has " + Corpus.Distinct().Count());
        Assert.Equal(Corpus.Length, Corpus.Distinct().Count());
        foreach (var shape in new[] { "lower(email)", "->>", "deleted_at IS NULL", "LIKE 'ab%'", "GLOB", "COLLATE NOCASE", "line_items", "kv", "campaign_names", "INDEXED BY", "NOT INDEXED", "HAVING", "<>", "NOT IN" })
            Assert.Contains(Corpus, q => q.Contains(shape, StringComparison.Ordinal));
    }

    [Fact]
    public void Index_verdicts_agree_with_the_planner_precision_1_and_recall_at_least_095()
    {
        var schema = SchemaModel.FromSql(Schema);
        using var original = Database();
        using var probe = Database(original.IndexOnEveryColumn().ToArray());
        int truePositive = 0, falsePositive = 0, falseNegative = 0, agree = 0;
        var unexpected = new List<string>();
        var report = new StringBuilder();
        foreach (var sql in Corpus)
        {
            var verdict = Reference(original, probe, sql);
            var findings = SqlQueryAnalysis.Analyze(sql, schema, rethrow: true);
            bool analyzer = findings.Any(Flags);
            if (analyzer && verdict.Problem) truePositive++;
            else if (analyzer) falsePositive++;
            else if (verdict.Problem) falseNegative++;
            bool same = analyzer == verdict.Problem;
            if (same) agree++;
            bool deliberate = DeliberateDifferences.ContainsKey(sql);
            if (same == deliberate)
                unexpected.Add((deliberate ? "[listed as a deliberate difference, but agrees] " : "") + sql + "\n    planner: problem " + verdict.Problem
                    + " (scanned " + string.Join(",", verdict.Scanned) + "; an index would serve " + string.Join(",", verdict.Fixable)
                    + "; filters past an index " + string.Join(",", verdict.DefeatedFilters) + ")\n    plan: " + verdict.Plan
                    + "\n    analyzer: " + string.Join("; ", findings.Select(f => f.Kind + " " + f.QualifiedColumns + " " + f.Clause + " " + f.Detail)));
            report.AppendLine((same ? "agree  " : "DIFFER ") + sql + "  => " + verdict.Plan);
        }
        double precision = truePositive / (double)Math.Max(1, truePositive + falsePositive);
        double recall = truePositive / (double)Math.Max(1, truePositive + falseNegative);
        _output.WriteLine($"index verdicts: {agree}/{Corpus.Length} agree; precision {precision:F3} ({truePositive} TP, {falsePositive} FP), recall {recall:F3} ({falseNegative} FN)");
        _output.WriteLine(report.ToString());
        Assert.True(unexpected.Count == 0, string.Join("\n", unexpected));
        Assert.Equal(1.0, precision);
        Assert.True(recall >= 0.95, "recall " + recall);
    }

    [Fact]
    public void Every_finding_names_a_table_sqlite_scans_and_the_advised_index_ends_the_scan()
    {
        // Table-level precision: OSQL010/OSQL011 name only tables the plan scans; OSQL011's column leads an index of
        // that table and the bytecode filters on it; OSQL010's advice, created as an index, makes SQLite stop scanning.
        var schema = SchemaModel.FromSql(Schema);
        using var original = Database();
        var wrong = new List<string>();
        int advised = 0, defeats = 0;
        foreach (var sql in Corpus.Where(q => !DeliberateDifferences.ContainsKey(q)))
        {
            var findings = SqlQueryAnalysis.Analyze(sql, schema, rethrow: true).Where(Flags).ToList();
            if (findings.Count == 0) continue;
            var scanned = SqliteReference.ScannedNames(original.Plan(sql));
            var filters = original.ScanFilters(sql);
            var advice = new List<string>();
            foreach (var f in findings)
            {
                string what = f.Kind + " " + f.QualifiedColumns + " (as '" + f.Exposed + "') in: " + sql;
                if (f.Kind == SqlFindingKind.IndexDefeated)
                {
                    defeats++;
                    if (!scanned.Contains(f.Exposed)) wrong.Add(what + "\n    SQLite does not scan '" + f.Exposed + "': " + string.Join(" | ", original.Plan(sql).Select(r => r.Detail)));
                    else if (!original.IndexLeadingColumns(f.Table).Contains(f.Columns[0])) wrong.Add(what + "\n    no index of " + f.Table + " leads with " + f.Columns[0]);
                    else if (!filters.Contains((f.Table, f.Columns[0])) && !filters.Contains((f.Table, "rowid"))) wrong.Add(what + "\n    the bytecode does not filter on it: " + string.Join(",", filters));
                    continue;
                }
                advised++;
                var ddl = "CREATE INDEX \"advised_" + advice.Count + "\" ON \"" + f.Table + "\" (" + string.Join(", ", f.Columns.Select(c => "\"" + c + "\"")) + ")";
                advice.Add(ddl);
                // Either the table is scanned, or its index alone lets SQLite start there and scan less.
                if (scanned.Contains(f.Exposed)) continue;
                using var alone = Database(ddl);
                if (SqliteReference.ScanCount(alone.Plan(sql)) >= SqliteReference.ScanCount(original.Plan(sql)))
                    wrong.Add(what + "\n    SQLite does not scan '" + f.Exposed + "', and the advised index does not spare a scan: " + string.Join(" | ", alone.Plan(sql).Select(r => r.Detail)));
            }
            if (advice.Count == 0) continue;
            // All the advice of the statement together (an OR needs an index per branch) spares SQLite a full scan.
            using var withAdvice = Database(advice.ToArray());
            var after = withAdvice.Plan(sql);
            if (SqliteReference.ScanCount(after) >= SqliteReference.ScanCount(original.Plan(sql)))
                wrong.Add("OSQL010 advice " + string.Join(", ", findings.Where(f => f.Kind == SqlFindingKind.UnindexedColumn).Select(f => f.QualifiedColumns))
                    + " in: " + sql + "\n    with the advised indexes SQLite scans as much: " + string.Join(" | ", after.Select(r => r.Detail)));
        }
        _output.WriteLine("advice checked by creating the index: " + advised + "; OSQL011 checked against the bytecode: " + defeats);
        Assert.True(advised >= 40, "only " + advised + " OSQL010 findings in the corpus");
        Assert.True(defeats >= 15, "only " + defeats + " OSQL011 findings in the corpus");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void Order_by_verdicts_agree_with_explain_query_plan()
    {
        var schema = SchemaModel.FromSql(Schema);
        using var original = Database();
        int total = 0, agree = 0;
        var unexpected = new List<string>();
        foreach (var sql in Corpus.Where(q => q.Contains("ORDER BY", StringComparison.Ordinal)))
        {
            total++;
            var plan = original.Plan(sql);
            bool planner = plan.Any(r => r.Detail.Contains("TEMP B-TREE FOR ORDER BY") || r.Detail.Contains("TEMP B-TREE FOR RIGHT PART OF ORDER BY") || r.Detail.Contains("LAST TERM OF ORDER BY"));
            bool analyzer = SqlQueryAnalysis.Analyze(sql, schema, rethrow: true).Any(f => f.Kind == SqlFindingKind.UnindexedOrderBy);
            if (planner == analyzer) agree++;
            else unexpected.Add(sql + " planner sorts: " + planner + ", analyzer: " + analyzer + "  plan: " + string.Join(" | ", plan.Select(r => r.Detail)));
        }
        _output.WriteLine("ORDER BY agreement: " + agree + "/" + total);
        Assert.True(unexpected.Count == 0, string.Join("\n", unexpected));
    }
}
