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
                if (statement is SqlUnknownStatement { IsInternalError: true } broken)
                {
                    if (rethrow) throw new InvalidOperationException(broken.Error);
                    findings.Add(InternalError(statement, broken.Error ?? "internal parser error"));
                    continue;
                }
                var worker = new Worker(schema, options ?? SqlAnalysisOptions.Default, script.Text);
                try
                {
                    worker.Statement(statement);
                    SqlStatementChecks.Check(statement, script.Text, schema, worker.Findings);
                    findings.AddRange(worker.Findings);
                }
                catch (Exception e) when (!rethrow && e is not OperationCanceledException)
                {
                    // An analysis bug must never break the build, nor pass in silence: the statement gets one OSQL009
                    // saying it was not checked (and why), instead of the findings it would have had.
                    findings.Add(InternalError(statement, e.GetType().Name + ": " + e.Message));
                }
            }
            return findings;
        }

        private static SqlFinding InternalError(SqlStatement statement, string detail)
            => new SqlFinding(SqlFindingKind.InternalError, statement.Start, Math.Max(0, statement.End - statement.Start), "", EquatableArray<string>.Empty, "", detail);

        private sealed class Source
        {
            public string Exposed = "";
            /// <summary>The name SQLite's plan shows for it: the exposed name, or for a flattened view the base table's name inside the view.</summary>
            public string PlanName = "";
            public TableSchema? Schema;
            public bool MustFollowPrevious;
            public int Index;
            /// <summary>INDEXED BY: only this index may be used. NOT INDEXED: no index (the rowid still may).</summary>
            public string? IndexedBy;
            public bool NotIndexed;
            /// <summary>For a view flattened onto its base table: view column → base column (null for an expression column).</summary>
            public Dictionary<string, string?>? ViewColumns;
            /// <summary>Where findings that stem from the view's own WHERE point: the view's name in FROM.</summary>
            public SqlNode? NameNode;
            public bool IsBase => Schema != null;
            /// <summary>Normalized text of the terms that refer to this table alone (for partial indexes; null when it has none).</summary>
            public HashSet<string>? LocalTexts;
            /// <summary>Columns a local term compares with an operator other than IS (they imply "column IS NOT NULL"); for partial indexes too.</summary>
            public HashSet<string>? ComparedColumns;

            public bool HasColumn(string name)
                => ViewColumns != null ? ViewColumns.ContainsKey(name) || (Schema != null && Schema.IsRowid(name)) : Schema is null || Schema.HasColumn(name);

            /// <summary>The base table's column for a name used on this source, or null when it is not a plain column.</summary>
            public string? BaseColumn(string name)
            {
                if (ViewColumns is null) return name;
                if (ViewColumns.TryGetValue(name, out var b)) return b;
                return Schema != null && Schema.IsRowid(name) ? name : null;
            }

            public override string ToString() => Exposed;
        }

        private sealed class Scope
        {
            public readonly List<Source> Sources = new List<Source>();
            public Scope? Parent;
            public readonly HashSet<string> Aliases = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        }

        private enum Resolution { Found, Outer, Opaque, NotFound }

        // No sources: the one empty set that a term's Refs and a constraint's Others start as, and the other side of most
        // comparisons (a parameter, a literal) resolves to. Never written: a set that gains a source is a new one first.
        private static readonly HashSet<Source> s_noSources = new HashSet<Source>();

        private sealed class Constraint
        {
            public Source S = null!;
            public string Key = "";
            public bool Equality;
            public HashSet<Source> Others = s_noSources;
            public string? Collation;
            public SqlNode Node = null!;
            public bool Range => !Equality;
            /// <summary>False when a plain index on the column would not serve (a LIKE on a column whose collation is not NOCASE).</summary>
            public bool Advisable = true;
            /// <summary>Why an existing index on the column does not serve this constraint, when that is not the collation.</summary>
            public string? Mismatch;
        }

        private sealed class Defeat
        {
            public Source S = null!;
            public string Column = "";
            public string Reason = "";
            public SqlNode Node = null!;

            public string Clause(List<Term> terms)
            {
                foreach (var t in terms) if (t.Defeats.Contains(this)) return t.Clause;
                return "WHERE";
            }
        }

        private sealed class Term
        {
            public SqlExpr Expr = null!;
            public string Clause = "WHERE";
            public HashSet<Source> Refs = s_noSources;
            public bool HasUnknownRefs;
            public readonly List<Constraint> Constraints = new List<Constraint>();
            private static readonly List<Defeat> s_noDefeats = new List<Defeat>();
            private static readonly List<(Source, string)> s_noColumns = new List<(Source, string)>();
            private List<Defeat>? _defeats;
            private List<(Source Source, string Column)>? _notNullColumns;

            /// <summary>Indexes defeated by how the term is written (most terms have none: the shared empty list, never written).</summary>
            public List<Defeat> Defeats => _defeats ?? s_noDefeats;

            public void AddDefeat(Defeat defeat) => (_defeats ??= new List<Defeat>()).Add(defeat);
            /// <summary>For an OR term: each branch's conjuncts.</summary>
            public List<List<Term>>? OrBranches;
            /// <summary>The term as written (kept when a view's term is retargeted): what <see cref="Text"/> is read from.</summary>
            public SqlExpr? Written;
            private string? _text;
            private bool _textDone;

            /// <summary>Normalized text of the term (for partial-index implication), computed only when a partial index asks.</summary>
            public string? Text
            {
                get
                {
                    if (!_textDone) { _text = Written is null ? null : SqlExpressionText.Normalize(Written); _textDone = true; }
                    return _text;
                }
            }
            public bool FromView;
            /// <summary>Columns the term compares with an operator other than IS (so they cannot be NULL where it holds).</summary>
            public List<(Source Source, string Column)> NotNullColumns => _notNullColumns ?? s_noColumns;

            public void AddNotNullColumn(Source source, string column) => (_notNullColumns ??= new List<(Source, string)>()).Add((source, column));
        }

        private sealed class Worker
        {
            private readonly SchemaModel _schema;
            private readonly SqlAnalysisOptions _options;
            public readonly List<SqlFinding> Findings = new List<SqlFinding>();
            private static readonly Source s_unknown = new Source { Exposed = "?" };

            private readonly string _text;

            public Worker(SchemaModel schema, SqlAnalysisOptions options, string text) { _schema = schema; _options = options; _text = text; }

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
                            var terms = new List<Term>();
                            var target = AddTable(scope, u.Table, ctes, false, terms);
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
                            var terms = new List<Term>();
                            AddTable(scope, d.Table, ctes, false, terms);
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
                // A copy only when this SELECT adds names (its CTEs are not in reach outside it).
                var ctes = select.With.Count == 0 ? outerCtes : new HashSet<string>(outerCtes, StringComparer.OrdinalIgnoreCase);
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
                if (core.Having != null)
                {
                    CheckNames(core.Having, scope, ctes);
                    terms.AddRange(HavingTerms(core, scope));
                }
                if (orderBy != null) foreach (var o in orderBy) CheckNames(o.Expression, scope, ctes);
                bool orderable = orderBy != null && orderBy.Count > 0 && core.GroupBy.Count == 0 && !core.Distinct && !HasAggregate(core);
                Plan(scope, terms, orderable ? orderBy : null, core);
            }

            /// <summary>
            /// HAVING terms over grouping columns only (no aggregate, no subquery): SQLite's planner moves them into the
            /// WHERE clause (havingToWhere), so an index serves them as it would a WHERE.
            /// </summary>
            private List<Term> HavingTerms(SqlSelectCore core, Scope scope)
            {
                var terms = new List<Term>();
                var grouped = new HashSet<(Source, string)>();
                foreach (var g in core.GroupBy)
                    if (PlainColumn(g, scope, out var gs, out var gc, out _) != null) grouped.Add((gs!, CanonicalColumn(gs!, gc!)));
                if (grouped.Count == 0) return terms;
                foreach (var conjunct in SqlSyntaxWalker.SplitAnd(core.Having!))
                {
                    bool movable = true;
                    var nodes = Shallow(conjunct);
                    foreach (var node in nodes)
                    {
                        if (node is SqlSelect || node is SqlFunctionCall f && s_aggregates.Contains(f.Name.Value)) { movable = false; break; }
                        if (node is SqlColumnRef c && (PlainColumn(c, scope, out var cs, out var cc, out _) is null || !grouped.Contains((cs!, CanonicalColumn(cs!, cc!))))) { movable = false; break; }
                    }
                    Release(nodes);
                    if (movable) terms.Add(AnalyzeTerm(conjunct, scope, "HAVING"));
                }
                return terms;
            }

            private static readonly HashSet<string> s_aggregates = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            { "count", "sum", "total", "avg", "min", "max", "group_concat", "string_agg", "json_group_array", "json_group_object" };

            private bool HasAggregate(SqlSelectCore core)
            {
                foreach (var rc in core.Columns)
                {
                    if (rc.Expression is null) continue;
                    var nodes = Shallow(rc.Expression);
                    bool aggregate = false;
                    foreach (var n in nodes)
                        if (n is SqlFunctionCall f && s_aggregates.Contains(f.Name.Value)) { aggregate = true; break; }
                    Release(nodes);
                    if (aggregate) return true;
                }
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
                            AddTable(scope, table, ctes, fixedOrder, terms);
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
                            var left = scope.Sources.Take(before).FirstOrDefault(s => s.HasColumn(name.Value));
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
                term.Refs = new HashSet<Source> { s, other };
                term.Constraints.Add(new Constraint { S = s, Key = CanonicalColumn(s, name.Value), Equality = true, Others = new HashSet<Source> { other }, Collation = ColumnCollation(s, name.Value), Node = name });
                terms.Add(term);
            }

            private Source? AddTable(Scope scope, SqlTableRef table, HashSet<string> ctes, bool fixedOrder, List<Term>? terms = null)
            {
                var source = new Source
                {
                    Exposed = table.ExposedName,
                    PlanName = table.ExposedName,
                    MustFollowPrevious = fixedOrder,
                    Index = scope.Sources.Count,
                    IndexedBy = table.IndexedBy?.Value,
                    NotIndexed = table.NotIndexed,
                    NameNode = table.Name,
                };
                bool isCte = table.Schema is null && ctes.Contains(table.Name.Value);
                if (!isCte)
                {
                    source.Schema = _schema.FindTable(table.Name.Value);
                    if (source.Schema is null && _schema.FindView(table.Name.Value) is { } view)
                        FlattenView(source, view, terms);
                    else if (source.Schema is null && _options.ReportUnknownTables && !_schema.IsEmpty && !IsSystemTable(table))
                        Findings.Add(new SqlFinding(SqlFindingKind.UnknownTable, S(table.Name), L(table.Name), table.Name.Value, EquatableArray<string>.Empty, "FROM", ""));
                }
                scope.Sources.Add(source);
                return source;
            }

            /// <summary>
            /// A simple view (one SELECT from one table, no GROUP BY, DISTINCT, aggregate, LIMIT or compound) is what SQLite's
            /// query flattener inlines: a filter on a view column is a filter on its base column, and the view's own WHERE
            /// filters the base table too. Other views stay opaque (the source has no schema: nothing is claimed about them).
            /// </summary>
            private void FlattenView(Source source, ViewSchema view, List<Term>? terms)
            {
                if (SqlParser.Parse(view.Select).Statements is not [SqlSelectStatement { Select: var select }]) return;
                if (select.Cores.Count != 1 || select.With.Count > 0 || select.Limit != null || select.OrderBy.Count > 0) return;
                var core = select.Cores[0];
                if (core.Values != null || core.Distinct || core.GroupBy.Count > 0 || core.Having != null || HasAggregate(core)) return;
                if (core.From is not [{ Source: SqlTableRef { Schema: null } inner }] || _schema.FindTable(inner.Name.Value) is not { } table) return;
                var columns = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
                var names = new List<string>();
                var bases = new List<string?>();
                foreach (var rc in core.Columns)
                {
                    if (rc.Star)
                    {
                        foreach (var c in table.Columns) { names.Add(c.Name); bases.Add(c.Name); }
                        continue;
                    }
                    var column = rc.Expression as SqlColumnRef;
                    if (column != null && column.Table != null && !column.Table.Is(inner.ExposedName)) column = null;
                    names.Add(rc.Alias?.Value ?? column?.Column.Value ?? "");
                    bases.Add(column != null ? table.FindColumn(column.Column.Value)?.Name ?? (table.IsRowid(column.Column.Value) ? column.Column.Value : null) : null);
                }
                for (int i = 0; i < names.Count; i++)
                {
                    var name = i < view.Columns.Length ? view.Columns[i] : names[i];
                    if (name.Length > 0 && !columns.ContainsKey(name)) columns[name] = bases[i];
                }
                source.Schema = table;
                source.ViewColumns = columns;
                source.PlanName = inner.ExposedName;
                if (core.Where is null || terms is null) return;
                // The view's WHERE, read against the base table, then pointed at the outer source (its spans are in the
                // view's text, so findings from it point at the view's name in FROM).
                var own = new Source { Exposed = inner.ExposedName, PlanName = inner.ExposedName, Schema = table };
                var scope = new Scope();
                scope.Sources.Add(own);
                foreach (var term in Conjuncts(core.Where, scope, "WHERE"))
                {
                    Retarget(term, own, source);
                    terms.Add(term);
                }
            }

            private static void Retarget(Term term, Source from, Source to)
            {
                var node = to.NameNode ?? new SqlOpaqueExpr();
                if (term.Refs.Remove(from)) term.Refs.Add(to);
                term.Expr = new SqlOpaqueExpr { Start = node.Start, End = node.End };
                term.FromView = true;
                foreach (var c in term.Constraints) { if (c.S == from) c.S = to; c.Node = node; }
                foreach (var d in term.Defeats) { if (d.S == from) d.S = to; d.Node = node; }
                if (term.OrBranches != null) foreach (var branch in term.OrBranches) foreach (var t in branch) Retarget(t, from, to);
            }

            private static bool IsSystemTable(SqlTableRef table)
                => table.Name.Value.StartsWith("sqlite_", StringComparison.OrdinalIgnoreCase)
                   || table.Name.Value.StartsWith("pragma_", StringComparison.OrdinalIgnoreCase)
                   || (table.Schema != null && !table.Schema.Is("main"));

            // ---------------- names (OSQL013) ----------------

            private void CheckNames(SqlExpr expr, Scope scope, HashSet<string> ctes, bool allowAliases = true)
            {
                var nodes = Shallow(expr);
                foreach (var node in nodes) CheckName(node, scope, ctes, allowAliases);
                Release(nodes);
            }

            private void CheckName(SqlNode node, Scope scope, HashSet<string> ctes, bool allowAliases)
            {
                if (node is SqlSelect sub) { Select(sub, scope, ctes); return; }
                if (node is not SqlColumnRef column) return;
                var resolution = Resolve(column, scope, out var source);
                if (resolution == Resolution.Found || resolution == Resolution.Outer)
                {
                    if (source!.Schema is { ColumnsKnown: true } t && !source.HasColumn(column.Column.Value))
                        Unknown(column.Column, source.ViewColumns != null ? source.Exposed : t.Name, "");
                }
                else if (resolution == Resolution.NotFound && column.Table is null)
                {
                    if (allowAliases && InAliases(scope, column.Column.Value)) return;
                    if (column.Column.Start < _text.Length && _text[column.Column.Start] == '"' && !IsRowidName(column.Column.Value))
                    {
                        // No column in reach has this name, so SQLite falls back to reading "..." as a string (DQS).
                        Findings.Add(new SqlFinding(SqlFindingKind.DoubleQuotedString, S(column.Column), L(column.Column), KnownTableNames(scope),
                            new EquatableArray<string>(new[] { column.Column.Value }), "", ""));
                        return;
                    }
                    if (!AnyKnownSource(scope)) return;
                    if (IsRowidName(column.Column.Value)) return;
                    Unknown(column.Column, KnownTableNames(scope), "");
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
                => string.Join(", ", scope.Sources.Where(s => s.Schema != null).Select(s => s.ViewColumns != null ? s.Exposed : s.Schema!.Name).Distinct(StringComparer.OrdinalIgnoreCase));

            private static bool IsRowidName(string name)
                => name.Equals("rowid", StringComparison.OrdinalIgnoreCase) || name.Equals("oid", StringComparison.OrdinalIgnoreCase) || name.Equals("_rowid_", StringComparison.OrdinalIgnoreCase);

            private void Unknown(SqlName name, string table, string clause)
                => Findings.Add(new SqlFinding(SqlFindingKind.UnknownColumn, S(name), L(name), table, new EquatableArray<string>(new[] { name.Value }), clause, ""));

            private static Resolution Resolve(SqlColumnRef column, Scope scope, out Source? source)
            {
                source = null;
                for (Scope? s = scope; s != null; s = s.Parent)
                {
                    // Loops, not LINQ: this runs for every column reference of every term, and each lambda was an allocation.
                    if (column.Table != null)
                    {
                        foreach (var x in s.Sources)
                            if (x.Exposed.Equals(column.Table.Value, StringComparison.OrdinalIgnoreCase)) { source = x; return s == scope ? Resolution.Found : Resolution.Outer; }
                        continue;
                    }
                    bool opaque = false;
                    foreach (var x in s.Sources)
                    {
                        if (x.Schema is { ColumnsKnown: true } && x.HasColumn(column.Column.Value)) { source = x; return s == scope ? Resolution.Found : Resolution.Outer; }
                        if (x.Schema is null || !x.Schema.ColumnsKnown) opaque = true;
                    }
                    if (opaque) return Resolution.Opaque;
                }
                return column.Table != null ? Resolution.Opaque : Resolution.NotFound;
            }

            // The walk's stack and the node lists of Shallow, reused: every term of every statement is walked several times,
            // and a stack, a list and an iterator per walk were most of this analysis' allocations (and so of its GC time).
            private readonly List<SqlNode> _walk = new List<SqlNode>();
            private readonly Stack<List<SqlNode>> _freeLists = new Stack<List<SqlNode>>();

            /// <summary>
            /// Nodes of an expression without entering subqueries (a subquery itself is included), depth first. The list is
            /// the caller's until it hands it back with <see cref="Release"/> (a walk inside the loop gets a list of its own).
            /// </summary>
            private List<SqlNode> Shallow(SqlNode root)
            {
                var nodes = _freeLists.Count > 0 ? _freeLists.Pop() : new List<SqlNode>();
                _walk.Add(root);
                while (_walk.Count > 0)
                {
                    var n = _walk[_walk.Count - 1];
                    _walk.RemoveAt(_walk.Count - 1);
                    nodes.Add(n);
                    if (n is not SqlSelect) SqlSyntaxWalker.Children(n, _walk);
                }
                return nodes;
            }

            private void Release(List<SqlNode> nodes)
            {
                nodes.Clear();
                _freeLists.Push(nodes);
            }

            // ---------------- terms ----------------

            private List<Term> Conjuncts(SqlExpr expr, Scope scope, string clause)
            {
                var parts = SqlSyntaxWalker.SplitAnd(expr);
                var terms = new List<Term>(parts.Count);
                foreach (var part in parts) terms.Add(AnalyzeTerm(part, scope, clause));
                return terms;
            }

            private Term AnalyzeTerm(SqlExpr expr, Scope scope, string clause)
            {
                var term = new Term { Expr = expr, Clause = clause, Written = expr };
                CollectRefs(expr, scope, term);
                switch (expr)
                {
                    case SqlBinary b when b.Operator == "OR":
                        {
                            var branches = SqlSyntaxWalker.SplitOr(b);
                            term.OrBranches = new List<List<Term>>(branches.Count);
                            foreach (var branch in branches) term.OrBranches.Add(Conjuncts(branch, scope, clause));
                        }
                        break;
                    case SqlBinary b when IsComparison(b.Operator):
                        ColumnSide(term, b.Left, b.Right, b.Operator, scope);
                        ColumnSide(term, b.Right, b.Left, b.Operator, scope);
                        break;
                    case SqlBinary { Operator: "!=" } b:
                        Unservable(term, b.Left, b.Right, "the '<>' comparison", scope);
                        Unservable(term, b.Right, b.Left, "the '<>' comparison", scope);
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
                    case SqlIn { Not: true, Table: null } notIn:
                        Unservable(term, notIn.Operand, null, "NOT IN", scope);
                        break;
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
                var refs = term.Refs;
                if (CollectRefs(expr, scope, ref refs)) term.HasUnknownRefs = true;
                term.Refs = refs;
            }

            /// <summary>
            /// Adds the sources the expression's columns resolve to (<see cref="s_unknown"/> for one that does not) to
            /// <paramref name="refs"/>, which is replaced by a set of its own when it is the shared <see cref="s_noSources"/>;
            /// true when a column does not resolve.
            /// </summary>
            private bool CollectRefs(SqlNode expr, Scope scope, ref HashSet<Source> refs)
            {
                bool unknown = false;
                var nodes = Shallow(expr);
                foreach (var node in nodes)
                {
                    if (node is not SqlColumnRef c) continue;
                    var r = Resolve(c, scope, out var source);
                    if (r is not (Resolution.Found or Resolution.Opaque or Resolution.NotFound)) continue;
                    if (ReferenceEquals(refs, s_noSources)) refs = new HashSet<Source>();
                    if (r == Resolution.Found) refs.Add(source!);
                    else { unknown = true; refs.Add(s_unknown); }
                }
                Release(nodes);
                return unknown;
            }

            /// <summary>The sources an expression refers to: <see cref="s_noSources"/> (shared, not to be written) when none.</summary>
            private HashSet<Source> RefsOf(SqlNode? expr, Scope scope)
            {
                var refs = s_noSources;
                if (expr != null) CollectRefs(expr, scope, ref refs);
                return refs;
            }

            /// <summary>A plain column of a base table on one side of a term (parentheses and COLLATE looked through), with its base name.</summary>
            private static SqlColumnRef? PlainColumn(SqlExpr side, Scope scope, out Source? source, out string? baseColumn, out string? collation)
            {
                source = null; baseColumn = null; collation = null;
                var inner = side;
                if (inner is SqlParenthesized { Items.Count: 1 } p0) inner = p0.Items[0];
                if (inner is SqlCollate collate) { collation = collate.Collation; inner = collate.Operand; }
                if (inner is not SqlColumnRef column) return null;
                if (Resolve(column, scope, out source) != Resolution.Found || source!.Schema is null) return null;
                baseColumn = source.BaseColumn(column.Column.Value);
                return baseColumn is null ? null : column;
            }

            /// <summary>'&lt;&gt;' and NOT IN: no index can serve them, so an index on the column is of no use here (OSQL011 says so).</summary>
            private void Unservable(Term term, SqlExpr side, SqlExpr? other, string reason, Scope scope)
            {
                var column = PlainColumn(side, scope, out var s, out var baseColumn, out _);
                if (column is null) return;
                var othersRefs = RefsOf(other, scope);
                if (othersRefs.Contains(s!) || othersRefs.Contains(s_unknown)) return;
                var key = CanonicalColumn(s!, baseColumn!);
                term.AddNotNullColumn(s!, key);
                if (IsIndexBacked(s!, key))
                    term.AddDefeat(new Defeat { S = s!, Column = key, Reason = reason + ", which no index can serve,", Node = column.Column });
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
                foreach (var m in moreOthers) CollectRefs(m, scope, ref othersRefs);

                if (inner is SqlColumnRef column)
                {
                    if (Resolve(column, scope, out var s) != Resolution.Found || s!.Schema is null) return;
                    if (othersRefs.Contains(s) || othersRefs.Contains(s_unknown)) return;
                    var baseColumn = s.BaseColumn(column.Column.Value);
                    if (baseColumn is null) return; // a view column that is an expression
                    var key = CanonicalColumn(s, baseColumn);
                    if (op != "IS") term.AddNotNullColumn(s, key);
                    term.Constraints.Add(new Constraint
                    {
                        S = s,
                        Key = key,
                        Equality = op is "=" or "IS" or "IN",
                        Others = othersRefs,
                        Collation = collation ?? ColumnCollation(s, key),
                        Node = column.Column,
                        // An index created on the column takes the column's collation: it serves a COLLATE of another one only by luck.
                        Advisable = collation is null || SameCollation(collation, ColumnCollation(s, key)),
                    });
                    return;
                }

                // An expression over a column: an expression index may serve it; otherwise it may hide an index.
                var wrapped = FindWrappedColumn(inner, scope, out var ws);
                if (wrapped is null || ws is null || othersRefs.Contains(ws) || othersRefs.Contains(s_unknown)) return;
                var wrappedBase = ws.BaseColumn(wrapped.Column.Value);
                if (wrappedBase is null) return;
                var text = ws.ViewColumns is null ? SqlExpressionText.Normalize(inner, c => Resolve(c, scope, out var cs) == Resolution.Found && cs == ws) : null;
                if (text != null && ws.Schema!.Indexes.Any(ix => ix.LeftmostKey == "=" + text))
                {
                    term.Constraints.Add(new Constraint { S = ws, Key = "=" + text, Equality = op is "=" or "IS" or "IN", Others = othersRefs, Node = wrapped, Advisable = false });
                    return;
                }
                if (IsIndexBacked(ws, wrappedBase))
                    term.AddDefeat(new Defeat { S = ws, Column = CanonicalColumn(ws, wrappedBase), Reason = DefeatReason(inner), Node = wrapped.Column });
            }

            private SqlColumnRef? FindWrappedColumn(SqlExpr expr, Scope scope, out Source? source)
            {
                source = null;
                var nodes = Shallow(expr);
                SqlColumnRef? found = null;
                foreach (var node in nodes)
                {
                    if (node is SqlColumnRef c && Resolve(c, scope, out var s) == Resolution.Found && s!.Schema != null)
                    {
                        source = s;
                        found = c;
                        break;
                    }
                }
                Release(nodes);
                return found;
            }

            private static string DefeatReason(SqlExpr expr) => expr switch
            {
                SqlUnary { Operator: "+" } => "the unary '+' in front of it",
                SqlFunctionCall f => "the function " + f.Name.Value + "() around it",
                SqlCast => "the CAST around it",
                SqlBinary { Operator: "->>" or "->" } b => "the '" + b.Operator + "' operator (an index on json_extract() does not serve it)",
                SqlBinary b => "the '" + b.Operator + "' arithmetic on it",
                _ => "the expression around it",
            };

            /// <summary>
            /// SQLite's LIKE optimisation: a pattern literal with a fixed prefix becomes a range on the column, which an
            /// index serves only when its collation fits: NOCASE for LIKE (case-insensitive), BINARY for GLOB. The left side
            /// must be the bare column (a COLLATE there turns the optimisation off). A parameter pattern depends on the bound
            /// value, so nothing is claimed about it.
            /// </summary>
            private void Like(Term term, SqlLike like, Scope scope)
            {
                if (like.Operator != "LIKE" && like.Operator != "GLOB") return;
                bool collated = like.Left is SqlCollate;
                var inner = like.Left is SqlCollate c0 ? c0.Operand : like.Left;
                if (inner is not SqlColumnRef column || Resolve(column, scope, out var s) != Resolution.Found || s!.Schema is null) return;
                var baseColumn = s.BaseColumn(column.Column.Value);
                if (baseColumn is null) return;
                string key = CanonicalColumn(s, baseColumn);
                term.AddNotNullColumn(s, key);
                if (like.Pattern is SqlParameter) return;
                var pattern = like.Pattern as SqlLiteral;
                bool glob = like.Operator == "GLOB";
                bool leadingWildcard = pattern is { Kind: SqlLiteralKind.String } && pattern.Value.Length > 0
                    && (glob ? pattern.Value[0] is '*' or '?' or '[' : pattern.Value[0] is '%' or '_');
                string wanted = glob ? "BINARY" : "NOCASE";
                if (pattern is { Kind: SqlLiteralKind.String } && pattern.Value.Length > 0 && !leadingWildcard && like.Escape is null && !collated)
                {
                    // An index created on the column inherits the column's collation: advise one only when that collation fits.
                    bool advisable = glob ? IsBinary(ColumnCollation(s, key)) : IsNoCase(ColumnCollation(s, key));
                    term.Constraints.Add(new Constraint
                    {
                        S = s,
                        Key = key,
                        Equality = false,
                        Collation = wanted,
                        Node = column.Column,
                        Advisable = advisable,
                        Mismatch = glob ? "GLOB, which compares case-sensitively, so only a BINARY index can serve it,"
                                        : "LIKE, which compares case-insensitively, so only a COLLATE NOCASE index can serve it,",
                    });
                    return;
                }
                if (!IsIndexBacked(s, key)) return;
                string reason = leadingWildcard ? like.Operator + " with a leading wildcard"
                    : collated ? "the COLLATE on the left of " + like.Operator
                    : pattern is null ? like.Operator + " with a pattern that is not a string literal"
                    : like.Operator + " with an ESCAPE clause or an empty pattern";
                term.AddDefeat(new Defeat { S = s, Column = key, Reason = reason, Node = column.Column });
            }

            /// <summary>Span of a node; for a quoted name the text inside the quotes (it maps into C# literals).</summary>
            private static int S(SqlNode n) => n is SqlName { Quoted: true } q && q.Length >= 2 ? q.Start + 1 : n.Start;
            private static int L(SqlNode n) => n is SqlName { Quoted: true } q && q.Length >= 2 ? q.Length - 2 : n.Length;

            private void Add(SqlFindingKind kind, SqlNode node, Source s, string column, string clause, string detail)
                => Add(kind, node, s, new EquatableArray<string>(new[] { column }), clause, detail);

            private void Add(SqlFindingKind kind, SqlNode node, Source s, EquatableArray<string> columns, string clause, string detail)
                => Findings.Add(new SqlFinding(kind, S(node), L(node), s.Schema!.Name, columns, clause, detail) { Exposed = s.PlanName });

            private static string CanonicalColumn(Source s, string name) => s.Schema?.FindColumn(name)?.Name ?? name;

            private static string? ColumnCollation(Source s, string name) => s.Schema?.FindColumn(name)?.Collation;

            private static bool IsBinary(string? collation) => string.IsNullOrEmpty(collation) || collation!.Equals("BINARY", StringComparison.OrdinalIgnoreCase);
            private static bool IsNoCase(string? collation) => collation != null && collation.Equals("NOCASE", StringComparison.OrdinalIgnoreCase);

            private static bool SameCollation(string? a, string? b)
                => (IsBinary(a) && IsBinary(b)) || string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

            /// <summary>The column is the rowid or the leftmost column of some (complete) index.</summary>
            private static bool IsIndexBacked(Source s, string column)
                => s.Schema!.IsRowid(column) || s.Schema.Indexes.Any(ix => !ix.IsPartial && ix.LeftmostKey.Equals(column, StringComparison.OrdinalIgnoreCase));

            private static bool Hinted(Source s) => s.NotIndexed || s.IndexedBy != null;

            /// <summary>
            /// Whether the planner may use the index for this source: INDEXED BY / NOT INDEXED allow only the named index / none,
            /// and a partial index needs its WHERE implied by the query (SQLite's rules, partialindex.html): each of its AND terms
            /// must equal a query term (for an OR term: one of its branches), or be "z IS NOT NULL" while the query compares z.
            /// </summary>
            private static bool Usable(IndexSchema ix, Source s)
            {
                if (s.NotIndexed) return false;
                if (s.IndexedBy != null && !ix.Name.Equals(s.IndexedBy, StringComparison.OrdinalIgnoreCase)) return false;
                if (!ix.IsPartial) return true;
                if (ix.Condition.Length == 0) return false;
                foreach (var condition in ix.Condition)
                {
                    bool implied = false;
                    foreach (var branch in condition.Split('\n'))
                    {
                        if (s.LocalTexts?.Contains(branch) == true) { implied = true; break; }
                        const string notNull = "is notnull)";
                        if (branch.Length > notNull.Length + 1 && branch[0] == '(' && branch.EndsWith(notNull, StringComparison.Ordinal)
                            && s.ComparedColumns?.Contains(branch.Substring(1, branch.Length - notNull.Length - 1)) == true) { implied = true; break; }
                    }
                    if (!implied) return false;
                }
                return true;
            }

            private static bool Served(Constraint c)
            {
                var t = c.S.Schema!;
                if (t.IsRowid(c.Key)) return c.S.IndexedBy is null;
                foreach (var ix in t.Indexes)
                {
                    if (!Usable(ix, c.S) || !ix.LeftmostKey.Equals(c.Key, StringComparison.OrdinalIgnoreCase)) continue;
                    if (c.Key.StartsWith("=", StringComparison.Ordinal) || SameCollation(ix.Collations.Length > 0 ? ix.Collations[0] : null, c.Collation)) return true;
                }
                return false;
            }

            // ---------------- planning ----------------

            private static bool HasPartialIndex(Source s)
            {
                if (s.Schema is null) return false;
                foreach (var ix in s.Schema.Indexes) if (ix.IsPartial) return true;
                return false;
            }

            private static bool IsLocalTo(Term term, Source s) => !term.HasUnknownRefs && term.Refs.Count == 1 && term.Refs.Contains(s);

            private static bool LocalServed(Source s, List<Term> terms)
            {
                foreach (var term in terms)
                {
                    if (term.OrBranches != null)
                    {
                        if (IsLocalTo(term, s) && AllBranchesServed(s, term.OrBranches)) return true;
                        continue;
                    }
                    foreach (var c in term.Constraints)
                        if (c.S == s && c.Others.Count == 0 && Served(c)) return true;
                }
                return false;
            }

            private static bool AllBranchesServed(Source s, List<List<Term>> branches)
            {
                foreach (var branch in branches)
                    if (!LocalServed(s, branch)) return false;
                return true;
            }

            private static bool JoinServed(Source s, List<Term> terms, HashSet<Source> placed)
            {
                foreach (var term in terms)
                    foreach (var c in term.Constraints)
                        if (c.S == s && c.Others.Count > 0 && placed.IsSupersetOf(c.Others) && Served(c)) return true;
                return false;
            }

            /// <summary>True when the first <paramref name="count"/> sources of the scope are all placed.</summary>
            private static bool AllPlaced(List<Source> sources, int count, HashSet<Source> placed)
            {
                for (int i = 0; i < count && i < sources.Count; i++)
                    if (!placed.Contains(sources[i])) return false;
                return true;
            }

            private static bool AnyLocal(List<Term> terms, Source s)
            {
                foreach (var t in terms)
                    if (IsLocalTo(t, s)) return true;
                return false;
            }

            private void Plan(Scope scope, List<Term> terms, List<SqlOrderingTerm>? orderBy, SqlSelectCore? core)
            {
                bool anyBase = false;
                foreach (var s in scope.Sources) anyBase |= s.IsBase;
                if (!anyBase) return;
                // What the WHERE implies, for partial indexes: the text of each term local to a table, and the columns it compares.
                foreach (var term in terms)
                {
                    if (term.Refs.Count == 1 && !term.HasUnknownRefs)
                        foreach (var only in term.Refs)
                            if (HasPartialIndex(only) && term.Text is { } text) (only.LocalTexts ??= new HashSet<string>(StringComparer.Ordinal)).Add(text);
                    foreach (var (source, column) in term.NotNullColumns)
                        if (HasPartialIndex(source)) (source.ComparedColumns ??= new HashSet<string>(StringComparer.OrdinalIgnoreCase)).Add(column);
                }
                var placed = new HashSet<Source>();
                // Tables reached through an index from a constant, or through a join from such a table: few rows.
                var restricted = new HashSet<Source>();
                var order = new List<Source>(scope.Sources.Count);
                var remaining = new List<Source>(scope.Sources);
                var eligible = new List<Source>(scope.Sources.Count);
                while (remaining.Count > 0)
                {
                    // The tables that may come next (the right side of a LEFT/CROSS JOIN only after all before it), and of
                    // those: one an index serves from constants, one a join from placed tables serves, a subquery, else the first.
                    eligible.Clear();
                    foreach (var s in remaining)
                        if (!s.MustFollowPrevious || AllPlaced(scope.Sources, s.Index, placed)) eligible.Add(s);
                    if (eligible.Count == 0) eligible.AddRange(remaining);
                    Source? pick = null;
                    foreach (var s in eligible) if (s.IsBase && LocalServed(s, terms)) { pick = s; break; }
                    if (pick is null) foreach (var s in eligible) if (s.IsBase && JoinServed(s, terms, placed)) { pick = s; break; }
                    if (pick is null) foreach (var s in eligible) if (!s.IsBase) { pick = s; break; }
                    if (pick is null && placed.Count == 0) foreach (var s in eligible) if (AnyLocal(terms, s)) { pick = s; break; }
                    pick ??= eligible[0];
                    if (pick.IsBase && LocalServed(pick, terms)) restricted.Add(pick);
                    else if (pick.IsBase && JoinServed(pick, terms, restricted)) restricted.Add(pick);
                    else if (pick.IsBase && !JoinServed(pick, terms, placed))
                        ReportUnserved(pick, terms, placed, restricted);
                    placed.Add(pick);
                    order.Add(pick);
                    remaining.Remove(pick);
                }
                if (orderBy != null && core != null) OrderBy(scope, terms, orderBy, core, order[0]);
            }

            /// <summary>
            /// A table the planner must scan. What to say, in order: expressions that hide an index (OSQL011); else the one
            /// conjunct of the AND whose index would serve it (OSQL010: its equality columns, then one range); only when the AND has no such conjunct, the first OR
            /// whose branches can all be served, naming each branch column once; for a join, the inner join column.
            /// </summary>
            private void ReportUnserved(Source s, List<Term> terms, HashSet<Source> placed, HashSet<Source> restricted)
            {
                var local = terms.Where(t => IsLocalTo(t, s)).ToList();
                if (local.Count > 0)
                {
                    bool reported = false;
                    var plain = local.Where(t => t.OrBranches is null).ToList();
                    foreach (var d in plain.SelectMany(t => t.Defeats).Where(d => d.S == s))
                    {
                        Add(SqlFindingKind.IndexDefeated, d.Node, s, d.Column, d.Clause(plain), d.Reason);
                        reported = true;
                    }
                    var constraints = plain.SelectMany(t => t.Constraints).Where(c => c.S == s && !c.Key.StartsWith("=", StringComparison.Ordinal)).ToList();
                    bool advised = ReportConstraints(s, constraints, plain.FirstOrDefault(t => t.Constraints.Count > 0)?.Clause ?? "WHERE");
                    if (!advised)
                        foreach (var or in local.Where(t => t.OrBranches != null))
                            if (ReportOr(s, or)) { advised = true; break; }
                    if (reported || advised) return;
                }
                if (Hinted(s)) return; // INDEXED BY / NOT INDEXED fix the access path: no index to advise for the join
                // A join needs an index on at least one side: a term whose other side is indexed (the planner can
                // drive the join from here instead) is served - unless that other side is already narrowed by an index
                // (then it must come first, and this table needs its own index on the join column).
                var joinTerms = terms.Where(t => t.Constraints.Any(c => c.S == s && c.Others.Count > 0 && c.Others.All(placed.Contains))).ToList();
                // (Not for the right side of a LEFT/CROSS JOIN: its place in the loop is fixed.)
                if (!s.MustFollowPrevious && joinTerms.Any(t => t.Constraints.Any(c => c.S != s && !restricted.Contains(c.S) && Served(c)))) return;
                var join = joinTerms.SelectMany(t => t.Constraints).Where(c => c.S == s && c.Others.Count > 0 && c.Others.All(placed.Contains) && c.Advisable && !c.Key.StartsWith("=", StringComparison.Ordinal)).ToList();
                if (join.Count > 0)
                {
                    Add(SqlFindingKind.UnindexedColumn, join[0].Node, s, join[0].Key, "JOIN", "");
                    return;
                }
                // A join defeated by an expression (ON lower(a.x) = b.y)
                foreach (var d in terms.Where(t => !IsLocalTo(t, s)).SelectMany(t => t.Defeats).Where(d => d.S == s))
                {
                    Add(SqlFindingKind.IndexDefeated, d.Node, s, d.Column, "JOIN", d.Reason);
                    return;
                }
            }

            /// <summary>
            /// An OR reaches the table through indexes only when every branch does. Advice only when an index can make
            /// each unserved branch usable; each column is named once (an OR of 50,000 equalities on one column is one finding).
            /// </summary>
            private bool ReportOr(Source s, Term or)
            {
                var picks = new List<(SqlNode Node, string Column, bool Defeat, string Reason)>();
                foreach (var branch in or.OrBranches!)
                {
                    if (LocalServed(s, branch)) continue;
                    var defeat = branch.SelectMany(t => t.Defeats).FirstOrDefault(d => d.S == s);
                    if (defeat != null) { picks.Add((defeat.Node, defeat.Column, true, defeat.Reason)); continue; }
                    var pick = Advice(s, branch.Where(t => t.OrBranches is null).SelectMany(t => t.Constraints).Where(c => c.S == s && !c.Key.StartsWith("=", StringComparison.Ordinal)));
                    if (pick is null) return false; // this branch scans whatever is indexed: advising the others would not help
                    picks.Add((pick.Node, pick.Key, false, ""));
                }
                if (picks.Count == 0) return false;
                var named = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (var p in picks)
                    if (named.Add((p.Defeat ? "011:" : "010:") + p.Column))
                        Add(p.Defeat ? SqlFindingKind.IndexDefeated : SqlFindingKind.UnindexedColumn, p.Node, s, p.Column, or.Clause, p.Reason);
                return true;
            }

            /// <summary>The constraint whose single-column index would serve: the first equality, else the first range; null when none can.</summary>
            private static Constraint? Advice(Source s, IEnumerable<Constraint> constraints)
            {
                if (Hinted(s)) return null;
                // The first in the text (no sort: the earliest of each kind is kept, the first written on a tie).
                Constraint? equality = null, range = null;
                foreach (var c in constraints)
                {
                    if (!c.Advisable || IsIndexBacked(s, c.Key)) continue;
                    if (c.Equality) { if (equality is null || c.Node.Start < equality.Node.Start) equality = c; }
                    else if (range is null || c.Node.Start < range.Node.Start) range = c;
                }
                return equality ?? range;
            }

            private bool ReportConstraints(Source s, List<Constraint> constraints, string clause)
            {
                if (constraints.Count == 0) return false;
                bool reported = false;
                // A column that has an index the query cannot use as written (another collation, a LIKE/GLOB that needs a
                // different one, an INDEXED BY / NOT INDEXED): OSQL011, no new index needed.
                var named = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (var c in constraints.Where(c => IsIndexBacked(s, c.Key) && !Served(c)))
                {
                    if (!named.Add(c.Key)) continue;
                    string reason = s.NotIndexed ? "NOT INDEXED"
                        : s.IndexedBy != null ? "INDEXED BY " + s.IndexedBy
                        : c.Mismatch ?? "COLLATE " + (c.Collation ?? "BINARY") + ", which differs from the index's collation,";
                    Add(SqlFindingKind.IndexDefeated, c.Node, s, c.Key, clause, reason);
                    reported = true;
                }
                // The index to advise: the AND's equality columns, then one range column (an index on them serves the
                // query, and the leftmost alone already would).
                var rest = constraints.Where(c => c.Advisable && !IsIndexBacked(s, c.Key)).ToList();
                if (rest.Count == 0 || Hinted(s)) return reported;
                var columns = new List<string>();
                foreach (var c in rest.Where(c => c.Equality).Concat(rest.Where(c => c.Range)))
                {
                    if (columns.Any(x => x.Equals(c.Key, StringComparison.OrdinalIgnoreCase))) continue;
                    columns.Add(c.Key);
                    if (c.Range) break;
                }
                // Point at the query's own text before a term that came from a view's WHERE (those point at the view's name).
                Constraint anchor = rest[0];
                foreach (var c in rest)
                {
                    int viewRank = FromViewName(s, c), anchorRank = FromViewName(s, anchor);
                    if (viewRank < anchorRank || (viewRank == anchorRank && c.Node.Start < anchor.Node.Start)) anchor = c;
                }
                Add(SqlFindingKind.UnindexedColumn, anchor.Node, s, columns.ToEquatableArray(), clause, "");
                return true;
            }

            private static int FromViewName(Source s, Constraint c) => s.ViewColumns != null && c.Node == s.NameNode ? 1 : 0;

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
                Add(SqlFindingKind.UnindexedOrderBy, anchor!, table, names, "ORDER BY", "");
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
                    // Every index of a rowid table ends with the rowid: equal keys come out in rowid order (key number
                    // Keys.Length, read without copying the keys into a longer list).
                    var keys = ix.Keys.Items;
                    var collations = ix.Collations.Items;
                    int count = keys.Length + (t.WithoutRowid ? 0 : 1);
                    string rowid = t.RowidAlias ?? "rowid";
                    string KeyAt(int n) => n < keys.Length ? keys[n] : rowid;
                    int i = 0;
                    bool ok = true;
                    foreach (var w in wanted)
                    {
                        while (i < count && eq.Contains(KeyAt(i)) && !KeyMatches(t, KeyAt(i), w.Key)) i++;
                        if (i >= count || !KeyMatches(t, KeyAt(i), w.Key)
                            || (!t.IsRowid(w.Key) && !SameCollation(i < keys.Length ? collations[i] : "", w.Collation))) { ok = false; break; }
                        i++;
                    }
                    if (ok) return true;
                }
                return false;
            }
        }
    }
}
