using System;
using System.Collections.Generic;

namespace OmniSqlite.Analyzers.Parsing.Sql
{
    // The syntax tree of the SQLite statements the analyzers reason about. Every node knows its span in the
    // SQL text (Start..End), so a diagnostic can point at the column inside the C# string literal. Parameters are
    // kept as nodes with their names, so a later check of parameters against C# arguments (Dapper.AOT style)
    // can walk the same tree (see SqlSyntaxWalker.Parameters).

    internal abstract class SqlNode
    {
        public int Start { get; set; }
        public int End { get; set; }
        public int Length => End - Start;
    }

    /// <summary>A name as written: its value (unquoted), whether it was quoted, and where it is.</summary>
    internal sealed class SqlName : SqlNode
    {
        public SqlName(string value, bool quoted, int start, int end) { Value = value; Quoted = quoted; Start = start; End = end; }
        public string Value { get; }
        public bool Quoted { get; }
        public bool Is(string other) => string.Equals(Value, other, StringComparison.OrdinalIgnoreCase);
        public override string ToString() => Value;
    }

    // ---------------- statements ----------------

    internal abstract class SqlStatement : SqlNode { }

    /// <summary>A statement the parser does not model (PRAGMA, BEGIN, ...) or could not parse. Yields no diagnostics.</summary>
    internal sealed class SqlUnknownStatement : SqlStatement
    {
        public SqlUnknownStatement(string? error) { Error = error; }
        /// <summary>Why parsing stopped, or null for a well-formed statement of an unmodelled kind.</summary>
        public string? Error { get; }
        /// <summary>True when parsing stopped on a bug of the parser (an exception other than a syntax error).</summary>
        public bool IsInternalError { get; init; }
        /// <summary>Where parsing stopped (the offending token), when <see cref="Error"/> is set.</summary>
        public int ErrorStart { get; set; }
        public int ErrorEnd { get; set; }
    }

    internal sealed class SqlSelectStatement : SqlStatement
    {
        public SqlSelectStatement(SqlSelect select) { Select = select; }
        public SqlSelect Select { get; }
    }

    internal sealed class SqlInsertStatement : SqlStatement
    {
        public List<SqlCte> With { get; } = new List<SqlCte>();
        public SqlTableRef Table { get; set; } = null!;
        public List<SqlName> Columns { get; } = new List<SqlName>();
        /// <summary>VALUES rows or a SELECT (a VALUES list is a select core with <see cref="SqlSelectCore.Values"/>).</summary>
        public SqlSelect? Source { get; set; }
        public bool DefaultValues { get; set; }
        /// <summary>Expressions of ON CONFLICT ... DO UPDATE SET and RETURNING, kept for name checks.</summary>
        public List<SqlExpr> OtherExpressions { get; } = new List<SqlExpr>();
        /// <summary>The RETURNING list as result columns (aliases and * kept), for [Query] mapping.</summary>
        public List<SqlResultColumn> ReturningColumns { get; } = new List<SqlResultColumn>();
    }

    internal sealed class SqlUpdateStatement : SqlStatement
    {
        public List<SqlCte> With { get; } = new List<SqlCte>();
        public SqlTableRef Table { get; set; } = null!;
        public List<SqlAssignment> Assignments { get; } = new List<SqlAssignment>();
        public List<SqlFromItem> From { get; } = new List<SqlFromItem>();
        public SqlExpr? Where { get; set; }
        public List<SqlExpr> Returning { get; } = new List<SqlExpr>();
        /// <summary>The RETURNING list as result columns (aliases and * kept), for [Query] mapping.</summary>
        public List<SqlResultColumn> ReturningColumns { get; } = new List<SqlResultColumn>();
    }

    internal sealed class SqlAssignment : SqlNode
    {
        public List<SqlName> Columns { get; } = new List<SqlName>();
        public SqlExpr Value { get; set; } = null!;
    }

    internal sealed class SqlDeleteStatement : SqlStatement
    {
        public List<SqlCte> With { get; } = new List<SqlCte>();
        public SqlTableRef Table { get; set; } = null!;
        public SqlExpr? Where { get; set; }
        public List<SqlExpr> Returning { get; } = new List<SqlExpr>();
        /// <summary>The RETURNING list as result columns (aliases and * kept), for [Query] mapping.</summary>
        public List<SqlResultColumn> ReturningColumns { get; } = new List<SqlResultColumn>();
    }

    internal sealed class SqlCreateTableStatement : SqlStatement
    {
        public SqlName Name { get; set; } = null!;
        public SqlName? Schema { get; set; }
        public bool IfNotExists { get; set; }
        public bool Temporary { get; set; }
        public bool WithoutRowid { get; set; }
        public bool Strict { get; set; }
        public List<SqlColumnDefinition> Columns { get; } = new List<SqlColumnDefinition>();
        /// <summary>Table-level PRIMARY KEY (...) and UNIQUE (...) constraints.</summary>
        public List<SqlKeyConstraint> Keys { get; } = new List<SqlKeyConstraint>();
        /// <summary>Table-level FOREIGN KEY (...) REFERENCES constraints (column-level ones are on the column).</summary>
        public List<SqlForeignKey> ForeignKeys { get; } = new List<SqlForeignKey>();
        /// <summary>CREATE TABLE ... AS SELECT (columns unknown to us, but the table exists).</summary>
        public SqlSelect? AsSelect { get; set; }
    }

    internal sealed class SqlColumnDefinition : SqlNode
    {
        public SqlName Name { get; set; } = null!;
        /// <summary>The declared type as written ("INTEGER", "VARCHAR(20)"), or empty.</summary>
        public string TypeName { get; set; } = "";
        public bool PrimaryKey { get; set; }
        public bool PrimaryKeyDescending { get; set; }
        public bool AutoIncrement { get; set; }
        public bool Unique { get; set; }
        public bool NotNull { get; set; }
        public string? Collation { get; set; }
        /// <summary>The parent table of a column-level REFERENCES constraint.</summary>
        public SqlName? References { get; set; }
    }

    internal sealed class SqlForeignKey : SqlNode
    {
        public List<SqlName> Columns { get; } = new List<SqlName>();
        public SqlName Parent { get; set; } = null!;
    }

    internal sealed class SqlKeyConstraint : SqlNode
    {
        public bool IsPrimaryKey { get; set; }
        public List<SqlIndexedColumn> Columns { get; } = new List<SqlIndexedColumn>();
    }

    internal sealed class SqlCreateViewStatement : SqlStatement
    {
        public SqlName Name { get; set; } = null!;
        public List<SqlName> Columns { get; } = new List<SqlName>();
        /// <summary>Where the SELECT starts in the text (the view's body is kept as text in the schema).</summary>
        public int SelectStart { get; set; }
        public SqlSelect Select { get; set; } = null!;
    }

    internal sealed class SqlCreateIndexStatement : SqlStatement
    {
        public SqlName Name { get; set; } = null!;
        public SqlName Table { get; set; } = null!;
        public bool Unique { get; set; }
        public bool IfNotExists { get; set; }
        public List<SqlIndexedColumn> Columns { get; } = new List<SqlIndexedColumn>();
        /// <summary>Partial index condition.</summary>
        public SqlExpr? Where { get; set; }
    }

    /// <summary>A column of an index or key: a plain column (<see cref="Column"/>) or an expression.</summary>
    internal sealed class SqlIndexedColumn : SqlNode
    {
        public SqlName? Column { get; set; }
        public SqlExpr? Expression { get; set; }
        public string? Collation { get; set; }
        public bool Descending { get; set; }
    }

    // ---------------- SELECT ----------------

    internal sealed class SqlCte : SqlNode
    {
        public SqlName Name { get; set; } = null!;
        public List<SqlName> Columns { get; } = new List<SqlName>();
        public SqlSelect Select { get; set; } = null!;
    }

    internal sealed class SqlSelect : SqlNode
    {
        public List<SqlCte> With { get; } = new List<SqlCte>();
        /// <summary>One core, or several joined by <see cref="CompoundOperators"/> (UNION, UNION ALL, INTERSECT, EXCEPT).</summary>
        public List<SqlSelectCore> Cores { get; } = new List<SqlSelectCore>();
        public List<string> CompoundOperators { get; } = new List<string>();
        public List<SqlOrderingTerm> OrderBy { get; } = new List<SqlOrderingTerm>();
        public SqlExpr? Limit { get; set; }
        public SqlExpr? Offset { get; set; }
    }

    internal sealed class SqlSelectCore : SqlNode
    {
        public bool Distinct { get; set; }
        public List<SqlResultColumn> Columns { get; } = new List<SqlResultColumn>();
        public List<SqlFromItem> From { get; } = new List<SqlFromItem>();
        public SqlExpr? Where { get; set; }
        public List<SqlExpr> GroupBy { get; } = new List<SqlExpr>();
        public SqlExpr? Having { get; set; }
        /// <summary>For a VALUES (...), (...) core: the rows.</summary>
        public List<List<SqlExpr>>? Values { get; set; }
    }

    internal sealed class SqlResultColumn : SqlNode
    {
        public SqlExpr? Expression { get; set; }
        /// <summary>* or table.*.</summary>
        public bool Star { get; set; }
        public SqlName? StarTable { get; set; }
        public SqlName? Alias { get; set; }
    }

    internal sealed class SqlOrderingTerm : SqlNode
    {
        public SqlExpr Expression { get; set; } = null!;
        public bool Descending { get; set; }
        public string? Collation { get; set; }
    }

    internal enum SqlJoinKind { None, Comma, Inner, Cross, Left, Right, Full }

    /// <summary>One entry of a FROM clause: the first source (<see cref="SqlJoinKind.None"/>) or a join to the ones before it.</summary>
    internal sealed class SqlFromItem : SqlNode
    {
        public SqlJoinKind Join { get; set; }
        public bool Natural { get; set; }
        public SqlTableSource Source { get; set; } = null!;
        public SqlExpr? On { get; set; }
        public List<SqlName> Using { get; } = new List<SqlName>();
    }

    internal abstract class SqlTableSource : SqlNode
    {
        public SqlName? Alias { get; set; }
    }

    internal sealed class SqlTableRef : SqlTableSource
    {
        public SqlName? Schema { get; set; }
        public SqlName Name { get; set; } = null!;
        public SqlName? IndexedBy { get; set; }
        public bool NotIndexed { get; set; }
        /// <summary>The name queries use for it: the alias, else the table name.</summary>
        public string ExposedName => Alias?.Value ?? Name.Value;
    }

    internal sealed class SqlSubquerySource : SqlTableSource
    {
        public SqlSelect Select { get; set; } = null!;
    }

    /// <summary>A parenthesised join: FROM (a JOIN b ON ...).</summary>
    internal sealed class SqlJoinGroupSource : SqlTableSource
    {
        public List<SqlFromItem> Items { get; } = new List<SqlFromItem>();
    }

    /// <summary>A table-valued function: json_each(x), pragma_table_info('t').</summary>
    internal sealed class SqlTableFunctionSource : SqlTableSource
    {
        public SqlName Name { get; set; } = null!;
        public List<SqlExpr> Arguments { get; } = new List<SqlExpr>();
    }

    // ---------------- expressions ----------------

    internal abstract class SqlExpr : SqlNode { }

    internal sealed class SqlColumnRef : SqlExpr
    {
        public SqlName? Schema { get; set; }
        public SqlName? Table { get; set; }
        public SqlName Column { get; set; } = null!;
        public override string ToString() => Table is null ? Column.Value : Table.Value + "." + Column.Value;
    }

    internal enum SqlLiteralKind { Number, String, Blob, Null, True, False, CurrentTime }

    internal sealed class SqlLiteral : SqlExpr
    {
        public SqlLiteral(SqlLiteralKind kind, string value) { Kind = kind; Value = value; }
        public SqlLiteralKind Kind { get; }
        /// <summary>Strings unquoted; others as written.</summary>
        public string Value { get; }
    }

    internal sealed class SqlParameter : SqlExpr
    {
        public SqlParameter(string text) { Text = text; }
        /// <summary>As written: ?, ?1, :a, @a, $a.</summary>
        public string Text { get; }
        /// <summary>The name without its prefix, or null for ? / ?N.</summary>
        public string? Name => Text.Length > 1 && Text[0] != '?' ? Text.Substring(1) : null;
    }

    /// <summary>Binary operators, upper case: OR AND = == != &lt;&gt; &lt; &lt;= &gt; &gt;= IS, IS NOT, IS DISTINCT FROM, + - * / % || &amp; | &lt;&lt; &gt;&gt; -&gt; -&gt;&gt;.</summary>
    internal sealed class SqlBinary : SqlExpr
    {
        public string Operator { get; set; } = "";
        public SqlExpr Left { get; set; } = null!;
        public SqlExpr Right { get; set; } = null!;
    }

    /// <summary>Unary - + ~ NOT.</summary>
    internal sealed class SqlUnary : SqlExpr
    {
        public string Operator { get; set; } = "";
        public SqlExpr Operand { get; set; } = null!;
    }

    /// <summary>LIKE, GLOB, REGEXP, MATCH (with NOT and ESCAPE).</summary>
    internal sealed class SqlLike : SqlExpr
    {
        public string Operator { get; set; } = "";
        public bool Not { get; set; }
        public SqlExpr Left { get; set; } = null!;
        public SqlExpr Pattern { get; set; } = null!;
        public SqlExpr? Escape { get; set; }
    }

    internal sealed class SqlBetween : SqlExpr
    {
        public bool Not { get; set; }
        public SqlExpr Operand { get; set; } = null!;
        public SqlExpr Low { get; set; } = null!;
        public SqlExpr High { get; set; } = null!;
    }

    internal sealed class SqlIn : SqlExpr
    {
        public bool Not { get; set; }
        public SqlExpr Operand { get; set; } = null!;
        /// <summary>IN (a, b, c); empty list for IN ().</summary>
        public List<SqlExpr>? Values { get; set; }
        public SqlSelect? Subquery { get; set; }
        /// <summary>IN $param without parentheses (a collection parameter of a [Query] method); also the single item of <see cref="Values"/>.</summary>
        public SqlParameter? ListParameter { get; set; }
        /// <summary>IN table_name.</summary>
        public SqlName? Table { get; set; }
    }

    /// <summary>x ISNULL, x NOTNULL, x NOT NULL. (x IS NULL is a <see cref="SqlBinary"/> IS with a NULL literal.)</summary>
    internal sealed class SqlNullTest : SqlExpr
    {
        public bool Not { get; set; }
        public SqlExpr Operand { get; set; } = null!;
    }

    internal sealed class SqlFunctionCall : SqlExpr
    {
        public SqlName Name { get; set; } = null!;
        public List<SqlExpr> Arguments { get; } = new List<SqlExpr>();
        public bool Star { get; set; }
        public bool Distinct { get; set; }
    }

    internal sealed class SqlCase : SqlExpr
    {
        public SqlExpr? Operand { get; set; }
        public List<(SqlExpr When, SqlExpr Then)> Whens { get; } = new List<(SqlExpr, SqlExpr)>();
        public SqlExpr? Else { get; set; }
    }

    internal sealed class SqlCast : SqlExpr
    {
        public SqlExpr Operand { get; set; } = null!;
        public string TypeName { get; set; } = "";
    }

    internal sealed class SqlCollate : SqlExpr
    {
        public SqlExpr Operand { get; set; } = null!;
        public string Collation { get; set; } = "";
    }

    internal sealed class SqlSubqueryExpr : SqlExpr
    {
        public SqlSelect Select { get; set; } = null!;
    }

    internal sealed class SqlExists : SqlExpr
    {
        public bool Not { get; set; }
        public SqlSelect Select { get; set; } = null!;
    }

    /// <summary>A parenthesised expression or a row value (a, b).</summary>
    internal sealed class SqlParenthesized : SqlExpr
    {
        public List<SqlExpr> Items { get; } = new List<SqlExpr>();
    }

    /// <summary>RAISE(...) and other rarities: nothing to reason about.</summary>
    internal sealed class SqlOpaqueExpr : SqlExpr { }
}
