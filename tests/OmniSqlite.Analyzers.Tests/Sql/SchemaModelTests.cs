using OmniSqlite.Analyzers.Analysis;
using OmniSqlite.Analyzers.Model;
using Xunit;

namespace OmniSqlite.Analyzers.Tests.Sql;

public class SchemaModelTests
{
    [Fact]
    public void Integer_primary_key_is_the_rowid_and_other_keys_are_indexes()
    {
        var schema = SchemaModel.FromSql(
            "CREATE TABLE a (id INTEGER PRIMARY KEY, slug TEXT UNIQUE, n INT); " +
            "CREATE TABLE b (id INT PRIMARY KEY, x TEXT); " +
            "CREATE TABLE c (k TEXT, v TEXT, PRIMARY KEY (k, v)) WITHOUT ROWID; " +
            "CREATE TABLE d (id INTEGER, PRIMARY KEY (id))");
        var a = schema.FindTable("A")!;
        Assert.Equal("id", a.RowidAlias);
        Assert.True(a.IsRowid("ID"));
        Assert.True(a.IsRowid("rowid"));
        Assert.Contains(a.Indexes, ix => ix.IsUnique && ix.LeftmostKey == "slug");
        var b = schema.FindTable("b")!;
        Assert.Null(b.RowidAlias); // INT is not INTEGER: an ordinary unique index
        Assert.Contains(b.Indexes, ix => ix.IsUnique && ix.LeftmostKey == "id");
        var c = schema.FindTable("c")!;
        Assert.True(c.WithoutRowid);
        Assert.False(c.IsRowid("rowid"));
        Assert.Contains(c.Indexes, ix => ix.Keys.SequenceEqual(new[] { "k", "v" }));
        Assert.Equal("id", schema.FindTable("d")!.RowidAlias);
    }

    [Fact]
    public void Create_index_attaches_to_its_table_in_any_order_and_keeps_collation()
    {
        var schema = SchemaModel.FromSql(
            "CREATE INDEX ix_t_name ON t (name); CREATE INDEX ix_t_expr ON t (lower(name)); CREATE INDEX ix_missing ON nowhere (x);",
            "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT COLLATE NOCASE, other TEXT)");
        var t = schema.FindTable("t")!;
        Assert.Contains(t.Indexes, ix => ix.Name == "ix_t_name" && ix.Collations[0] == "NOCASE");
        Assert.Contains(t.Indexes, ix => ix.Name == "ix_t_expr" && ix.LeftmostKey == "=lower(name)");
        Assert.Null(schema.FindTable("nowhere"));
    }

    [Fact]
    public void Entities_become_tables_with_their_indexes()
    {
        ColumnModel Column(string property, ValueKind kind, bool pk = false, bool indexed = false, bool unique = false, string? column = null)
            => new(property, column, "global::System.Int64", kind, ValueKind.Int32, false, false, pk, pk, unique, indexed, null, false, MemberSetter.Settable, -1);
        var entity = new EntityModel("App", "Campaign", "Campaign", "App.Campaign", "global::App.Campaign", "campaigns", true,
            new[]
            {
                Column("Id", ValueKind.Int64, pk: true),
                Column("ClientId", ValueKind.Int64, indexed: true),
                Column("Status", ValueKind.String),
                Column("CreatedAt", ValueKind.DateTime, column: "created_at"),
                Column("Slug", ValueKind.String, unique: true),
            }.ToEquatableArray(),
            new[] { new IndexModel(null, new[] { "Status", "CreatedAt" }.ToEquatableArray(), false) }.ToEquatableArray());
        var schema = SchemaModel.FromEntities(new[] { OmniSqlite.Analyzers.Parsing.Naming.Resolve(entity, new AssemblySettings(NamingStyle.SnakeCase, "App")) });
        var t = schema.FindTable("campaigns")!;
        Assert.Equal("global::App.Campaign", t.EntityTypeName);
        Assert.Equal("id", t.RowidAlias);
        Assert.Equal("ClientId", t.FindColumn("client_id")!.MemberName);
        Assert.Contains(t.Indexes, ix => ix.LeftmostKey == "client_id");
        Assert.Contains(t.Indexes, ix => ix.LeftmostKey == "slug" && ix.IsUnique);
        Assert.Contains(t.Indexes, ix => ix.Keys.SequenceEqual(new[] { "status", "created_at" }));

        Assert.Empty(SqlQueryAnalysis.Analyze("SELECT * FROM campaigns WHERE client_id = @c", schema));
        var finding = Assert.Single(SqlQueryAnalysis.Analyze("SELECT * FROM campaigns WHERE created_at > @c", schema));
        Assert.Equal(SqlFindingKind.UnindexedColumn, finding.Kind);
        Assert.Equal("'campaigns.created_at'", finding.QualifiedColumns);
    }

    [Fact]
    public void Multi_column_predicate_names_equalities_first_then_one_range()
    {
        var schema = SchemaModel.FromSql("CREATE TABLE t (id INTEGER PRIMARY KEY, a INT, b INT, c INT, d INT)");
        const string sql = "SELECT * FROM t WHERE c > 1 AND a = 1 AND d < 5 AND b = 2";
        var finding = Assert.Single(SqlQueryAnalysis.Analyze(sql, schema));
        Assert.Equal(new[] { "a", "b", "c" }, finding.Columns.Items);
        Assert.Equal("c", sql.Substring(finding.Start, finding.Length));
    }

    [Fact]
    public void Unknown_columns_and_opt_in_unknown_tables()
    {
        var schema = SchemaModel.FromSql("CREATE TABLE t (id INTEGER PRIMARY KEY, a INT)");
        var findings = SqlQueryAnalysis.Analyze("SELECT t.nope, a AS x FROM t WHERE missing = 1 ORDER BY x", schema);
        Assert.Equal(new[] { "nope", "missing" }, findings.Where(f => f.Kind == SqlFindingKind.UnknownColumn).Select(f => f.Columns[0]));
        Assert.DoesNotContain(SqlQueryAnalysis.Analyze("SELECT * FROM other WHERE z = 1", schema), f => f.Kind == SqlFindingKind.UnknownTable);
        var opted = SqlQueryAnalysis.Analyze("SELECT * FROM other WHERE z = 1", schema, new SqlAnalysisOptions(ReportUnknownTables: true));
        Assert.Equal(SqlFindingKind.UnknownTable, Assert.Single(opted).Kind);
        Assert.Empty(SqlQueryAnalysis.Analyze("INSERT INTO t (id, a) VALUES (1, 2)", schema));
        Assert.Single(SqlQueryAnalysis.Analyze("INSERT INTO t (id, b) VALUES (1, 2)", schema));
        Assert.Single(SqlQueryAnalysis.Analyze("UPDATE t SET b = 1 WHERE id = 1", schema));
        Assert.DoesNotContain(SqlQueryAnalysis.Analyze("WITH x AS (SELECT a FROM t) SELECT a FROM x WHERE a = 1", schema), f => f.Kind == SqlFindingKind.UnknownColumn);
    }

    [Fact]
    public void Views_partial_index_conditions_and_foreign_keys_are_read()
    {
        var schema = SchemaModel.FromSql(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, a INT, b TEXT, p INT REFERENCES parent (id), FOREIGN KEY (a, b) REFERENCES other (x, y)); " +
            "CREATE INDEX ix_live ON t (a) WHERE b IS NOT NULL AND (a = 1 OR a = 2); " +
            "CREATE VIEW IF NOT EXISTS v (x, y) AS SELECT a, b FROM t WHERE a > 0");
        var index = schema.FindTable("t")!.Indexes.Single(i => i.Name == "ix_live");
        Assert.True(index.IsPartial);
        Assert.Equal(new[] { "(bis notnull)", "(a=1)\n(a=2)" }, index.Condition.Items);
        var view = Assert.Single(schema.Views.Items);
        Assert.Equal(("v", "SELECT a, b FROM t WHERE a > 0"), (view.Name, view.Select));
        Assert.Equal(new[] { "x", "y" }, view.Columns.Items);
        Assert.Null(schema.FindTable("v"));
        var create = Assert.IsType<OmniSqlite.Analyzers.Parsing.Sql.SqlCreateTableStatement>(OmniSqlite.Analyzers.Parsing.Sql.SqlParser.Parse(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, p INT REFERENCES parent (id) ON DELETE CASCADE, FOREIGN KEY (a, b) REFERENCES other (x, y))").Statements.Single());
        Assert.Equal("parent", create.Columns[1].References!.Value);
        Assert.Equal(new[] { "a", "b" }, create.ForeignKeys.Single().Columns.Select(c => c.Value));
        Assert.Equal("other", create.ForeignKeys.Single().Parent.Value);
    }

    [Fact]
    public void A_view_column_filter_is_a_filter_on_its_base_column()
    {
        var schema = SchemaModel.FromSql(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, a INT, b TEXT); CREATE VIEW v AS SELECT id, a AS renamed, b FROM t WHERE b = 'x'");
        var finding = Assert.Single(SqlQueryAnalysis.Analyze("SELECT * FROM v WHERE renamed = 1", schema, rethrow: true));
        Assert.Equal((SqlFindingKind.UnindexedColumn, "t", "renamed"), (finding.Kind, finding.Table, "SELECT * FROM v WHERE renamed = 1".Substring(finding.Start, finding.Length)));
        Assert.Equal(new[] { "a", "b" }, finding.Columns.Items.OrderBy(c => c)); // the view's own WHERE filters the base table too
        Assert.Contains(SqlQueryAnalysis.Analyze("SELECT nope FROM v", schema, rethrow: true), f => f.Kind == SqlFindingKind.UnknownColumn && f.Table == "v");
        Assert.Empty(SqlQueryAnalysis.Analyze("SELECT * FROM v WHERE id = 1", schema, rethrow: true));
    }
}
