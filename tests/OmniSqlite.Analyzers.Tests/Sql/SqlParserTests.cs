using OmniSqlite.Analyzers.Parsing.Sql;
using Xunit;

namespace OmniSqlite.Analyzers.Tests.Sql;

public class SqlParserTests
{
    // Statement -> the statement type it must parse to (every one valid SQLite).
    public static TheoryData<string, string> Valid => new()
    {
        { "SELECT 1", "Select" },
        { "select * from campaigns where client_id = @clientId", "Select" },
        { "SELECT id, name FROM contents WHERE campaign_id = $id", "Select" },
        { "SELECT * FROM audio_generations WHERE task_id = :task", "Select" },
        { "SELECT * FROM t WHERE a = ? AND b = ?1 AND c = ?2", "Select" },
        { "SELECT c.id, t.title FROM campaigns c JOIN contents t ON t.campaign_id = c.id ORDER BY t.created_at DESC", "Select" },
        { "SELECT * FROM a LEFT OUTER JOIN b ON a.id = b.a_id LEFT JOIN c USING (id)", "Select" },
        { "SELECT * FROM a NATURAL JOIN b CROSS JOIN c, d INNER JOIN e ON e.x = d.x", "Select" },
        { "SELECT * FROM a RIGHT JOIN b ON a.x = b.x FULL OUTER JOIN c ON c.y = b.y", "Select" },
        { "SELECT * FROM (SELECT id FROM t WHERE x > 1) AS sub WHERE sub.id < 5", "Select" },
        { "SELECT * FROM (a JOIN b ON a.id = b.aid) JOIN c ON c.bid = b.id", "Select" },
        { "WITH recent AS (SELECT * FROM t WHERE created_at > ?) SELECT count(*) FROM recent", "Select" },
        { "WITH RECURSIVE cnt(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM cnt WHERE x < 10) SELECT x FROM cnt", "Select" },
        { "WITH a AS MATERIALIZED (SELECT 1), b AS NOT MATERIALIZED (SELECT 2) SELECT * FROM a, b", "Select" },
        { "SELECT a FROM t UNION SELECT a FROM u EXCEPT SELECT a FROM v INTERSECT SELECT a FROM w ORDER BY 1 LIMIT 10 OFFSET 5", "Select" },
        { "SELECT DISTINCT \"user\".\"name\" FROM \"user\" WHERE [order] = 1 AND `group` = 2", "Select" },
        { "SELECT * FROM main.t AS x INDEXED BY idx_t_a WHERE x.a = 1", "Select" },
        { "SELECT * FROM t NOT INDEXED WHERE a = 1", "Select" },
        { "SELECT count(DISTINCT a), max(b), group_concat(c, ',') FROM t GROUP BY d HAVING count(*) > 1", "Select" },
        { "SELECT CASE WHEN a > 1 THEN 'x' WHEN a < 0 THEN 'y' ELSE 'z' END FROM t", "Select" },
        { "SELECT CASE a WHEN 1 THEN 'one' END, CAST(b AS INTEGER), CAST(c AS VARCHAR(10)) FROM t", "Select" },
        { "SELECT * FROM t WHERE a BETWEEN 1 AND 5 AND b NOT BETWEEN ? AND ?", "Select" },
        { "SELECT * FROM t WHERE a IN (1, 2, 3) OR b NOT IN (SELECT x FROM u) OR c IN ()", "Select" },
        { "SELECT * FROM t WHERE name LIKE '%x%' ESCAPE '\\' AND title NOT GLOB 'a*' AND s REGEXP 'x'", "Select" },
        { "SELECT * FROM t WHERE a IS NULL AND b IS NOT NULL AND c ISNULL AND d NOTNULL AND e NOT NULL", "Select" },
        { "SELECT * FROM t WHERE a IS DISTINCT FROM b AND c IS NOT DISTINCT FROM d", "Select" },
        { "SELECT * FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.t_id = t.id) AND NOT EXISTS (SELECT 1 FROM v)", "Select" },
        { "SELECT * FROM t WHERE lower(name) = 'x' AND +id = 5 AND -a < ~b", "Select" },
        { "SELECT a || b, a -> '$.x', a ->> '$.y', a << 2, a & 3, a % 2 FROM t", "Select" },
        { "SELECT * FROM t WHERE name = 'O''Brien' COLLATE NOCASE", "Select" },
        { "SELECT x'DEADBEEF', 0x1F, 1.5e10, .5, 1_000, NULL, TRUE, FALSE, CURRENT_TIMESTAMP", "Select" },
        { "SELECT * FROM t WHERE (a, b) = (1, 2)", "Select" },
        { "SELECT row_number() OVER (PARTITION BY a ORDER BY b) AS rn, sum(x) FILTER (WHERE x > 0) OVER w FROM t WINDOW w AS (ORDER BY c)", "Select" },
        { "SELECT value FROM json_each(?) WHERE value > 1", "Select" },
        { "SELECT * FROM t ORDER BY a COLLATE NOCASE DESC NULLS LAST, b ASC LIMIT 5, 10", "Select" },
        { "VALUES (1, 2), (3, 4)", "Select" },
        { "SELECT * FROM t -- comment\n WHERE /* block */ a = 1", "Select" },
        { "SELECT (SELECT max(id) FROM u) AS m, t.* FROM t", "Select" },
        { "EXPLAIN QUERY PLAN SELECT * FROM t WHERE a = 1", "Select" },
        { "INSERT INTO t (a, b) VALUES (1, 2), (@a, @b)", "Insert" },
        { "INSERT OR REPLACE INTO t VALUES (1)", "Insert" },
        { "REPLACE INTO t (a) SELECT x FROM u WHERE y = 1", "Insert" },
        { "INSERT INTO t DEFAULT VALUES", "Insert" },
        { "INSERT INTO t (id, a) VALUES (1, 2) ON CONFLICT (id) DO UPDATE SET a = excluded.a WHERE a <> excluded.a", "Insert" },
        { "INSERT INTO t (a) VALUES (1) ON CONFLICT DO NOTHING RETURNING id", "Insert" },
        { "WITH s AS (SELECT 1 AS a) INSERT INTO t (a) SELECT a FROM s", "Insert" },
        { "UPDATE campaigns SET status = @status, updated_at = CURRENT_TIMESTAMP WHERE id = @id", "Update" },
        { "UPDATE OR IGNORE t AS x SET (a, b) = (1, 2) FROM u WHERE u.id = x.u_id RETURNING *", "Update" },
        { "DELETE FROM contents WHERE campaign_id = ?", "Delete" },
        { "DELETE FROM t AS x WHERE x.a IN (SELECT a FROM u) RETURNING a", "Delete" },
        { "CREATE TABLE campaigns (id INTEGER PRIMARY KEY AUTOINCREMENT, client_id INTEGER NOT NULL, name TEXT)", "CreateTable" },
        { "CREATE TABLE IF NOT EXISTS \"contents\" (\"id\" INTEGER NOT NULL PRIMARY KEY, \"campaign_id\" INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE, \"created_at\" TEXT DEFAULT (datetime('now')))", "CreateTable" },
        { "CREATE TABLE t (a TEXT, b INT, PRIMARY KEY (a, b), UNIQUE (b), CHECK (b > 0), FOREIGN KEY (a) REFERENCES u (x) DEFERRABLE INITIALLY DEFERRED) WITHOUT ROWID", "CreateTable" },
        { "CREATE TEMP TABLE t (a VARCHAR(20) COLLATE NOCASE UNIQUE, b DECIMAL(10, 2) DEFAULT -1, c AS (a || b) STORED) STRICT", "CreateTable" },
        { "CREATE TABLE t2 AS SELECT * FROM t", "CreateTable" },
        { "CREATE TABLE t (x CONSTRAINT pk PRIMARY KEY DESC ON CONFLICT REPLACE, y GENERATED ALWAYS AS (x * 2) VIRTUAL)", "CreateTable" },
        { "CREATE INDEX idx_campaigns_client_id ON campaigns (client_id)", "CreateIndex" },
        { "CREATE UNIQUE INDEX IF NOT EXISTS ux ON t (a COLLATE NOCASE DESC, b)", "CreateIndex" },
        { "CREATE INDEX ix ON t (lower(name)) WHERE deleted = 0", "CreateIndex" },
        { "PRAGMA journal_mode = WAL", "Unknown" },
        { "BEGIN IMMEDIATE", "Unknown" },
        { "CREATE VIEW v AS SELECT 1", "CreateView" },
        { "SELECT * FROM \"weird \"\" name\" w WHERE w.\"col\"\"x\" = 1", "Select" },
        { "select [end], \"select\" from [from] where [where] = 1", "Select" },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Parses_valid_statement(string sql, string kind)
    {
        var script = SqlParser.Parse(sql);
        var statement = Assert.Single(script.Statements);
        var unknown = statement as SqlUnknownStatement;
        Assert.True(unknown is null || unknown.Error is null, "parse error: " + unknown?.Error);
        Assert.Equal(kind, statement.GetType().Name.Replace("Sql", "").Replace("Statement", ""));
    }

    public static TheoryData<string> Malformed => new()
    {
        "", "   ", ";", ";;;", "SELECT", "SELECT * FROM", "SELECT * FROM t WHERE", "SELECT * FROM t WHERE a =",
        "SELECT (((((", "SELECT )))", "SELECT * FROM t WHERE a IN (", "SELECT * FROM t JOIN", "SELECT * FROM t JOIN u ON",
        "SELECT 'unterminated", "SELECT \"unterminated", "SELECT [unterminated", "SELECT * FROM t /* open comment",
        "INSERT INTO", "INSERT INTO t (", "INSERT INTO t VALUES (1", "UPDATE t SET", "UPDATE t SET a", "DELETE t",
        "CREATE TABLE", "CREATE TABLE t (", "CREATE TABLE t (a INT", "CREATE INDEX ON t (a)", "CREATE UNIQUE", "CREATE INDEX i ON t",
        "WITH x AS (SELECT 1)", "WITH", "SELECT CASE END", "SELECT CAST(a AS) FROM t", "SELECT 12abc", "SELECT @", "SELECT #",
        "SELECT * FROM t WHERE a BETWEEN 1", "SELECT * FROM t WHERE NOT", "SELECT a b c d FROM t", "FROM t SELECT a",
        "SELECT * FROM t ORDER BY", "SELECT * FROM t LIMIT", "SELECT x'zz", "\0\u0001\u0002", "SELECT 1 UNION", "SELECT * FROM (SELECT 1",
        "SELECT * FROM t WHERE a = 1 GARBAGE MORE", "\u00e9\u00e8 SELECT", "SELECT \ud800", "CREATE TABLE t (a INT REFERENCES)",
        new string('(', 5000) + "1" + new string(')', 5000),
        "SELECT " + string.Join(" + ", Enumerable.Repeat("1", 20000)),
        "SELECT " + new string('-', 3000) + "1",
        "SELECT " + string.Concat(Enumerable.Repeat("NOT ", 5000)) + "1",
        "SELECT * FROM t WHERE " + string.Concat(Enumerable.Repeat("(SELECT ", 2000)),
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_statement_never_throws(string sql)
    {
        var script = SqlParser.Parse(sql);
        Assert.NotNull(script.Statements);
        foreach (var statement in script.Statements)
        {
            Assert.True(statement.Start >= 0 && statement.End <= sql.Length && statement.Start <= statement.End);
            // The parser catches its own bugs so the build survives; a caught bug is still a failure here.
            Assert.False(statement is SqlUnknownStatement { IsInternalError: true }, "the parser failed internally: " + (statement as SqlUnknownStatement)?.Error);
        }
    }

    [Fact]
    public void Malformed_statements_end_as_syntax_errors_not_internal_errors()
    {
        // Every malformed case must be either parsed or refused with a syntax error that says where.
        int refused = 0;
        foreach (var sql in Malformed)
            foreach (var statement in SqlParser.Parse(sql).Statements)
                if (statement is SqlUnknownStatement { Error: { } error } unknown)
                {
                    Assert.False(unknown.IsInternalError, error);
                    refused++;
                }
        Assert.True(refused >= 30, "only " + refused + " malformed statements were refused");
    }

    [Theory]
    [InlineData("SELECT * FROM t WHERE a =")]
    [InlineData("SELECT * FROM t JOIN u ON")]
    [InlineData("SELECT 'unterminated")]
    [InlineData("SELECT a b c d FROM t")]
    public void Malformed_statement_is_unknown_with_a_reason(string sql)
    {
        var statement = Assert.Single(SqlParser.Parse(sql).Statements);
        var unknown = Assert.IsType<SqlUnknownStatement>(statement);
        Assert.False(string.IsNullOrEmpty(unknown.Error));
    }

    [Fact]
    public void Recovers_after_a_bad_statement()
    {
        var script = SqlParser.Parse("SELECT FROM WHERE; CREATE INDEX ix ON t (a); garbage (; SELECT * FROM t WHERE a = 1");
        Assert.Equal(4, script.Statements.Count);
        Assert.IsType<SqlUnknownStatement>(script.Statements[0]);
        Assert.IsType<SqlCreateIndexStatement>(script.Statements[1]);
        Assert.IsType<SqlSelectStatement>(script.Statements[3]);
    }

    [Fact]
    public void Select_exposes_tables_aliases_join_and_where()
    {
        var select = Parse<SqlSelectStatement>("SELECT c.id FROM campaigns AS c INNER JOIN contents t ON t.campaign_id = c.id WHERE c.client_id = @client ORDER BY t.created_at DESC").Select;
        var core = Assert.Single(select.Cores);
        Assert.Equal(2, core.From.Count);
        var first = Assert.IsType<SqlTableRef>(core.From[0].Source);
        Assert.Equal("campaigns", first.Name.Value);
        Assert.Equal("c", first.ExposedName);
        Assert.Equal(SqlJoinKind.Inner, core.From[1].Join);
        var on = Assert.IsType<SqlBinary>(core.From[1].On);
        Assert.Equal("=", on.Operator);
        Assert.Equal("t.campaign_id", on.Left.ToString());
        var where = Assert.IsType<SqlBinary>(core.Where);
        Assert.Equal("c.client_id", where.Left.ToString());
        Assert.Equal("client", Assert.IsType<SqlParameter>(where.Right).Name);
        var order = Assert.Single(select.OrderBy);
        Assert.True(order.Descending);
        Assert.Equal("t.created_at", order.Expression.ToString());
    }

    [Fact]
    public void Precedence_and_binds_tighter_than_or()
    {
        var where = Parse<SqlSelectStatement>("SELECT 1 FROM t WHERE a = 1 OR b = 2 AND c = 3").Select.Cores[0].Where;
        var or = Assert.IsType<SqlBinary>(where);
        Assert.Equal("OR", or.Operator);
        Assert.Equal("AND", Assert.IsType<SqlBinary>(or.Right).Operator);
    }

    [Fact]
    public void Quoted_names_are_unquoted_and_spans_point_into_the_text()
    {
        const string sql = "SELECT * FROM [my table] WHERE \"we\"\"ird\" = `x`";
        var core = Parse<SqlSelectStatement>(sql).Select.Cores[0];
        var table = Assert.IsType<SqlTableRef>(core.From[0].Source);
        Assert.Equal("my table", table.Name.Value);
        Assert.True(table.Name.Quoted);
        var where = Assert.IsType<SqlBinary>(core.Where);
        var column = Assert.IsType<SqlColumnRef>(where.Left);
        Assert.Equal("we\"ird", column.Column.Value);
        Assert.Equal("\"we\"\"ird\"", sql.Substring(column.Start, column.Length));
    }

    [Fact]
    public void Create_table_reads_columns_keys_and_options()
    {
        var table = Parse<SqlCreateTableStatement>("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, slug TEXT UNIQUE COLLATE NOCASE, a INT NOT NULL, b VARCHAR(10), UNIQUE (a, b)) WITHOUT ROWID");
        Assert.Equal("t", table.Name.Value);
        Assert.True(table.IfNotExists);
        Assert.True(table.WithoutRowid);
        Assert.Equal(new[] { "id", "slug", "a", "b" }, table.Columns.Select(c => c.Name.Value));
        Assert.True(table.Columns[0].PrimaryKey);
        Assert.Equal("INTEGER", table.Columns[0].TypeName);
        Assert.True(table.Columns[1].Unique);
        Assert.Equal("NOCASE", table.Columns[1].Collation);
        Assert.True(table.Columns[2].NotNull);
        Assert.Equal("VARCHAR(10)", table.Columns[3].TypeName);
        var key = Assert.Single(table.Keys);
        Assert.False(key.IsPrimaryKey);
        Assert.Equal(new[] { "a", "b" }, key.Columns.Select(c => c.Column!.Value));
    }

    [Fact]
    public void Create_index_reads_columns_collation_order_and_where()
    {
        var index = Parse<SqlCreateIndexStatement>("CREATE UNIQUE INDEX IF NOT EXISTS \"ix\" ON \"t\" (\"a\" COLLATE NOCASE DESC, lower(b)) WHERE c IS NOT NULL");
        Assert.True(index.Unique);
        Assert.Equal("ix", index.Name.Value);
        Assert.Equal("t", index.Table.Value);
        Assert.Equal("a", index.Columns[0].Column!.Value);
        Assert.Equal("NOCASE", index.Columns[0].Collation);
        Assert.True(index.Columns[0].Descending);
        Assert.Null(index.Columns[1].Column);
        Assert.IsType<SqlFunctionCall>(index.Columns[1].Expression);
        Assert.NotNull(index.Where);
    }

    [Fact]
    public void Parameters_are_found_in_order_with_every_prefix()
    {
        var statement = Assert.Single(SqlParser.Parse("UPDATE t SET a = @a, b = :b WHERE c = $c AND d = ? AND e = ?7").Statements);
        Assert.Equal(new[] { "@a", ":b", "$c", "?", "?7" }, SqlSyntaxWalker.Parameters(statement).Select(p => p.Text));
    }

    [Fact]
    public void Tokenizer_keeps_positions_and_skips_comments()
    {
        var tokens = SqlTokenizer.Tokenize("a /* x */ 'b''c' -- tail\n [d]");
        Assert.Equal(new[] { SqlTokenKind.Word, SqlTokenKind.String, SqlTokenKind.QuotedName, SqlTokenKind.End }, tokens.Select(t => t.Kind));
        Assert.Equal("b'c", tokens[1].Value);
        Assert.Equal(10, tokens[1].Start);
        Assert.Equal("d", tokens[2].Value);
    }

    private static T Parse<T>(string sql) where T : SqlStatement
    {
        var statement = Assert.Single(SqlParser.Parse(sql).Statements);
        if (statement is SqlUnknownStatement unknown) Assert.Fail("did not parse: " + unknown.Error);
        return Assert.IsType<T>(statement);
    }
}
