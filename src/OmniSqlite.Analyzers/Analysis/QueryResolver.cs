using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using OmniSqlite.Analyzers.Diagnostics;
using OmniSqlite.Analyzers.Emitting;
using OmniSqlite.Analyzers.Model;
using OmniSqlite.Analyzers.Parsing.Sql;

namespace OmniSqlite.Analyzers.Analysis
{
    /// <summary>Where a [Query] problem points: into the SQL text, at a method parameter, at the return type, or at the method.</summary>
    internal enum QueryAnchor { Sql = 0, Parameter = 1, ReturnType = 2, Method = 3 }

    /// <summary>One problem of a [Query] method. Offsets are into the attribute's SQL text as written.</summary>
    internal sealed class QueryProblem
    {
        public QueryProblem(DiagnosticDescriptor descriptor, QueryAnchor anchor, int start, int length, string? parameter, params string[] args)
        {
            Descriptor = descriptor; Anchor = anchor; Start = start; Length = length; Parameter = parameter; Args = args;
        }

        public DiagnosticDescriptor Descriptor { get; }
        public QueryAnchor Anchor { get; }
        public int Start { get; }
        public int Length { get; }
        public string? Parameter { get; }
        public string[] Args { get; }
        public bool IsError => Descriptor.DefaultSeverity == DiagnosticSeverity.Error;
        public string Message => string.Format(CultureInfo.InvariantCulture, Descriptor.MessageFormat.ToString(CultureInfo.InvariantCulture), Args);
    }

    /// <summary>
    /// Checks a [Query] method against its SQL and the schema, and works out what to generate: the final SQL text (SELECT *
    /// and t.* expanded to the known columns, collection parameters read through json_each), the parameter bindings, and
    /// the ordinal each result column is read from. The generator emits from the spec; the analyzer reports the problems
    /// (OSQL020-OSQL025). One function for both, so what the analyzer accepts is exactly what the generator can write.
    /// </summary>
    internal static class QueryResolver
    {
        /// <param name="postgreSql">The PostgreSQL dialect is on: a repository's instance method also gets its PostgreSQL form (and OSQL026).</param>
        public static QueryMethodSpec Resolve(QueryMethodModel m, SchemaModel schema, bool inRepository, List<QueryProblem> problems, bool postgreSql = false)
        {
            var run = new Run(m, schema, problems);
            var spec = run.Resolve(inRepository);
            // A repository's instance method with the dialect on, or a static method on an NpgsqlConnection: its PostgreSQL form.
            bool pg = m.OnNpgsql || (postgreSql && inRepository && !m.IsStatic);
            return pg && spec.Error is null ? spec with { PostgreSql = run.PostgreSql(spec) } : spec;
        }

        /// <summary>Column name to member name: case-insensitive, underscores ignored (client_id = ClientId).</summary>
        internal static bool NameMatches(string column, string member)
        {
            int i = 0, j = 0;
            while (true)
            {
                while (i < column.Length && column[i] == '_') i++;
                while (j < member.Length && member[j] == '_') j++;
                if (i == column.Length || j == member.Length) return i == column.Length && j == member.Length;
                if (char.ToUpperInvariant(column[i]) != char.ToUpperInvariant(member[j])) return false;
                i++; j++;
            }
        }

        private sealed class ResultColumn
        {
            public string? Name;          // null: an expression without alias
            public string Text = "";      // as written (for messages)
            public int Start, Length;
            public string? DeclaredType;  // null: unknown
            public bool? NotNull;         // null: unknown
            public bool FromStar;         // brought by * or t.*
        }

        private sealed class Source
        {
            public string ExposedName = "";
            public TableSchema? Table;    // null: subquery, CTE, table function or unknown table
            public bool NullableSide;     // the optional side of an outer join
        }

        private sealed class Run
        {
            private readonly QueryMethodModel _m;
            private readonly SchemaModel _schema;
            private readonly List<QueryProblem> _problems;
            private readonly string _sql;
            private readonly List<(int Start, int Length, string Text)> _edits = new List<(int, int, string)>();
            // The same statement for PostgreSQL: stars expanded alike, parameters as @name, IN lists as = ANY(@name).
            private readonly List<(int Start, int Length, string Text)> _postgreSqlEdits = new List<(int, int, string)>();
            private string _operation = "", _collection = "";

            public Run(QueryMethodModel m, SchemaModel schema, List<QueryProblem> problems)
            {
                _m = m; _schema = schema; _problems = problems; _sql = m.Sql ?? "";
            }

            private void Add(DiagnosticDescriptor d, QueryAnchor anchor, int start, int length, string? parameter, params string[] args)
                => _problems.Add(new QueryProblem(d, anchor, start, length, parameter, args));

            private void Shape(string why) => Add(Descriptors.QueryShapeMismatch, QueryAnchor.ReturnType, 0, 0, null, _m.Name, why);

            private QueryMethodSpec Spec(bool returns, List<QueryBinding> bindings, List<QueryRead> reads)
            {
                var firstError = _problems.FirstOrDefault(p => p.IsError);
                var sql = Rewrite();
                return new QueryMethodSpec(_m, sql, returns, bindings.ToEquatableArray(), reads.ToEquatableArray(),
                    firstError is null ? null : firstError.Descriptor.Id + ": " + firstError.Message, _operation, _collection);
            }

            private string Rewrite() => Rewrite(_edits);

            private string Rewrite(List<(int Start, int Length, string Text)> edits)
            {
                if (edits.Count == 0) return _sql;
                var sb = new StringBuilder(_sql);
                foreach (var edit in edits.OrderByDescending(e => e.Start))
                    sb.Remove(edit.Start, edit.Length).Insert(edit.Start, edit.Text);
                return sb.ToString();
            }

            /// <summary>The PostgreSQL form: the override with its @name parameters, or the rewrite (OSQL026 when SQLite-only syntax remains).</summary>
            public PostgreSqlQuery PostgreSql(QueryMethodSpec spec)
            {
                var bindings = new List<QueryBinding>();
                if (_m.PostgreSqlOverride is { } text)
                {
                    foreach (var p in PostgresQuerySql.Parameters(text))
                    {
                        if (bindings.Any(b => b.SqlName == p.Name)) continue;
                        var target = _m.Parameters.FirstOrDefault(x => (x.Role == QueryParameterRole.Value || x.Role == QueryParameterRole.Collection)
                            && string.Equals(Bare(x.Name), p.Name, StringComparison.OrdinalIgnoreCase));
                        if (target?.Value is null)
                        {
                            Add(Descriptors.QueryParameterNotFound, QueryAnchor.Method, 0, 0, null, "@" + p.Name + " (PostgreSql)", _m.Name, p.Name);
                            return new PostgreSqlQuery(text, EquatableArray<QueryBinding>.Empty, "[Query] PostgreSql: @" + p.Name + " matches no parameter of " + _m.Name + ".");
                        }
                        bindings.Add(new QueryBinding(p.Name, target.Name, target.Role == QueryParameterRole.Collection, target.Value));
                    }
                    return new PostgreSqlQuery(text, bindings.ToEquatableArray(), null);
                }
                foreach (var b in spec.Bindings)
                {
                    var name = b.SqlName.Substring(1);
                    if (!bindings.Any(x => string.Equals(x.SqlName, name, StringComparison.OrdinalIgnoreCase))) bindings.Add(b with { SqlName = name });
                }
                string? unsupported = null;
                if (PostgresQuerySql.FindSqliteOnly(_sql) is { } found)
                {
                    Add(Descriptors.SqliteOnlySyntax, QueryAnchor.Sql, found.Start, found.Length, null, _m.Name, found.Text, "PostgreSQL: " + found.Instead);
                    unsupported = "[Query] " + _m.Name + " uses '" + found.Text + "', which PostgreSQL does not understand; give it [Query(..., PostgreSql = \"...\")] (OSQL026).";
                }
                return new PostgreSqlQuery(Rewrite(_postgreSqlEdits), bindings.ToEquatableArray(), unsupported);
            }

            public QueryMethodSpec Resolve(bool inRepository)
            {
                var bindings = new List<QueryBinding>();
                var reads = new List<QueryRead>();
                if (_m.Problem != null)
                {
                    Add(Descriptors.QueryShapeMismatch, QueryAnchor.Method, 0, 0, null, _m.Name, _m.Problem);
                    return Spec(false, bindings, reads);
                }
                CheckPlacement(inRepository);

                if (_m.Sql is null || _m.Sql.Trim().Length == 0)
                {
                    Add(Descriptors.QuerySqlDoesNotParse, QueryAnchor.Sql, 0, 0, null, _m.Name, _m.Sql is null ? "the SQL must be a constant string" : "the SQL is empty");
                    return Spec(false, bindings, reads);
                }
                var script = SqlParser.Parse(_sql);
                if (script.Statements.Count == 0)
                {
                    Add(Descriptors.QuerySqlDoesNotParse, QueryAnchor.Sql, 0, _sql.Length, null, _m.Name, "there is no statement");
                    return Spec(false, bindings, reads);
                }
                if (script.Statements.Count > 1)
                {
                    var second = script.Statements[1];
                    Add(Descriptors.QuerySqlDoesNotParse, QueryAnchor.Sql, second.Start, second.Length, null, _m.Name,
                        "it holds " + script.Statements.Count + " statements; a [Query] runs exactly one");
                    return Spec(false, bindings, reads);
                }
                var statement = script.Statements[0];
                if (statement is SqlUnknownStatement { Error: { } error } unknown)
                {
                    Add(Descriptors.QuerySqlDoesNotParse, QueryAnchor.Sql, unknown.ErrorStart, Math.Max(0, unknown.ErrorEnd - unknown.ErrorStart), null, _m.Name, error);
                    return Spec(false, bindings, reads);
                }

                BindParameters(statement, bindings);
                (_operation, _collection) = Telemetry(statement);

                bool? returns;
                List<ResultColumn>? columns = null;
                switch (statement)
                {
                    case SqlSelectStatement select:
                        returns = true;
                        columns = SelectColumns(select.Select);
                        break;
                    case SqlInsertStatement insert:
                        returns = insert.ReturningColumns.Count > 0;
                        columns = ReturningColumns(insert.ReturningColumns, insert.Table, insert.Table.ExposedName);
                        break;
                    case SqlUpdateStatement update:
                        returns = update.ReturningColumns.Count > 0;
                        columns = ReturningColumns(update.ReturningColumns, update.Table, update.Table.ExposedName);
                        break;
                    case SqlDeleteStatement delete:
                        returns = delete.ReturningColumns.Count > 0;
                        columns = ReturningColumns(delete.ReturningColumns, delete.Table, delete.Table.ExposedName);
                        break;
                    default:
                        returns = null; // PRAGMA and other statements we do not model
                        break;
                }

                MapResult(statement, returns, columns, reads);
                var spec = Spec(returns == true && !IsRowsChanged(returns), bindings, reads);
                return statement is SqlSelectStatement { Select.Limit: { } limit } ? spec with { RowLimit = ConstantLimit(limit) } : spec;
            }

            /// <summary>A LIMIT that is an integer literal from 1 to 64 (the most rows the list can get, so it is sized once; a larger one may be far more than a call usually returns, so the list grows as usual); -1 otherwise.</summary>
            private static int ConstantLimit(SqlExpr limit)
                => limit is SqlLiteral { Kind: SqlLiteralKind.Number } n && int.TryParse(n.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var rows) && rows is >= 1 and <= 64 ? rows : -1;

            /// <summary>The verb and table a span names: the statement's target, or the first table of the first FROM.</summary>
            private (string Operation, string Collection) Telemetry(SqlStatement statement)
            {
                switch (statement)
                {
                    case SqlSelectStatement select:
                        var first = select.Select.Cores.Count > 0 && select.Select.Cores[0].From.Count > 0 ? select.Select.Cores[0].From[0].Source : null;
                        return ("SELECT", first is SqlTableRef table ? table.Name.Value : "");
                    case SqlInsertStatement insert: return ("INSERT", insert.Table?.Name?.Value ?? "");
                    case SqlUpdateStatement update: return ("UPDATE", update.Table?.Name?.Value ?? "");
                    case SqlDeleteStatement delete: return ("DELETE", delete.Table?.Name?.Value ?? "");
                }
                // Anything else: its first word (PRAGMA, WITH ..., REPLACE), upper-cased.
                var text = _sql.Substring(statement.Start, Math.Min(statement.Length, _sql.Length - statement.Start)).TrimStart();
                int end = 0;
                while (end < text.Length && char.IsLetter(text[end])) end++;
                return (text.Substring(0, end).ToUpperInvariant(), "");
            }

            private bool IsRowsChanged(bool? returns)
                => returns != true && _m.Shape == QueryShape.Single && _m.Row is { Kind: QueryRowKind.Scalar, Scalar: { Kind: ValueKind.Int32, IsNullable: false } };

            private void CheckPlacement(bool inRepository)
            {
                var connections = _m.Parameters.Count(p => p.Role == QueryParameterRole.Connection);
                if (_m.IsStatic)
                {
                    if (_m.Parameters.Length == 0 || _m.Parameters[0].Role != QueryParameterRole.Connection)
                        Add(Descriptors.QueryShapeMismatch, QueryAnchor.Method, 0, 0, null, _m.Name,
                            "a static [Query] method takes the SqliteConnection (or an NpgsqlConnection) as its first parameter");
                }
                else if (!inRepository)
                    Add(Descriptors.QueryShapeMismatch, QueryAnchor.Method, 0, 0, null, _m.Name,
                        "an instance [Query] method belongs in the generated repository ('partial class XxxRepository' beside entity Xxx); elsewhere make it static with a SqliteConnection first parameter");
                foreach (var p in _m.Parameters)
                {
                    if (p.RefKind.Contains("ref ") || p.RefKind.Contains("out ") || p.RefKind.Contains("in "))
                        Add(Descriptors.QueryShapeMismatch, QueryAnchor.Parameter, 0, 0, p.Name, _m.Name, "parameter '" + p.Name + "' cannot be " + p.RefKind.Trim());
                    else if (p.Role == QueryParameterRole.Unsupported)
                        Add(Descriptors.QueryShapeMismatch, QueryAnchor.Parameter, 0, 0, p.Name, _m.Name,
                            "parameter '" + p.Name + "' has type '" + p.TypeText.Replace("global::", "") + "', which cannot be bound: use a column type (long, string, DateTime, an enum, ...) or a list of one (T[], List<T>, IEnumerable<T>) for IN");
                    else if (p.Role == QueryParameterRole.Connection && (!_m.IsStatic || connections > 1 || p != _m.Parameters[0]))
                        Add(Descriptors.QueryShapeMismatch, QueryAnchor.Parameter, 0, 0, p.Name, _m.Name,
                            _m.IsStatic ? "only the first parameter can be the connection" : "a repository [Query] uses the repository's connection; remove parameter '" + p.Name + "'");
                }
                // The transaction belongs to the method's engine: NpgsqlTransaction with an NpgsqlConnection, else SqliteTransaction.
                foreach (var p in _m.Parameters)
                    if (p.Role == QueryParameterRole.Transaction && Parsing.QueryParser.IsNpgsql(p) != _m.OnNpgsql)
                        Add(Descriptors.QueryShapeMismatch, QueryAnchor.Parameter, 0, 0, p.Name, _m.Name,
                            _m.OnNpgsql ? "a [Query] on an NpgsqlConnection runs in an NpgsqlTransaction; change the type of '" + p.Name + "'"
                                : "parameter '" + p.Name + "' is an NpgsqlTransaction; a SQLite [Query] takes a SqliteTransaction (or make the first parameter an NpgsqlConnection)");
                if (_m.Parameters.Count(p => p.Role == QueryParameterRole.Transaction) > 1)
                    Add(Descriptors.QueryShapeMismatch, QueryAnchor.Method, 0, 0, null, _m.Name, "at most one SqliteTransaction parameter");
                if (_m.Parameters.Count(p => p.Role == QueryParameterRole.CancellationToken) > 1)
                    Add(Descriptors.QueryShapeMismatch, QueryAnchor.Method, 0, 0, null, _m.Name, "at most one CancellationToken parameter");
            }

            // ---------------- parameters ----------------

            private void BindParameters(SqlStatement statement, List<QueryBinding> bindings)
            {
                var used = new HashSet<string>(StringComparer.Ordinal);
                var bound = new HashSet<string>(StringComparer.Ordinal);
                // IN $ids / IN ($ids): which parameter nodes are the whole list of an IN.
                var inLists = new Dictionary<SqlParameter, bool>(); // value: written without parentheses
                var inNodes = new Dictionary<SqlParameter, SqlIn>();
                foreach (var node in SqlSyntaxWalker.DescendantsAndSelf(statement))
                {
                    if (node is not SqlIn inExpr) continue;
                    if (inExpr.ListParameter != null) { inLists[inExpr.ListParameter] = true; inNodes[inExpr.ListParameter] = inExpr; }
                    else if (inExpr.Values is { Count: 1 } && inExpr.Values[0] is SqlParameter only) { inLists[only] = false; inNodes[only] = inExpr; }
                }
                var scaleConflicts = new List<ScaleConflict>();
                var scales = ParameterScales(statement, scaleConflicts);
                foreach (var p in SqlSyntaxWalker.Parameters(statement))
                {
                    var name = p.Name;
                    if (name is null)
                    {
                        Add(Descriptors.QueryParameterNotFound, QueryAnchor.Sql, p.Start, p.Length, null, p.Text, _m.Name, "(a name)");
                        continue;
                    }
                    var target = _m.Parameters.FirstOrDefault(x => (x.Role == QueryParameterRole.Value || x.Role == QueryParameterRole.Collection || x.Role == QueryParameterRole.Unsupported)
                        && string.Equals(Bare(x.Name), name, StringComparison.OrdinalIgnoreCase));
                    if (target is null)
                    {
                        Add(Descriptors.QueryParameterNotFound, QueryAnchor.Sql, p.Start, p.Length, null, p.Text, _m.Name, name);
                        continue;
                    }
                    used.Add(target.Name);
                    if (target.Value is null) continue; // unsupported type: reported by CheckPlacement
                    bool collection = target.Role == QueryParameterRole.Collection;
                    // PostgreSQL: x IN $ids -> x = ANY(@ids) (the array binds as one parameter); any other use -> @name.
                    if (collection && inNodes.TryGetValue(p, out var inNode))
                        _postgreSqlEdits.Add((inNode.Operand.End, inNode.End - inNode.Operand.End, (inNode.Not ? " <> ALL(@" : " = ANY(@") + name + ")"));
                    else _postgreSqlEdits.Add((p.Start, p.Length, "@" + name));
                    if (inLists.TryGetValue(p, out var bare))
                    {
                        if (collection) _edits.Add((p.Start, p.Length, (bare ? "(" : "") + "SELECT value FROM json_each(" + p.Text + ")" + (bare ? ")" : "")));
                        else if (bare) _edits.Add((p.Start, p.Length, "(" + p.Text + ")"));
                    }
                    if (bound.Add(p.Text))
                        bindings.Add(new QueryBinding(p.Text, target.Name, collection, target.Value)
                        {
                            Scale = target.Value.Kind == ValueKind.Decimal && scales.TryGetValue(p.Text, out var scale) ? scale : -1,
                        });
                }
                foreach (var p in _m.Parameters)
                    if ((p.Role == QueryParameterRole.Value || p.Role == QueryParameterRole.Collection) && !used.Contains(p.Name))
                        Add(Descriptors.QueryParameterUnused, QueryAnchor.Parameter, 0, 0, p.Name, Bare(p.Name), _m.Name);
                // OSQL028: only a decimal parameter is bound scaled, so only there does the first column's Scale decide.
                foreach (var conflict in scaleConflicts)
                    if (bindings.FirstOrDefault(b => b.SqlName == conflict.At.Text) is { Scale: >= 0 } binding)
                        Add(Descriptors.QueryParameterScaleConflict, QueryAnchor.Sql, conflict.At.Start, conflict.At.Length, null,
                            binding.Parameter.TrimStart('@'), _m.Name, conflict.FirstColumn, conflict.FirstScale.ToString(CultureInfo.InvariantCulture),
                            conflict.Column, conflict.Scale.ToString(CultureInfo.InvariantCulture));
            }

            /// <summary>A decimal parameter met a second scaled column whose Scale differs from the first one's (which decides how it is bound).</summary>
            private sealed class ScaleConflict
            {
                public ScaleConflict(SqlParameter at, string firstColumn, int firstScale, string column, int scale)
                {
                    At = at; FirstColumn = firstColumn; FirstScale = firstScale; Column = column; Scale = scale;
                }

                public SqlParameter At { get; }
                public string FirstColumn { get; }
                public int FirstScale { get; }
                public string Column { get; }
                public int Scale { get; }
            }

            /// <summary>
            /// SQL parameter (as written) -> n, for each parameter the statement compares with, writes to or lists in IN against
            /// an entity's scaled decimal column (<c>price &gt; $min</c>, <c>price BETWEEN $a AND $b</c>, <c>price IN $list</c>,
            /// <c>SET price = $p</c>, <c>INSERT (price) VALUES ($p)</c>), so a decimal parameter is bound as that column stores it.
            /// The first column met decides when one parameter meets several; a later column of another Scale goes into
            /// <paramref name="conflicts"/> (once per parameter), for OSQL028.
            /// </summary>
            private Dictionary<string, int> ParameterScales(SqlStatement statement, List<ScaleConflict> conflicts)
            {
                var scales = new Dictionary<string, int>(StringComparer.Ordinal);
                var firstColumns = new Dictionary<string, string>(StringComparer.Ordinal);
                var tables = new List<(string Exposed, TableSchema Table)>();
                foreach (var node in SqlSyntaxWalker.DescendantsAndSelf(statement))
                    if (node is SqlTableRef t && _schema.FindTable(t.Name.Value) is { } table) tables.Add((t.ExposedName, table));

                (int Scale, string Column) ScaleOfColumn(TableSchema table, string column) => (table.FindColumn(column) is { } c ? ScaleOf(c.DeclaredType) : -1, column);
                (int Scale, string Column) ScaleOfExpr(SqlExpr e) => (ScaleOfRef(e), Unwrap(e) is SqlColumnRef r ? r.ToString() : "");
                int ScaleOfRef(SqlExpr e)
                {
                    if (Unwrap(e) is not SqlColumnRef c) return -1;
                    int found = -1;
                    foreach (var (exposed, table) in tables)
                    {
                        if (c.Table != null && !string.Equals(exposed, c.Table.Value, StringComparison.OrdinalIgnoreCase)) continue;
                        if (table.FindColumn(c.Column.Value) is not { } column) continue;
                        if (found >= 0 || column.DeclaredType is null) return -1; // ambiguous, or unknown: bound as it is
                        found = Math.Max(ScaleOf(column.DeclaredType), -1);
                        if (found < 0) return -1;
                    }
                    return found;
                }
                void Pair((int Scale, string Column) column, SqlExpr? value)
                {
                    if (column.Scale < 0 || value is null || Unwrap(value) is not SqlParameter p) return;
                    if (!scales.TryGetValue(p.Text, out var first))
                    {
                        scales[p.Text] = column.Scale;
                        firstColumns[p.Text] = column.Column;
                    }
                    else if (first != column.Scale && !conflicts.Any(c => c.At.Text == p.Text))
                        conflicts.Add(new ScaleConflict(p, firstColumns[p.Text], first, column.Column, column.Scale));
                }

                foreach (var node in SqlSyntaxWalker.DescendantsAndSelf(statement))
                {
                    switch (node)
                    {
                        case SqlBinary b when b.Operator is "=" or "==" or "!=" or "<>" or "<" or "<=" or ">" or ">=" or "IS" or "IS NOT":
                            Pair(ScaleOfExpr(b.Left), b.Right);
                            Pair(ScaleOfExpr(b.Right), b.Left);
                            break;
                        case SqlBetween between:
                            Pair(ScaleOfExpr(between.Operand), between.Low);
                            Pair(ScaleOfExpr(between.Operand), between.High);
                            break;
                        case SqlIn inExpr:
                            Pair(ScaleOfExpr(inExpr.Operand), inExpr.ListParameter);
                            foreach (var v in inExpr.Values ?? new List<SqlExpr>()) Pair(ScaleOfExpr(inExpr.Operand), v);
                            break;
                        case SqlUpdateStatement update when _schema.FindTable(update.Table.Name.Value) is { } target:
                            foreach (var a in update.Assignments)
                                if (a.Columns.Count == 1) Pair(ScaleOfColumn(target, a.Columns[0].Value), a.Value);
                            break;
                        case SqlInsertStatement insert when insert.Source?.Cores is { Count: > 0 } cores && cores[0].Values is { } rows && _schema.FindTable(insert.Table.Name.Value) is { } into:
                            foreach (var row in rows)
                                for (int i = 0; i < row.Count && i < insert.Columns.Count; i++) Pair(ScaleOfColumn(into, insert.Columns[i].Value), row[i]);
                            break;
                    }
                }
                return scales;
            }

            private static string Bare(string name) => name.StartsWith("@", StringComparison.Ordinal) ? name.Substring(1) : name;

            // ---------------- result columns ----------------

            private List<ResultColumn> SelectColumns(SqlSelect select)
            {
                var ctes = new HashSet<string>(select.With.Select(c => c.Name.Value), StringComparer.OrdinalIgnoreCase);
                var core = select.Cores[0];
                var sources = Sources(core.From, ctes);
                var result = new List<ResultColumn>();
                if (core.Values != null)
                {
                    foreach (var v in core.Values.Count > 0 ? core.Values[0] : new List<SqlExpr>())
                        result.Add(new ResultColumn { Name = "column" + (result.Count + 1), Text = Text(v), Start = v.Start, Length = v.Length });
                    return result;
                }
                ResultColumns(core.Columns, sources, result);
                if (select.Cores.Count > 1)
                    foreach (var c in result) { c.DeclaredType = null; c.NotNull = null; } // types of a compound are any core's
                return result;
            }

            private List<ResultColumn> ReturningColumns(List<SqlResultColumn> columns, SqlTableRef table, string exposed)
            {
                var sources = new List<Source> { new Source { ExposedName = exposed, Table = _schema.FindTable(table.Name.Value) } };
                var result = new List<ResultColumn>();
                ResultColumns(columns, sources, result, qualify: false); // RETURNING names the modified table's columns bare
                return result;
            }

            private void ResultColumns(List<SqlResultColumn> columns, List<Source> sources, List<ResultColumn> result, bool qualify = true)
            {
                foreach (var column in columns)
                {
                    if (column.Star)
                    {
                        var from = column.StarTable is null ? sources : sources.Where(s => string.Equals(s.ExposedName, column.StarTable.Value, StringComparison.OrdinalIgnoreCase)).ToList();
                        var unknown = from.Count == 0 ? column.StarTable?.Value : from.FirstOrDefault(s => s.Table is null || !s.Table.ColumnsKnown)?.ExposedName;
                        if (unknown != null || from.Count == 0)
                        {
                            Add(Descriptors.QueryColumnMismatch, QueryAnchor.Sql, column.Start, column.Length, null,
                                "'" + Text(column) + "' in '" + _m.Name + "' cannot be expanded at compile time: the columns of '" + (unknown ?? "the FROM clause") + "' are not known; name the columns");
                            continue;
                        }
                        var expansion = new List<string>();
                        foreach (var source in from)
                        {
                            foreach (var c in source.Table!.Columns)
                            {
                                result.Add(new ResultColumn
                                {
                                    Name = c.Name,
                                    Text = source.ExposedName + "." + c.Name,
                                    Start = column.Start,
                                    Length = column.Length,
                                    FromStar = true,
                                    DeclaredType = c.DeclaredType,
                                    NotNull = c.NotNull && !source.NullableSide,
                                });
                                expansion.Add(qualify ? Ddl.Quote(source.ExposedName) + "." + Ddl.Quote(c.Name) : Ddl.Quote(c.Name));
                            }
                        }
                        _edits.Add((column.Start, column.Length, string.Join(", ", expansion)));
                        _postgreSqlEdits.Add((column.Start, column.Length, string.Join(", ", expansion)));
                        continue;
                    }
                    var expr = column.Expression!;
                    var rc = new ResultColumn { Text = Text(column), Start = column.Start, Length = column.Length };
                    rc.Name = column.Alias?.Value ?? (Unwrap(expr) is SqlColumnRef cr ? cr.Column.Value : null);
                    TypeOf(expr, sources, rc);
                    result.Add(rc);
                }
            }

            private static SqlExpr Unwrap(SqlExpr e)
            {
                while (e is SqlParenthesized { Items.Count: 1 } p) e = p.Items[0];
                return e;
            }

            private void TypeOf(SqlExpr expr, List<Source> sources, ResultColumn rc)
            {
                expr = Unwrap(expr);
                switch (expr)
                {
                    case SqlColumnRef c:
                        {
                            Source? source = null;
                            SchemaColumn? column = null;
                            foreach (var s in sources)
                            {
                                if (c.Table != null && !string.Equals(s.ExposedName, c.Table.Value, StringComparison.OrdinalIgnoreCase)) continue;
                                if (s.Table is null) { if (c.Table != null) return; continue; }
                                var found = s.Table.FindColumn(c.Column.Value);
                                if (found is null && s.Table.IsRowid(c.Column.Value))
                                {
                                    rc.DeclaredType = "INTEGER"; rc.NotNull = !s.NullableSide;
                                    return;
                                }
                                if (found is null) continue;
                                if (column != null) return; // ambiguous: SQLite reports it
                                source = s; column = found;
                            }
                            if (column is null || source is null) return;
                            rc.DeclaredType = column.DeclaredType;
                            rc.NotNull = column.NotNull && !source.NullableSide;
                            return;
                        }
                    case SqlFunctionCall f when f.Name.Is("count"):
                        rc.DeclaredType = "INTEGER"; rc.NotNull = true; return;
                    case SqlLiteral { Kind: SqlLiteralKind.String }:
                        rc.DeclaredType = "TEXT"; rc.NotNull = true; return;
                    case SqlLiteral { Kind: SqlLiteralKind.Number } n:
                        rc.DeclaredType = n.Value.IndexOfAny(new[] { '.', 'e', 'E' }) >= 0 ? "REAL" : "INTEGER"; rc.NotNull = true; return;
                    case SqlLiteral { Kind: SqlLiteralKind.Null }:
                        rc.NotNull = false; return;
                    case SqlCast cast:
                        rc.DeclaredType = cast.TypeName; return;
                }
            }

            private List<Source> Sources(List<SqlFromItem> from, HashSet<string> ctes)
            {
                var sources = new List<Source>();
                var stack = new Stack<(List<SqlFromItem> Items, int Index)>();
                // Flatten parenthesised joins in order (iteratively).
                var flat = new List<SqlFromItem>();
                stack.Push((from, 0));
                while (stack.Count > 0)
                {
                    var (items, index) = stack.Pop();
                    if (index >= items.Count) continue;
                    stack.Push((items, index + 1));
                    var item = items[index];
                    if (item.Source is SqlJoinGroupSource group) stack.Push((group.Items, 0));
                    else flat.Add(item);
                }
                foreach (var item in flat)
                {
                    var source = new Source { ExposedName = item.Source.Alias?.Value ?? "" };
                    if (item.Source is SqlTableRef t)
                    {
                        source.ExposedName = t.ExposedName;
                        if (!ctes.Contains(t.Name.Value)) source.Table = _schema.FindTable(t.Name.Value);
                    }
                    if (item.Join is SqlJoinKind.Left or SqlJoinKind.Full) source.NullableSide = true;
                    if (item.Join is SqlJoinKind.Right or SqlJoinKind.Full) foreach (var before in sources) before.NullableSide = true;
                    sources.Add(source);
                }
                return sources;
            }

            private string Text(ResultColumn c) => c.Start >= 0 && c.Start + c.Length <= _sql.Length ? _sql.Substring(c.Start, c.Length) : c.Text;

            private string Text(SqlNode node) => node.Start >= 0 && node.End <= _sql.Length && node.End > node.Start ? _sql.Substring(node.Start, node.Length) : "";

            // ---------------- mapping ----------------

            private void MapResult(SqlStatement statement, bool? returns, List<ResultColumn>? columns, List<QueryRead> reads)
            {
                if (_m.Shape == QueryShape.Execute) return;
                if (_m.Shape == QueryShape.Unsupported || _m.Row is null)
                {
                    Shape("'" + _m.ReturnTypeText.Replace("global::", "") + "' is not a shape a [Query] returns: use void, int, T, T?, List<T>, IReadOnlyList<T>, IAsyncEnumerable<T> or Task/ValueTask of one");
                    return;
                }
                var row = _m.Row;
                if (IsRowsChanged(returns))
                {
                    if (returns == false || statement is SqlUnknownStatement) return; // rows changed by INSERT/UPDATE/DELETE
                }
                if (returns == null)
                {
                    Shape("OmniSqlite cannot tell which columns this statement returns; return void or int, or use a SELECT");
                    return;
                }
                if (returns == false)
                {
                    var kind = statement is SqlInsertStatement ? "INSERT" : statement is SqlUpdateStatement ? "UPDATE" : "DELETE";
                    Shape("a " + kind + " without RETURNING returns no rows, so it cannot produce '" + _m.ReturnTypeText.Replace("global::", "") + "': return int (rows changed) or void, or add RETURNING");
                    return;
                }
                if (row.Kind == QueryRowKind.Unsupported)
                {
                    Shape("'" + row.Display + "' cannot hold a row: use a class, record or struct with a constructor or settable members, a value tuple, or a column type");
                    return;
                }
                var cols = columns ?? new List<ResultColumn>();
                if (row.Kind == QueryRowKind.Scalar)
                {
                    if (cols.Count != 1)
                    {
                        if (cols.Count > 1 && _m.Row.Scalar is { Kind: ValueKind.Int32 } && statement is SqlSelectStatement)
                            Shape("int from a SELECT of " + cols.Count + " columns: a scalar reads one column (int alone counts the rows an INSERT, UPDATE or DELETE changed); return a row type");
                        else if (cols.Count > 1)
                            Shape("the statement returns " + cols.Count + " columns, but '" + row.Display + "' holds one: return a row type (a record or tuple) or select one column");
                        return;
                    }
                    CheckType(cols[0], row.Display, row.Scalar!);
                    reads.Add(new QueryRead(0, "", -1, row.Scalar!) { Scale = DecimalScale(cols[0], row.Scalar!) });
                    return;
                }
                if (row.Kind == QueryRowKind.Tuple)
                {
                    if (cols.Count != row.Members.Length)
                    {
                        var span = Span(cols);
                        Add(Descriptors.QueryColumnMismatch, QueryAnchor.Sql, span.Start, span.Length, null,
                            "'" + _m.Name + "' returns " + cols.Count + " columns into a tuple of " + row.Members.Length + ": select exactly one column per element");
                        return;
                    }
                    for (int i = 0; i < cols.Count; i++)
                    {
                        var member = row.Members[i];
                        if (member.Value is null) { Unreadable(cols[i], member, row); continue; }
                        CheckType(cols[i], row.Display + "." + member.Name, member.Value);
                        reads.Add(new QueryRead(i, member.Name, i, member.Value) { Scale = DecimalScale(cols[i], member.Value) });
                    }
                    return;
                }

                var filled = new Dictionary<string, string>(StringComparer.Ordinal);
                var unmappedStars = new List<ResultColumn>();
                for (int i = 0; i < cols.Count; i++)
                {
                    var col = cols[i];
                    if (col.Name is null)
                    {
                        Add(Descriptors.QueryColumnMismatch, QueryAnchor.Sql, col.Start, col.Length, null,
                            "Result column '" + col.Text + "' of '" + _m.Name + "' has no name to map to a member of '" + row.Display + "': add AS <member name>");
                        continue;
                    }
                    var member = row.Members.FirstOrDefault(x => x.ColumnName != null && string.Equals(x.ColumnName, col.Name, StringComparison.OrdinalIgnoreCase))
                        ?? row.Members.FirstOrDefault(x => x.ColumnName is null && NameMatches(col.Name, x.Name));
                    if (member is null)
                    {
                        if (col.FromStar) { unmappedStars.Add(col); continue; }
                        Add(Descriptors.QueryColumnMismatch, QueryAnchor.Sql, col.Start, col.Length, null,
                            "Result column '" + col.Name + "' of '" + _m.Name + "' maps to no member of '" + row.Display + "': add a member '" + Pascal(col.Name) + "', alias the column (AS name), or leave it out");
                        continue;
                    }
                    if (filled.TryGetValue(member.Name, out var earlier))
                    {
                        Add(Descriptors.QueryColumnMismatch, QueryAnchor.Sql, col.Start, col.Length, null,
                            "Result column '" + col.Text + "' of '" + _m.Name + "' maps to '" + row.Display + "." + member.Name + "', which column '" + earlier + "' already fills: alias one of them (AS name)");
                        continue;
                    }
                    filled[member.Name] = col.Text;
                    if (member.Value is null) { Unreadable(col, member, row); continue; }
                    CheckType(col, row.Display + "." + member.Name, member.Value);
                    reads.Add(new QueryRead(i, member.Name, member.ConstructorIndex, member.Value) { Scale = DecimalScale(col, member.Value) });
                }
                // One diagnostic per star for the columns it brings that nothing takes.
                foreach (var star in unmappedStars.GroupBy(c => c.Start))
                {
                    var first = star.First();
                    Add(Descriptors.QueryColumnMismatch, QueryAnchor.Sql, first.Start, first.Length, null,
                        "'" + Text(first) + "' in '" + _m.Name + "' brings columns that map to no member of '" + row.Display + "': "
                        + string.Join(", ", star.Select(c => c.Name)) + "; name the columns you need, or add members for them");
                }
                var list = Span(cols);
                foreach (var member in row.Members)
                {
                    if (!member.Required || filled.ContainsKey(member.Name)) continue;
                    Add(Descriptors.QueryColumnMismatch, QueryAnchor.Sql, list.Start, list.Length, null,
                        (member.ConstructorIndex >= 0 ? "Constructor parameter '" : "Required member '") + member.Name + "' of '" + row.Display + "' gets no result column from '" + _m.Name
                        + "': select a column named '" + Snake(member.ColumnName ?? member.Name) + "' (or alias one AS " + member.Name + ")" + (member.ConstructorIndex >= 0 ? ", or give the parameter a default" : ""));
                }
            }

            private void Unreadable(ResultColumn col, QueryMember member, QueryRowType row)
                => Add(Descriptors.QueryColumnMismatch, QueryAnchor.Sql, col.Start, col.Length, null,
                    "Result column '" + col.Text + "' of '" + _m.Name + "' maps to '" + row.Display + "." + member.Name + "' of type '" + member.TypeDisplay + "', which OmniSqlite cannot read: use a column type");

            private static (int Start, int Length) Span(List<ResultColumn> cols)
                => cols.Count == 0 ? (0, 0) : (cols[0].Start, cols[cols.Count - 1].Start + cols[cols.Count - 1].Length - cols[0].Start);

            private static string Pascal(string column)
            {
                var sb = new StringBuilder();
                bool upper = true;
                foreach (var ch in column)
                {
                    if (ch == '_' || !char.IsLetterOrDigit(ch)) { upper = true; continue; }
                    sb.Append(upper ? char.ToUpperInvariant(ch) : ch);
                    upper = false;
                }
                return sb.Length == 0 ? "Value" : sb.ToString();
            }

            private static string Snake(string name) => Parsing.Naming.ToSnakeCase(name);

            /// <summary>OSQL024, only when sure: a known nullable column into a non-nullable member; TEXT/BLOB into a number; non-BLOB into bytes.</summary>
            private void CheckType(ResultColumn col, string target, QueryValueType value)
            {
                var display = value.TypeName.Replace("global::", "") + (value.IsNullable ? "?" : "");
                if (col.NotNull == false && !value.IsNullable)
                {
                    Add(Descriptors.QueryColumnTypeMismatch, QueryAnchor.Sql, col.Start, col.Length, null,
                        col.Text, (col.DeclaredType is { Length: > 0 } t ? t + ", " : "") + "can be NULL", target, display,
                        "a NULL would throw when read; make the member nullable, or add NOT NULL / coalesce(...)");
                    return;
                }
                if (col.DeclaredType is null) return;
                var affinity = Affinity(col.DeclaredType);
                bool numeric = value.Kind is ValueKind.Boolean or ValueKind.Byte or ValueKind.SByte or ValueKind.Int16 or ValueKind.UInt16
                    or ValueKind.Int32 or ValueKind.UInt32 or ValueKind.Int64 or ValueKind.UInt64 or ValueKind.Single or ValueKind.Double or ValueKind.Enum;
                if (numeric && affinity is "TEXT" or "BLOB")
                    Add(Descriptors.QueryColumnTypeMismatch, QueryAnchor.Sql, col.Start, col.Length, null,
                        col.Text, col.DeclaredType, target, display, affinity + " values do not convert to a number; change the member's type or CAST the column");
                else if (value.Kind == ValueKind.ByteArray && affinity is "TEXT" or "INTEGER" or "REAL")
                    Add(Descriptors.QueryColumnTypeMismatch, QueryAnchor.Sql, col.Start, col.Length, null,
                        col.Text, col.DeclaredType, target, display, "only BLOB values read as byte[]; change the member's type");
            }

            /// <summary>
            /// The scale of a decimal read from an entity's scaled column (declared <c>DECIMAL(18,n)</c> by the generator), so a
            /// [Query] reads it as the repository does; -1 for anything else (an expression such as SUM(x) is read as it is).
            /// </summary>
            private static int DecimalScale(ResultColumn col, QueryValueType value)
                => value.Kind == ValueKind.Decimal ? ScaleOf(col.DeclaredType) : -1;

            /// <summary>n of a declared <c>DECIMAL(18,n)</c> (the generator's scaled decimal); -1 for any other type.</summary>
            private static int ScaleOf(string? declared)
            {
                const string prefix = "DECIMAL(18,";
                if (declared is not { } t || !t.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) || !t.EndsWith(")", StringComparison.Ordinal)) return -1;
                return int.TryParse(t.Substring(prefix.Length, t.Length - prefix.Length - 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n <= 18 ? n : -1;
            }

            /// <summary>SQLite's type affinity rules; "" (no type) is BLOB affinity but holds anything, so it is not checked.</summary>
            private static string Affinity(string declared)
            {
                var t = declared.ToUpperInvariant();
                if (t.Length == 0) return "";
                if (t.Contains("INT")) return "INTEGER";
                if (t.Contains("CHAR") || t.Contains("CLOB") || t.Contains("TEXT")) return "TEXT";
                if (t.Contains("BLOB")) return "BLOB";
                if (t.Contains("REAL") || t.Contains("FLOA") || t.Contains("DOUB")) return "REAL";
                return "NUMERIC";
            }
        }
    }
}
