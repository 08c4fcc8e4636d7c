using System;
using System.Collections.Generic;
using System.Linq;
using OmniSqlite.Analyzers.Model;
using OmniSqlite.Analyzers.Parsing.Sql;

namespace OmniSqlite.Analyzers.Analysis
{
    /// <summary>Options of the SQL analysis (from .editorconfig).</summary>
    internal sealed record SqlAnalysisOptions(bool ReportUnknownTables)
    {
        public static readonly SqlAnalysisOptions Default = new SqlAnalysisOptions(false);
    }

    /// <summary>
    /// Reads parsed SQL against a <see cref="SchemaModel"/> and says, the way SQLite's planner would on a fresh database
    /// (no ANALYZE statistics), which tables it must scan because no index serves a WHERE/JOIN column, which expression
    /// hides an index, which ORDER BY needs a sort, and which names the schema does not have.
    /// <para>The planner model: a table is reached through an index when a term constrains the leftmost column of one of
    /// its indexes (=, IS, IN, &lt;, &lt;=, &gt;, &gt;=, BETWEEN, IS NULL, a GLOB prefix; the rowid and INTEGER PRIMARY KEY
    /// count) with a value that does not depend on the table itself; an AND is served when any conjunct is; an OR only when
    /// every branch is. Tables are placed greedily the way the nested loop would be: first those an index reaches from
    /// constants, then those an index reaches through a join from tables already placed; otherwise a filtered table is
    /// scanned first (reported), and a joined table that no index reaches is reported on its join column.</para>
    /// Never throws: a statement it cannot follow yields no findings.
    /// </summary>
    internal static class SqlQueryAnalysis
    {
        public static IReadOnlyList<SqlFinding> Analyze(string sql, SchemaModel schema, SqlAnalysisOptions? options = null, bool rethrow = false)
            => Analyze(SqlParser.Parse(sql), schema, options, rethrow);

        /// <param name="rethrow">For tests: let an internal error escape instead of yielding no findings for the statement.</param>
        public static IReadOnlyList<SqlFinding> Analyze(SqlScript script, SchemaModel schema, SqlAnalysisOptions? options = null, bool rethrow = false)
        {
            var findings = new List<SqlFinding>();
            foreach (var statement in script.Statements)
            {
                var worker = new Worker(schema, options ?? SqlAnalysisOptions.Default);
                try
                {
                    worker.Statement(statement);
                    findings.AddRange(worker.Findings);
                }
                catch (Exception) when (!rethrow)
                {
                    // An analysis bug must never break the build: this statement yields nothing.
                }
            }
            return findings;
        }

        private sealed class Source
        {
            public string Exposed = "";
            public TableSchema? Schema;
            public bool MustFollowPrevious;
            public int Index;
            public bool IsBase => Schema != null;
            /// <summary>Normalized text of the terms that refer to this table alone (for partial indexes).</summary>
            public HashSet<string> LocalTexts = new HashSet<string>(StringComparer.Ordinal);
            public override string ToString() => Exposed;
        }

        private sealed class Scope
        {
            public readonly List<Source> Sources = new List<Source>();
            public Scope? Parent;
            public readonly HashSet<string> Aliases = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        }

        private enum Resolution { Found, Outer, Opaque, NotFound }

        private sealed class Constraint
        {
            public Source S = null!;
            public string Key = "";
            public bool Equality;
            public HashSet<Source> Others = new HashSet<Source>();
            public string? Collation;
            public SqlNode Node = null!;
            public bool Range => !Equality;
        }

        private sealed class Defeat
        {
            public Source S = null!;
            public string Column = "";
            public string Reason = "";
            public SqlNode Node = null!;
        }

        private sealed class Term
        {
            public SqlExpr Expr = null!;
            public string Clause = "WHERE";
            public HashSet<Source> Refs = new HashSet<Source>();
            public bool HasUnknownRefs;
            public readonly List<Constraint> Constraints = new List<Constraint>();
            public readonly List<Defeat> Defeats = new List<Defeat>();
            /// <summary>For an OR term: each branch's conjuncts.</summary>
            public List<List<Term>>? OrBranches;
        }

        private sealed class Worker
        {
            private readonly SchemaModel _schema;
            private readonly SqlAnalysisOptions _options;
            public readonly List<SqlFinding> Findings = new List<SqlFinding>();
            private static readonly Source s_unknown = new Source { Exposed = "?" };

            public Worker(SchemaModel schema, SqlAnalysisOptions options) { _schema = schema; _options = options; }

            // ---------------- statements ----------------

            public void Statement(SqlStatement statement)
            {
                var ctes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                switch (statement)
                {
                    case SqlSelectStatement s:
                        Select(s.Select, null, ctes);
                        break;
                    case SqlUpdateStatement u:
                        {
                            AddCtes(u.With, null, ctes);
                            var scope = new Scope();
                            var target = AddTable(scope, u.Table, ctes, false);
                            var terms = new List<Term>();
                            AddFrom(scope, u.From, null, ctes, terms);
                            if (target?.Schema is { ColumnsKnown: true } table)
                                foreach (var a in u.Assignments)
                                    foreach (var c in a.Columns)
                                        if (!table.HasColumn(c.Value)) Unknown(c, table.Name, "SET");
                            foreach (var a in u.Assignments) CheckNames(a.Value, scope, ctes);
                            foreach (var e in u.Returning) CheckNames(e, scope, ctes);
                            if (u.Where != null) { CheckNames(u.Where, scope, ctes); terms.AddRange(Conjuncts(u.Where, scope, "WHERE")); }
                            Plan(scope, terms, null, null);
                            break;
                        }
                    case SqlDeleteStatement d:
                        {
                            AddCtes(d.With, null, ctes);
                            var scope = new Scope();
                            AddTable(scope, d.Table, ctes, false);
                            var terms = new List<Term>();
                            if (d.Where != null) { CheckNames(d.Where, scope, ctes); terms.AddRange(Conjuncts(d.Where, scope, "WHERE")); }
                            foreach (var e in d.Returning) CheckNames(e, scope, ctes);
                            Plan(scope, terms, null, null);
                            break;
                        }
                    case SqlInsertStatement i:
                        {
                            AddCtes(i.With, null, ctes);
                            var scope = new Scope();
                            var target = AddTable(scope, i.Table, ctes, false);
                            if (target?.Schema is { ColumnsKnown: true } table)
                                foreach (var c in i.Columns)
                                    if (!table.HasColumn(c.Value)) Unknown(c, table.Name, "INSERT");
                            if (i.Source != null) Select(i.Source, null, ctes);
                            break;
                        }
                }
            }

            private void AddCtes(List<SqlCte> with, Scope? parent, HashSet<string> ctes)
            {
                foreach (var cte in with) ctes.Add(cte.Name.Value);
                foreach (var cte in with) Select(cte.Select, parent, ctes);
            }

            private void Select(SqlSelect select, Scope? parent, HashSet<string> outerCtes)
            {
                var ctes = new HashSet<string>(outerCtes, StringComparer.OrdinalIgnoreCase);
                AddCtes(select.With, parent, ctes);
                foreach (var core in select.Cores)
                {
                    bool single = select.Cores.Count == 1;
                    Core(core, parent, ctes, single ? select.OrderBy : null);
                }
                if (select.Cores.Count > 1)
                {
                    // ORDER BY of a compound refers to result columns; only check names loosely (not at all).
                }
            }

            private void Core(SqlSelectCore core, Scope? parent, HashSet<string> ctes, List<SqlOrderingTerm>? orderBy)
            {
                if (core.Values != null)
                {
                    foreach (var row in core.Values) foreach (var v in row) CheckNames(v, parent ?? new Scope(), ctes);
                    return;
                }
                var scope = new Scope { Parent = parent };
                var terms = new List<Term>();
                AddFrom(scope, core.From, parent, ctes, terms);
                foreach (var rc in core.Columns) if (rc.Alias != null) scope.Aliases.Add(rc.Alias.Value);
                foreach (var rc in core.Columns)
                {
                    if (rc.Expression != null) CheckNames(rc.Expression, scope, ctes, allowAliases: false);
                    else if (rc.StarTable != null && !scope.Sources.Any(s => s.Exposed.Equals(rc.StarTable.Value, StringComparison.OrdinalIgnoreCase))) { }
                }
                foreach (var item in core.From) if (item.On != null) CheckNames(item.On, scope, ctes);
                if (core.Where != null) { CheckNames(core.Where, scope, ctes); terms.AddRange(Conjuncts(core.Where, scope, "WHERE")); }
                foreach (var g in core.GroupBy) CheckNames(g, scope, ctes);
                if (core.Having != null) CheckNames(core.Having, scope, ctes);
                if (orderBy != null) foreach (var o in orderBy) CheckNames(o.Expression, scope, ctes);
                bool orderable = orderBy != null && orderBy.Count > 0 && core.GroupBy.Count == 0 && !core.Distinct && !HasAggregate(core);
                Plan(scope, terms, orderable ? orderBy : null, core);
            }

            private static readonly HashSet<string> s_aggregates = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            { "count", "sum", "total", "avg", "min", "max", "group_concat", "string_agg", "json_group_array", "json_group_object" };

            private static bool HasAggregate(SqlSelectCore core)
            {
                foreach (var rc in core.Columns)
                    if (rc.Expression != null)
                        foreach (var n in Shallow(rc.Expression))
                            if (n is SqlFunctionCall f && s_aggregates.Contains(f.Name.Value)) return true;
                return false;
            }

            private void AddFrom(Scope scope, List<SqlFromItem> from, Scope? parent, HashSet<string> ctes, List<Term> terms)
            {
                foreach (var item in from)
                {
                    bool fixedOrder = item.Join == SqlJoinKind.Left || item.Join == SqlJoinKind.Cross || item.Join == SqlJoinKind.Right || item.Join == SqlJoinKind.Full;
                    int before = scope.Sources.Count;
                    switch (item.Source)
                    {
                        case SqlTableRef table:
                            AddTable(scope, table, ctes, fixedOrder);
                            break;
                        case SqlSubquerySource sub:
                            Select(sub.Select, parent, ctes);
                            scope.Sources.Add(new Source { Exposed = sub.Alias?.Value ?? "", MustFollowPrevious = fixedOrder, Index = scope.Sources.Count });
                            break;
                        case SqlJoinGroupSource group:
                            AddFrom(scope, group.Items, parent, ctes, terms);
                            break;
                        case SqlTableFunctionSource function:
                            scope.Sources.Add(new Source { Exposed = function.Alias?.Value ?? function.Name.Value, MustFollowPrevious = fixedOrder, Index = scope.Sources.Count });
                            break;
                    }
                    if (item.On != null) terms.AddRange(Conjuncts(item.On, scope, "JOIN"));
                    if (item.Using.Count > 0 && scope.Sources.Count > before)
                    {
                        var right = scope.Sources[scope.Sources.Count - 1];
                        foreach (var name in item.Using)
                        {
                            var left = scope.Sources.Take(before).FirstOrDefault(s => s.Schema is null || s.Schema.HasColumn(name.Value));
                            if (left is null) continue;
                            AddUsingTerm(terms, right, left, name);
                            AddUsingTerm(terms, left, right, name);
                        }
                    }
                }
            }

            private static void AddUsingTerm(List<Term> terms, Source s, Source other, SqlName name)
            {
                if (s.Schema is null) return;
                var term = new Term { Expr = new SqlOpaqueExpr { Start = name.Start, End = name.End }, Clause = "JOIN" };
                term.Refs.Add(s);
                term.Refs.Add(other);
                term.Constraints.Add(new Constraint { S = s, Key = CanonicalColumn(s, name.Value), Equality = true, Others = new HashSet<Source> { other }, Collation = ColumnCollation(s, name.Value), Node = name });
                terms.Add(term);
            }

            private Source? AddTable(Scope scope, SqlTableRef table, HashSet<string> ctes, bool fixedOrder)
            {
                var source = new Source { Exposed = table.ExposedName, MustFollowPrevious = fixedOrder, Index = scope.Sources.Count };
                bool isCte = table.Schema is null && ctes.Contains(table.Name.Value);
                if (!isCte)
                {
                    source.Schema = _schema.FindTable(table.Name.Value);
                    if (source.Schema is null && _options.ReportUnknownTables && !_schema.IsEmpty && !IsSystemTable(table))
                        Findings.Add(new SqlFinding(SqlFindingKind.UnknownTable, S(table.Name), L(table.Name), table.Name.Value, EquatableArray<string>.Empty, "FROM", ""));
                }
                scope.Sources.Add(source);
                return source;
            }

            private static bool IsSystemTable(SqlTableRef table)
                => table.Name.Value.StartsWith("sqlite_", StringComparison.OrdinalIgnoreCase)
                   || table.Name.Value.StartsWith("pragma_", StringComparison.OrdinalIgnoreCase)
                   || (table.Schema != null && !table.Schema.Is("main"));

            // ---------------- names (OSQL013) ----------------

            private void CheckNames(SqlExpr expr, Scope scope, HashSet<string> ctes, bool allowAliases = true)
            {
                foreach (var node in Shallow(expr))
                {
                    if (node is SqlSelect sub) { Select(sub, scope, ctes); continue; }
                    if (node is not SqlColumnRef column) continue;
                    var resolution = Resolve(column, scope, out var source);
                    if (resolution == Resolution.Found || resolution == Resolution.Outer)
                    {
                        if (source!.Schema is { ColumnsKnown: true } t && !t.HasColumn(column.Column.Value))
                            Unknown(column.Column, t.Name, "");
                    }
                    else if (resolution == Resolution.NotFound && column.Table is null)
                    {
                        if (allowAliases && InAliases(scope, column.Column.Value)) continue;
                        if (!AnyKnownSource(scope)) continue;
                        if (IsRowidName(column.Column.Value)) continue;
                        Unknown(column.Column, KnownTableNames(scope), "");
                    }
                }
            }

            private static bool InAliases(Scope? scope, string name)
            {
                for (; scope != null; scope = scope.Parent) if (scope.Aliases.Contains(name)) return true;
                return false;
            }

            private static bool AnyKnownSource(Scope? scope)
            {
                for (; scope != null; scope = scope.Parent) if (scope.Sources.Any(s => s.Schema != null)) return true;
                return false;
            }

            private static string KnownTableNames(Scope scope)
                => string.Join(", ", scope.Sources.Where(s => s.Schema != null).Select(s => s.Schema!.Name).Distinct(StringComparer.OrdinalIgnoreCase));

            private static bool IsRowidName(string name)
                => name.Equals("rowid", StringComparison.OrdinalIgnoreCase) || name.Equals("oid", StringComparison.OrdinalIgnoreCase) || name.Equals("_rowid_", StringComparison.OrdinalIgnoreCase);

            private void Unknown(SqlName name, string table, string clause)
                => Findings.Add(new SqlFinding(SqlFindingKind.UnknownColumn, S(name), L(name), table, new EquatableArray<string>(new[] { name.Value }), clause, ""));

            private static Resolution Resolve(SqlColumnRef column, Scope scope, out Source? source)
            {
                source = null;
                for (Scope? s = scope; s != null; s = s.Parent)
                {
                    if (column.Table != null)
                    {
                        var match = s.Sources.FirstOrDefault(x => x.Exposed.Equals(column.Table.Value, StringComparison.OrdinalIgnoreCase));
                        if (match != null) { source = match; return s == scope ? Resolution.Found : Resolution.Outer; }
                        continue;
                    }
                    var known = s.Sources.FirstOrDefault(x => x.Schema is { ColumnsKnown: true } && x.Schema.HasColumn(column.Column.Value));
                    if (known != null) { source = known; return s == scope ? Resolution.Found : Resolution.Outer; }
                    if (s.Sources.Any(x => x.Schema is null || !x.Schema.ColumnsKnown)) return Resolution.Opaque;
                }
                return column.Table != null ? Resolution.Opaque : Resolution.NotFound;
            }

            /// <summary>Nodes of an expression without entering subqueries (a subquery itself is yielded).</summary>
            private static IEnumerable<SqlNode> Shallow(SqlNode root)
            {
                var stack = new Stack<SqlNode>();
                stack.Push(root);
                while (stack.Count > 0)
                {
                    var n = stack.Pop();
                    yield return n;
                    if (n is SqlSelect) continue;
                    foreach (var c in SqlSyntaxWalker.Children(n)) stack.Push(c);
                }
            }

            // ---------------- terms ----------------

            private static IEnumerable<SqlExpr> SplitAnd(SqlExpr expr)
            {
                if (expr is SqlBinary { Operator: "AND" } and)
                {
                    foreach (var e in SplitAnd(and.Left)) yield return e;
                    foreach (var e in SplitAnd(and.Right)) yield return e;
                }
                else if (expr is SqlParenthesized { Items.Count: 1 } p) foreach (var e in SplitAnd(p.Items[0])) yield return e;
                else yield return expr;
            }

            private static IEnumerable<SqlExpr> SplitOr(SqlExpr expr)
            {
                if (expr is SqlBinary { Operator: "OR" } or)
                {
                    foreach (var e in SplitOr(or.Left)) yield return e;
                    foreach (var e in SplitOr(or.Right)) yield return e;
                }
                else if (expr is SqlParenthesized { Items.Count: 1 } p) foreach (var e in SplitOr(p.Items[0])) yield return e;
                else yield return expr;
            }

            private List<Term> Conjuncts(SqlExpr expr, Scope scope, string clause)
                => SplitAnd(expr).Select(e => AnalyzeTerm(e, scope, clause)).ToList();

            private Term AnalyzeTerm(SqlExpr expr, Scope scope, string clause)
            {
                var term = new Term { Expr = expr, Clause = clause };
                CollectRefs(expr, scope, term);
                switch (expr)
                {
                    case SqlBinary b when b.Operator == "OR":
                        term.OrBranches = SplitOr(b).Select(branch => Conjuncts(branch, scope, clause)).ToList();
                        break;
                    case SqlBinary b when IsComparison(b.Operator):
                        ColumnSide(term, b.Left, b.Right, b.Operator, scope);
                        ColumnSide(term, b.Right, b.Left, b.Operator, scope);
                        break;
                    case SqlBetween { Not: false } between:
                        ColumnSide(term, between.Operand, null, "BETWEEN", scope, between.Low, between.High);
                        break;
                    case SqlIn { Not: false } inExpr:
                        {
                            var others = new List<SqlNode>();
                            if (inExpr.Values != null) others.AddRange(inExpr.Values);
                            if (inExpr.Subquery != null) others.Add(inExpr.Subquery);
                            ColumnSide(term, inExpr.Operand, null, "IN", scope, others.ToArray());
                            break;
                        }
                    case SqlNullTest { Not: false } nullTest:
                        ColumnSide(term, nullTest.Operand, null, "IS", scope);
                        break;
                    case SqlLike { Not: false } like:
                        Like(term, like, scope);
                        break;
                }
                return term;
            }

            private static bool IsComparison(string op) => op is "=" or "IS" or "<" or "<=" or ">" or ">=";

            private void CollectRefs(SqlNode expr, Scope scope, Term term)
            {
                foreach (var node in Shallow(expr))
                {
                    if (node is not SqlColumnRef c) continue;
                    var r = Resolve(c, scope, out var source);
                    if (r == Resolution.Found) term.Refs.Add(source!);
                    else if (r == Resolution.Opaque || r == Resolution.NotFound) { term.HasUnknownRefs = true; term.Refs.Add(s_unknown); }
                }
            }

            private HashSet<Source> RefsOf(SqlNode? expr, Scope scope)
            {
                var t = new Term();
                if (expr != null) CollectRefs(expr, scope, t);
                return t.Refs;
            }

            private void ColumnSide(Term term, SqlExpr side, SqlExpr? other, string op, Scope scope, params SqlNode[] moreOthers)
            {
                string? collation = null;
                var inner = side;
                if (inner is SqlParenthesized { Items.Count: 1 } p0) inner = p0.Items[0];
                if (inner is SqlCollate collate) { collation = collate.Collation; inner = collate.Operand; }
                if (other is SqlCollate otherCollate && collation is null) collation = otherCollate.Collation;
                if (other is SqlLiteral { Kind: SqlLiteralKind.Null } && op != "IS") return; // x = NULL never matches

                var othersRefs = RefsOf(other, scope);
                foreach (var m in moreOthers) othersRefs.UnionWith(RefsOf(m, scope));

                if (inner is SqlColumnRef column)
                {
                    if (Resolve(column, scope, out var s) != Resolution.Found || s!.Schema is null) return;
                    if (othersRefs.Contains(s) || othersRefs.Contains(s_unknown)) return;
                    term.Constraints.Add(new Constraint
                    {
                        S = s, Key = CanonicalColumn(s, column.Column.Value), Equality = op is "=" or "IS" or "IN",
                        Others = othersRefs, Collation = collation ?? ColumnCollation(s, column.Column.Value), Node = column.Column,
                    });
                    return;
                }

                // An expression over a column: an expression index may serve it; otherwise it may hide an index.
                var wrapped = FindWrappedColumn(inner, scope, out var ws);
                if (wrapped is null || ws is null || othersRefs.Contains(ws) || othersRefs.Contains(s_unknown)) return;
                var text = SqlExpressionText.Normalize(inner, c => Resolve(c, scope, out var cs) == Resolution.Found && cs == ws);
                if (text != null && ws.Schema!.Indexes.Any(ix => !ix.IsPartial && ix.LeftmostKey == "=" + text))
                {
                    term.Constraints.Add(new Constraint { S = ws, Key = "=" + text, Equality = op is "=" or "IS" or "IN", Others = othersRefs, Node = wrapped });
                    return;
                }
                if (IsIndexBacked(ws, wrapped.Column.Value))
                    term.Defeats.Add(new Defeat { S = ws, Column = CanonicalColumn(ws, wrapped.Column.Value), Reason = DefeatReason(inner), Node = wrapped.Column });
            }

            private SqlColumnRef? FindWrappedColumn(SqlExpr expr, Scope scope, out Source? source)
            {
                source = null;
                foreach (var node in Shallow(expr))
                {
                    if (node is SqlColumnRef c && Resolve(c, scope, out var s) == Resolution.Found && s!.Schema != null)
                    {
                        source = s;
                        return c;
                    }
                }
                return null;
            }

            private static string DefeatReason(SqlExpr expr) => expr switch
            {
                SqlUnary { Operator: "+" } => "the unary '+' in front of it",
                SqlFunctionCall f => "the function " + f.Name.Value + "() around it",
                SqlCast => "the CAST around it",
                SqlBinary b => "the '" + b.Operator + "' arithmetic on it",
                _ => "the expression around it",
            };

            private void Like(Term term, SqlLike like, Scope scope)
            {
                var inner = like.Left;
                string? collation = null;
                if (inner is SqlCollate c0) { collation = c0.Collation; inner = c0.Operand; }
                if (inner is not SqlColumnRef column || Resolve(column, scope, out var s) != Resolution.Found || s!.Schema is null) return;
                if (like.Operator != "LIKE" && like.Operator != "GLOB") return;
                string key = CanonicalColumn(s, column.Column.Value);
                var pattern = like.Pattern as SqlLiteral;
                bool glob = like.Operator == "GLOB";
                bool leadingWildcard = pattern is { Kind: SqlLiteralKind.String } && pattern.Value.Length > 0
                    && (glob ? pattern.Value[0] is '*' or '?' or '[' : pattern.Value[0] is '%' or '_');
                if (pattern is { Kind: SqlLiteralKind.String } && pattern.Value.Length > 0 && !leadingWildcard && like.Escape is null)
                {
                    // SQLite's LIKE optimisation: GLOB needs a BINARY index, LIKE (case-insensitive) a NOCASE one.
                    var col = collation ?? ColumnCollation(s, column.Column.Value);
                    bool matches = glob ? IsBinary(col) : IsNoCase(col);
                    if (matches)
                    {
                        term.Constraints.Add(new Constraint { S = s, Key = key, Equality = false, Others = new HashSet<Source>(), Collation = col, Node = column.Column });
                        return;
                    }
                }
                if (!IsIndexBacked(s, column.Column.Value)) return;
                string reason = leadingWildcard ? like.Operator + " with a leading wildcard"
                    : pattern is null ? like.Operator + " with a pattern that is not a string literal"
                    : glob ? "GLOB on a column whose index is not BINARY"
                    : "LIKE, which compares case-insensitively, so only a COLLATE NOCASE index can serve it";
                term.Defeats.Add(new Defeat { S = s, Column = key, Reason = reason, Node = column.Column });
            }

            /// <summary>Span of a node; for a quoted name the text inside the quotes (it maps into C# literals).</summary>
            private static int S(SqlNode n) => n is SqlName { Quoted: true } q && q.Length >= 2 ? q.Start + 1 : n.Start;
            private static int L(SqlNode n) => n is SqlName { Quoted: true } q && q.Length >= 2 ? q.Length - 2 : n.Length;

            private static string CanonicalColumn(Source s, string name) => s.Schema?.FindColumn(name)?.Name ?? name;

            private static string? ColumnCollation(Source s, string name) => s.Schema?.FindColumn(name)?.Collation;

            private static bool IsBinary(string? collation) => string.IsNullOrEmpty(collation) || collation!.Equals("BINARY", StringComparison.OrdinalIgnoreCase);
            private static bool IsNoCase(string? collation) => collation != null && collation.Equals("NOCASE", StringComparison.OrdinalIgnoreCase);

            private static bool SameCollation(string? a, string? b)
                => (IsBinary(a) && IsBinary(b)) || string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

            /// <summary>The column is the rowid or the leftmost column of some (complete) index.</summary>
            private static bool IsIndexBacked(Source s, string column)
                => s.Schema!.IsRowid(column) || s.Schema.Indexes.Any(ix => !ix.IsPartial && ix.LeftmostKey.Equals(column, StringComparison.OrdinalIgnoreCase));

            /// <summary>A partial index serves a query only when the query's own terms include the index's WHERE.</summary>
            private static bool Usable(IndexSchema ix, Source s)
            {
                if (!ix.IsPartial) return true;
                if (ix.Condition.Length == 0) return false;
                foreach (var condition in ix.Condition) if (!s.LocalTexts.Contains(condition)) return false;
                return true;
            }

            private static bool Served(Constraint c)
            {
                var t = c.S.Schema!;
                if (t.IsRowid(c.Key)) return true;
                foreach (var ix in t.Indexes)
                {
                    if (!Usable(ix, c.S) || !ix.LeftmostKey.Equals(c.Key, StringComparison.OrdinalIgnoreCase)) continue;
                    if (c.Key.StartsWith("=", StringComparison.Ordinal) || SameCollation(ix.Collations.Length > 0 ? ix.Collations[0] : null, c.Collation)) return true;
                }
                return false;
            }

            // ---------------- planning ----------------

            private static bool IsLocalTo(Term term, Source s) => !term.HasUnknownRefs && term.Refs.Count == 1 && term.Refs.Contains(s);

            private static bool LocalServed(Source s, List<Term> terms)
            {
                foreach (var term in terms)
                {
                    if (term.OrBranches != null)
                    {
                        if (IsLocalTo(term, s) && term.OrBranches.All(branch => LocalServed(s, branch))) return true;
                        continue;
                    }
                    foreach (var c in term.Constraints)
                        if (c.S == s && c.Others.Count == 0 && Served(c)) return true;
                }
                return false;
            }

            private static bool JoinServed(Source s, List<Term> terms, HashSet<Source> placed)
            {
                foreach (var term in terms)
                    foreach (var c in term.Constraints)
                        if (c.S == s && c.Others.Count > 0 && c.Others.All(placed.Contains) && Served(c)) return true;
                return false;
            }

            private void Plan(Scope scope, List<Term> terms, List<SqlOrderingTerm>? orderBy, SqlSelectCore? core)
            {
                if (!scope.Sources.Any(s => s.IsBase)) return;
                foreach (var source in scope.Sources)
                    foreach (var term in terms)
                        if (IsLocalTo(term, source) && SqlExpressionText.Normalize(term.Expr) is { } text) source.LocalTexts.Add(text);
                var placed = new HashSet<Source>();
                var order = new List<Source>();
                var remaining = new List<Source>(scope.Sources);
                while (remaining.Count > 0)
                {
                    var eligible = remaining.Where(s => !s.MustFollowPrevious || scope.Sources.Take(s.Index).All(placed.Contains)).ToList();
                    if (eligible.Count == 0) eligible = remaining;
                    var pick = eligible.FirstOrDefault(s => s.IsBase && LocalServed(s, terms))
                        ?? eligible.FirstOrDefault(s => s.IsBase && JoinServed(s, terms, placed))
                        ?? eligible.FirstOrDefault(s => !s.IsBase)
                        ?? (placed.Count == 0 ? eligible.FirstOrDefault(s => terms.Any(t => IsLocalTo(t, s))) ?? eligible[0] : eligible[0]);
                    if (pick.IsBase && !LocalServed(pick, terms) && !JoinServed(pick, terms, placed))
                        ReportUnserved(pick, terms, placed);
                    placed.Add(pick);
                    order.Add(pick);
                    remaining.Remove(pick);
                }
                if (orderBy != null && core != null) OrderBy(scope, terms, orderBy, core, order[0]);
            }

            private void ReportUnserved(Source s, List<Term> terms, HashSet<Source> placed)
            {
                var local = terms.Where(t => IsLocalTo(t, s)).ToList();
                bool reported = false;
                if (local.Count > 0)
                {
                    foreach (var d in local.SelectMany(t => t.Defeats).Where(d => d.S == s))
                    {
                        Findings.Add(new SqlFinding(SqlFindingKind.IndexDefeated, S(d.Node), L(d.Node), s.Schema!.Name, new EquatableArray<string>(new[] { d.Column }), "WHERE", d.Reason));
                        reported = true;
                    }
                    // Plain constraints of the AND: one finding naming the columns an index should cover (equalities first).
                    var constraints = local.Where(t => t.OrBranches is null).SelectMany(t => t.Constraints).Where(c => c.S == s && !c.Key.StartsWith("=", StringComparison.Ordinal)).ToList();
                    reported |= ReportConstraints(s, constraints, local.FirstOrDefault(t => t.Constraints.Count > 0)?.Clause ?? "WHERE");
                    // An OR is served only when every branch is: name the columns of the branches that are not.
                    foreach (var or in local.Where(t => t.OrBranches != null))
                    {
                        foreach (var branch in or.OrBranches!)
                        {
                            if (LocalServed(s, branch)) continue;
                            foreach (var d in branch.SelectMany(t => t.Defeats).Where(d => d.S == s))
                            {
                                Findings.Add(new SqlFinding(SqlFindingKind.IndexDefeated, S(d.Node), L(d.Node), s.Schema!.Name, new EquatableArray<string>(new[] { d.Column }), "WHERE", d.Reason));
                                reported = true;
                            }
                            var bc = branch.Where(t => t.OrBranches is null).SelectMany(t => t.Constraints).Where(c => c.S == s && !c.Key.StartsWith("=", StringComparison.Ordinal)).ToList();
                            reported |= ReportConstraints(s, bc, or.Clause);
                        }
                    }
                    if (reported) return;
                }
                // A join needs an index on at least one side: a term whose other side is indexed (the planner can
                // drive the join from here instead) is served.
                var joinTerms = terms.Where(t => t.Constraints.Any(c => c.S == s && c.Others.Count > 0 && c.Others.All(placed.Contains))).ToList();
                // (Not for the right side of a LEFT/CROSS JOIN: its place in the loop is fixed.)
                if (!s.MustFollowPrevious && joinTerms.Any(t => t.Constraints.Any(c => c.S != s && Served(c)))) return;
                var join = joinTerms.SelectMany(t => t.Constraints).Where(c => c.S == s && c.Others.Count > 0 && c.Others.All(placed.Contains) && !c.Key.StartsWith("=", StringComparison.Ordinal)).ToList();
                if (join.Count > 0)
                {
                    var c = join[0];
                    Findings.Add(new SqlFinding(SqlFindingKind.UnindexedColumn, S(c.Node), L(c.Node), s.Schema!.Name, new EquatableArray<string>(new[] { c.Key }), "JOIN", ""));
                    return;
                }
                // A join defeated by an expression (ON lower(a.x) = b.y)
                foreach (var d in terms.Where(t => !IsLocalTo(t, s)).SelectMany(t => t.Defeats).Where(d => d.S == s))
                {
                    Findings.Add(new SqlFinding(SqlFindingKind.IndexDefeated, S(d.Node), L(d.Node), s.Schema!.Name, new EquatableArray<string>(new[] { d.Column }), "JOIN", d.Reason));
                    return;
                }
            }

            private bool ReportConstraints(Source s, List<Constraint> constraints, string clause)
            {
                if (constraints.Count == 0) return false;
                // A column that has an index of another collation: the COLLATE defeats it (OSQL011), no new index needed.
                var collated = constraints.Where(c => IsIndexBacked(s, c.Key) && !Served(c)).ToList();
                foreach (var c in collated)
                    Findings.Add(new SqlFinding(SqlFindingKind.IndexDefeated, S(c.Node), L(c.Node), s.Schema!.Name, new EquatableArray<string>(new[] { c.Key }), clause,
                        "COLLATE " + (c.Collation ?? "BINARY") + ", which differs from the index's collation"));
                var rest = constraints.Except(collated).ToList();
                if (rest.Count == 0) return collated.Count > 0;
                var columns = new List<string>();
                Constraint? first = null;
                foreach (var c in rest.Where(c => c.Equality).Concat(rest.Where(c => c.Range)))
                {
                    if (columns.Any(x => x.Equals(c.Key, StringComparison.OrdinalIgnoreCase))) continue;
                    if (c.Range && columns.Count > 0 && rest.Any(r => r.Range && columns.Contains(r.Key))) break; // one range column at the end
                    columns.Add(c.Key);
                    first ??= c;
                    if (c.Range) break;
                }
                var anchor = rest.OrderBy(c => c.Node.Start).First();
                Findings.Add(new SqlFinding(SqlFindingKind.UnindexedColumn, S(anchor.Node), L(anchor.Node), s.Schema!.Name, columns.ToEquatableArray(), clause, ""));
                return true;
            }

            // ---------------- ORDER BY (OSQL012) ----------------

            private void OrderBy(Scope scope, List<Term> terms, List<SqlOrderingTerm> orderBy, SqlSelectCore core, Source outer)
            {
                var columns = new List<(SqlColumnRef Ref, Source S, string Key, string? Collation, bool Desc)>();
                SqlNode? anchor = null;
                foreach (var o in orderBy)
                {
                    anchor ??= o.Expression is SqlColumnRef written ? written.Column : o.Expression;
                    var e = o.Expression;
                    if (e is SqlLiteral { Kind: SqlLiteralKind.Number } n && int.TryParse(n.Value, out int ordinal) && ordinal >= 1 && ordinal <= core.Columns.Count)
                        e = core.Columns[ordinal - 1].Expression!;
                    else if (e is SqlColumnRef { Table: null } aliasRef)
                    {
                        var rc = core.Columns.FirstOrDefault(c => c.Alias != null && c.Alias.Is(aliasRef.Column.Value));
                        if (rc?.Expression != null && Resolve(aliasRef, scope, out _) != Resolution.Found) e = rc.Expression;
                    }
                    if (e is not SqlColumnRef c) return;
                    if (Resolve(c, scope, out var s) != Resolution.Found || s!.Schema is null) return;
                    columns.Add((c, s, CanonicalColumn(s, c.Column.Value), o.Collation ?? ColumnCollation(s, c.Column.Value), o.Descending));
                }
                if (columns.Count == 0) return;
                var table = columns[0].S;
                bool served = columns.All(c => c.S == table) && table == outer && columns.All(c => c.Desc == columns[0].Desc) && OrderServed(table, terms, columns);
                if (served) return;
                var names = columns.Where(c => c.S == table).Select(c => c.Key).Distinct(StringComparer.OrdinalIgnoreCase).ToEquatableArray();
                Findings.Add(new SqlFinding(SqlFindingKind.UnindexedOrderBy, S(anchor!), L(anchor!), table.Schema!.Name, names, "ORDER BY", ""));
            }

            private static bool KeyMatches(TableSchema t, string key, string column)
                => key.Equals(column, StringComparison.OrdinalIgnoreCase) || (t.IsRowid(key) && t.IsRowid(column));

            private static bool OrderServed(Source s, List<Term> terms, List<(SqlColumnRef Ref, Source S, string Key, string? Collation, bool Desc)> columns)
            {
                var t = s.Schema!;
                var local = terms.Where(x => IsLocalTo(x, s) && x.OrBranches is null).SelectMany(x => x.Constraints).Where(c => c.S == s && c.Others.Count == 0).ToList();
                var eq = new HashSet<string>(local.Where(c => c.Equality && Served(c) || c.Equality).Select(c => c.Key), StringComparer.OrdinalIgnoreCase);
                var servedKeys = local.Where(Served).Select(c => c.Key).ToList();
                bool accessedByIndex = servedKeys.Count > 0;
                bool rowidEq = local.Any(c => c.Equality && t.IsRowid(c.Key));
                if (rowidEq) return true;
                var wanted = columns.Where(c => !eq.Contains(c.Key)).ToList();
                if (wanted.Count == 0) return true;
                // Rowid order: a plain scan, or a rowid range.
                bool rowidAccess = servedKeys.Any(k => t.IsRowid(k));
                if (wanted.Count == 1 && t.IsRowid(wanted[0].Key) && (!accessedByIndex || rowidAccess)) return true;
                foreach (var ix in t.Indexes)
                {
                    if (!Usable(ix, s)) continue;
                    if (accessedByIndex && !servedKeys.Any(k => k.Equals(ix.LeftmostKey, StringComparison.OrdinalIgnoreCase))) continue;
                    // Every index of a rowid table ends with the rowid: equal keys come out in rowid order.
                    var keys = ix.Keys.Items.ToList();
                    var collations = ix.Collations.Items.ToList();
                    if (!t.WithoutRowid) { keys.Add(t.RowidAlias ?? "rowid"); collations.Add(""); }
                    int i = 0;
                    bool ok = true;
                    foreach (var w in wanted)
                    {
                        while (i < keys.Count && eq.Contains(keys[i]) && !KeyMatches(t, keys[i], w.Key)) i++;
                        if (i >= keys.Count || !KeyMatches(t, keys[i], w.Key) || (!t.IsRowid(w.Key) && !SameCollation(collations[i], w.Collation))) { ok = false; break; }
                        i++;
                    }
                    if (ok) return true;
                }
                return false;
            }
        }
    }
}
