using Microsoft.Data.Sqlite;
using Xunit;

namespace OmniSqlite.Tests.Profiles;

public sealed class QueryPlanTests : IDisposable
{
    private readonly SqliteConnection _connection;

    public QueryPlanTests()
    {
        _connection = Db.OpenPlain("Data Source=:memory:;Pooling=False");
        Db.Exec(_connection,
            "CREATE TABLE campaigns(id INTEGER PRIMARY KEY, client_id INTEGER, status TEXT, created_at TEXT, budget REAL);" +
            "CREATE INDEX idx_campaigns_client_id ON campaigns(client_id);" +
            "CREATE INDEX idx_campaigns_status_created ON campaigns(status, created_at);" +
            "CREATE TABLE clients(id INTEGER PRIMARY KEY, name TEXT, region TEXT);" +
            "CREATE TABLE events(campaign_id INTEGER, kind TEXT, at TEXT);" +
            "CREATE TABLE settings(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;" +
            "CREATE VIEW active AS SELECT * FROM campaigns WHERE status = 'active';");
    }

    public void Dispose() => _connection.Dispose();

    [Fact]
    public void Indexed_equality_is_a_search_and_no_full_scan()
    {
        var plan = _connection.ExplainQueryPlan("SELECT * FROM campaigns WHERE client_id = @clientId");
        Assert.Empty(plan.FullScans);
        var node = Assert.Single(plan.Nodes);
        Assert.Equal(QueryPlanNodeKind.Search, node.Kind);
        Assert.Equal("campaigns", node.Table);
        Assert.Equal("idx_campaigns_client_id", node.Index);
        Assert.Equal("client_id=?", node.Constraints);
        Assert.True(plan.UsesIndex("idx_campaigns_client_id"));
    }

    [Fact]
    public void Unindexed_filter_is_a_full_scan()
    {
        var plan = _connection.ExplainQueryPlan("SELECT * FROM campaigns WHERE budget > $min", new Dictionary<string, object?> { ["min"] = 10.5 });
        Assert.Equal(new[] { "campaigns" }, plan.FullScans);
        Assert.True(plan.IsFullScan("CAMPAIGNS"));
    }

    [Fact]
    public void Aliases_are_resolved_to_table_names()
    {
        var plan = _connection.ExplainQueryPlan("SELECT c.name FROM campaigns AS k JOIN clients c ON c.id = k.client_id WHERE k.budget > 1");
        Assert.Equal(new[] { "campaigns" }, plan.FullScans);
        Assert.Contains(plan.Nodes, n => n.Name == "k" && n.Table == "campaigns" && n.IsFullScan);
        Assert.Contains(plan.Nodes, n => n.Name == "c" && n.Table == "clients" && n.UsesPrimaryKey && !n.IsFullScan);

        var quoted = _connection.ExplainQueryPlan("SELECT * FROM clients AS \"my clients\" WHERE region = 'eu'");
        Assert.Equal(new[] { "clients" }, quoted.FullScans);
        Assert.Equal("my clients", quoted.Nodes[0].Name);

        var selfJoin = _connection.ExplainQueryPlan("SELECT * FROM clients a JOIN clients b ON a.region = b.name");
        Assert.Equal(new[] { "clients" }, selfJoin.FullScans);
    }

    [Fact]
    public void A_scan_through_a_covering_index_still_counts_as_a_full_scan()
    {
        // status is not the leftmost column of any index, but (status, created_at) covers the query: SQLite reads the whole index.
        var plan = _connection.ExplainQueryPlan("SELECT status FROM campaigns WHERE created_at = ?");
        var node = Assert.Single(plan.Nodes);
        Assert.Equal(QueryPlanNodeKind.Scan, node.Kind);
        Assert.True(node.IsCoveringIndex);
        Assert.Equal("idx_campaigns_status_created", node.Index);
        Assert.Equal(new[] { "campaigns" }, plan.FullScans);

        var ordered = _connection.ExplainQueryPlan("SELECT * FROM campaigns ORDER BY client_id");
        Assert.Equal(new[] { "campaigns" }, ordered.FullScans);
        Assert.False(ordered.UsesTempBTree);
    }

    [Fact]
    public void Constant_row_primary_keys_and_without_rowid_tables_are_not_scans()
    {
        Assert.Empty(_connection.ExplainQueryPlan("SELECT 1").FullScans);
        Assert.Equal(QueryPlanNodeKind.ConstantRow, _connection.ExplainQueryPlan("SELECT 1").Nodes[0].Kind);
        Assert.Empty(_connection.ExplainQueryPlan("SELECT * FROM campaigns WHERE id = 5").FullScans);
        Assert.Empty(_connection.ExplainQueryPlan("SELECT * FROM campaigns WHERE id BETWEEN 1 AND 5").FullScans);
        var pk = _connection.ExplainQueryPlan("SELECT value FROM settings WHERE key = :key");
        Assert.Empty(pk.FullScans);
        Assert.True(pk.Nodes[0].UsesPrimaryKey);
        Assert.Equal(new[] { "settings" }, _connection.ExplainQueryPlan("SELECT key FROM settings WHERE value = 'x'").FullScans);
    }

    [Fact]
    public void Join_without_an_index_lists_the_automatic_index_table_as_fully_scanned()
    {
        var plan = _connection.ExplainQueryPlan("SELECT * FROM clients c JOIN events e ON e.kind = c.name");
        Assert.True(plan.AutomaticIndexes.Count > 0, plan.ToString());
        Assert.Contains("events", plan.AutomaticIndexes);
        Assert.Contains("events", plan.FullScans);
        Assert.Contains("clients", plan.FullScans);
    }

    [Fact]
    public void Subqueries_hang_under_their_parent_and_their_scans_are_listed()
    {
        var plan = _connection.ExplainQueryPlan("SELECT * FROM campaigns WHERE client_id IN (SELECT id FROM clients WHERE region = 'eu')");
        Assert.Contains("clients", plan.FullScans);
        Assert.DoesNotContain("campaigns", plan.FullScans);
        var subquery = Assert.Single(plan.Nodes, n => n.Kind == QueryPlanNodeKind.Subquery);
        Assert.Contains(subquery.Children, c => c.Table == "clients" && c.IsFullScan);

        var scalar = _connection.ExplainQueryPlan("SELECT name, (SELECT count(*) FROM campaigns k WHERE k.client_id = c.id) FROM clients c");
        Assert.Equal(new[] { "clients" }, scalar.FullScans);
        Assert.Contains(scalar.Nodes, n => n.Kind == QueryPlanNodeKind.Subquery && n.Detail.StartsWith("CORRELATED"));

        var max = _connection.ExplainQueryPlan("SELECT * FROM campaigns WHERE budget = (SELECT max(budget) FROM campaigns)");
        Assert.Equal(new[] { "campaigns" }, max.FullScans);
        // max() over an unindexed column prints 'SEARCH campaigns' without USING, and still reads every row.
        Assert.Contains(max.Nodes, n => n.Kind == QueryPlanNodeKind.Search && n.IsFullScan);
    }

    [Fact]
    public void Ctes_and_derived_tables_are_not_tables_but_what_they_read_is()
    {
        var recursive = _connection.ExplainQueryPlan("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10) SELECT * FROM n");
        Assert.Empty(recursive.FullScans);
        Assert.Contains(recursive.Nodes, n => n.Kind == QueryPlanNodeKind.CoRoutine && n.Name == "n");

        var materialized = _connection.ExplainQueryPlan(
            "WITH eu AS MATERIALIZED (SELECT * FROM clients WHERE region = 'eu') SELECT * FROM eu a, eu b WHERE a.name = b.name");
        Assert.Equal(new[] { "clients" }, materialized.FullScans);
        Assert.Empty(materialized.AutomaticIndexes);

        var derived = _connection.ExplainQueryPlan("SELECT * FROM (SELECT client_id, count(*) AS n FROM campaigns GROUP BY client_id) s WHERE s.n > 2");
        Assert.Equal(new[] { "campaigns" }, derived.FullScans);

        var view = _connection.ExplainQueryPlan("SELECT * FROM active");
        Assert.Empty(view.FullScans); // the view's status = 'active' uses idx_campaigns_status_created
        Assert.True(view.UsesIndex("idx_campaigns_status_created"));
    }

    [Fact]
    public void Or_compound_and_sorting_shapes_are_classified()
    {
        var multi = _connection.ExplainQueryPlan("SELECT * FROM campaigns WHERE client_id = 1 OR id = 2");
        Assert.Empty(multi.FullScans);
        Assert.Contains(multi.Nodes, n => n.Kind == QueryPlanNodeKind.MultiIndexOr);

        var or = _connection.ExplainQueryPlan("SELECT * FROM campaigns WHERE client_id = 1 OR budget = 2");
        Assert.Equal(new[] { "campaigns" }, or.FullScans);

        var union = _connection.ExplainQueryPlan("SELECT name FROM clients UNION SELECT kind FROM events");
        Assert.Equal(new[] { "clients", "events" }, union.FullScans);
        Assert.Contains(union.Nodes, n => n.Kind == QueryPlanNodeKind.Compound);

        var sorted = _connection.ExplainQueryPlan("SELECT * FROM clients ORDER BY name");
        Assert.True(sorted.UsesTempBTree);
        Assert.Contains("USE TEMP B-TREE FOR ORDER BY", sorted.ToString());
    }

    [Fact]
    public void Writes_are_explained_without_running()
    {
        var update = _connection.ExplainQueryPlan("UPDATE events SET kind = 'x' WHERE at = @at");
        Assert.Equal(new[] { "events" }, update.FullScans);
        var delete = _connection.ExplainQueryPlan("DELETE FROM campaigns WHERE client_id = @c");
        Assert.Empty(delete.FullScans);
        var insert = _connection.ExplainQueryPlan("INSERT INTO events(campaign_id, kind) SELECT id, status FROM campaigns WHERE budget > 5");
        Assert.Equal(new[] { "campaigns" }, insert.FullScans);
        Assert.Equal(0, Db.Long(_connection, "SELECT count(*) FROM events"));
    }

    [Fact]
    public void Schema_qualified_names_and_table_valued_functions()
    {
        var qualified = _connection.ExplainQueryPlan("SELECT * FROM main.clients WHERE region = 'eu'");
        Assert.Equal(new[] { "clients" }, qualified.FullScans);
        var tvf = _connection.ExplainQueryPlan("SELECT * FROM pragma_table_info('clients')");
        Assert.Empty(tvf.FullScans);
        Assert.Equal(QueryPlanNodeKind.VirtualTable, tvf.Nodes[0].Kind);
    }

    [Fact]
    public void The_tree_prints_like_the_sqlite_shell()
    {
        var plan = _connection.ExplainQueryPlan("SELECT * FROM campaigns WHERE client_id IN (SELECT id FROM clients WHERE region = 'eu')");
        var text = plan.ToString();
        Assert.StartsWith("QUERY PLAN\n|--", text);
        Assert.Contains("\n   |--SCAN clients", text);
        Assert.Equal(plan.Nodes.Count, plan.Roots.Sum(CountTree));

        static int CountTree(QueryPlanNode n) => 1 + n.Children.Sum(CountTree);
    }

    [Fact]
    public void A_command_is_explained_with_its_parameters()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT * FROM campaigns WHERE status = $status AND created_at > $since";
        command.Parameters.AddWithValue("$status", "active");
        var plan = command.ExplainQueryPlan();
        Assert.Empty(plan.FullScans);
        Assert.True(plan.UsesIndex("idx_campaigns_status_created"));
        Assert.Equal(command.CommandText, plan.Sql);
    }

    [Fact]
    public void Bad_sql_is_refused_clearly_and_nothing_runs()
    {
        var ex = Assert.Throws<SqliteException>(() => _connection.ExplainQueryPlan("SELECT * FROM no_such_table"));
        Assert.Contains("no such table: no_such_table", ex.Message);
        var multi = Assert.Throws<ArgumentException>(() => _connection.ExplainQueryPlan("SELECT 1; DELETE FROM clients"));
        Assert.Contains("one statement", multi.Message);
        Assert.Throws<ArgumentException>(() => _connection.ExplainQueryPlan("   "));
        Assert.Throws<ArgumentException>(() => _connection.ExplainQueryPlan("-- only a comment"));
        // A trailing semicolon and comment are fine.
        Assert.Empty(_connection.ExplainQueryPlan("SELECT * FROM clients WHERE id = 1; -- by key").FullScans);
    }

    [Fact]
    public void Plan_lines_are_classified_from_their_text()
    {
        var node = Node("SEARCH u EXISTS USING AUTOMATIC PARTIAL COVERING INDEX (tid=? AND x=?)");
        Assert.Equal("u", node.Name);
        Assert.True(node.IsAutomaticIndex);
        Assert.True(node.IsCoveringIndex);
        Assert.True(node.IsFullScan);
        Assert.Null(node.Index);
        Assert.Equal("tid=? AND x=?", node.Constraints);

        node = Node("SEARCH u USING AUTOMATIC COVERING INDEX (x=?) LEFT-JOIN");
        Assert.Equal("u", node.Name);
        Assert.Equal("x=?", node.Constraints);

        node = Node("SEARCH t USING INDEX sqlite_autoindex_t_1 (a=? AND b>?)");
        Assert.Equal("sqlite_autoindex_t_1", node.Index);
        Assert.False(node.IsFullScan);

        node = Node("SCAN t USING INDEX ia");
        Assert.Equal("ia", node.Index);
        Assert.True(node.IsFullScan);
        Assert.False(node.IsCoveringIndex);

        Assert.Equal(QueryPlanNodeKind.Other, Node("RECURSIVE STEP").Kind);
        Assert.Equal(QueryPlanNodeKind.BloomFilter, Node("BLOOM FILTER ON v (k=?)").Kind);
        Assert.Equal(QueryPlanNodeKind.Compound, Node("MERGE (UNION)").Kind);
        Assert.Equal(QueryPlanNodeKind.CoRoutine, Node("MATERIALIZE m").Kind);
        Assert.Equal(QueryPlanNodeKind.Subquery, Node("LIST SUBQUERY 1").Kind);

        static QueryPlanNode Node(string detail)
        {
            var n = new QueryPlanNode(2, 0, detail);
            QueryPlanExtensions.Classify(n);
            return n;
        }
    }
}
