using System;
using System.Collections.Generic;

namespace OmniSqlite.Analyzers.Parsing.Sql
{
    /// <summary>The statements of one SQL text. Never null; unparseable statements are <see cref="SqlUnknownStatement"/>.</summary>
    internal sealed class SqlScript
    {
        public SqlScript(string text, IReadOnlyList<SqlStatement> statements) { Text = text; Statements = statements; }
        public string Text { get; }
        public IReadOnlyList<SqlStatement> Statements { get; }
    }

    /// <summary>
    /// A recursive-descent parser for the SQLite statements the analyzers need (SELECT with joins, subqueries,
    /// CTEs and compounds; INSERT; UPDATE; DELETE; CREATE TABLE; CREATE INDEX). It never throws: a statement it
    /// does not understand becomes <see cref="SqlUnknownStatement"/> and parsing resumes after the next ';'.
    /// </summary>
    internal sealed class SqlParser
    {
        private const int MaxDepth = 150;

        private readonly List<SqlToken> _tokens;
        private int _pos;
        private int _depth;

        private SqlParser(List<SqlToken> tokens) { _tokens = tokens; }

        public static SqlScript Parse(string? sql)
        {
            sql ??= "";
            var statements = new List<SqlStatement>();
            List<SqlToken> tokens;
            try { tokens = SqlTokenizer.Tokenize(sql); }
            catch (Exception) { return new SqlScript(sql, statements); } // defensive: the tokenizer has no known throw path
            var parser = new SqlParser(tokens);
            while (parser.Current.Kind != SqlTokenKind.End)
            {
                if (parser.Current.IsSymbol(";")) { parser._pos++; continue; }
                int start = parser._pos;
                SqlStatement statement;
                try
                {
                    parser._depth = 0;
                    statement = parser.ParseStatement();
                    if (!parser.Current.IsSymbol(";") && parser.Current.Kind != SqlTokenKind.End)
                        throw new SqlParseException("unexpected '" + parser.Current.Text + "' after the statement");
                }
                catch (SqlParseException e)
                {
                    statement = new SqlUnknownStatement(e.Message) { ErrorStart = parser.Current.Start, ErrorEnd = parser.Current.End };
                    parser.SkipToStatementEnd();
                }
                catch (Exception e)
                {
                    // A parser bug must not take the compiler down; the statement says so (IsInternalError), and the SQL
                    // analysis reports it as OSQL009 rather than staying silent.
                    statement = new SqlUnknownStatement("internal parser error: " + e.GetType().Name + ": " + e.Message) { IsInternalError = true };
                    parser.SkipToStatementEnd();
                }
                statement.Start = tokens[start].Start;
                statement.End = parser._pos > start ? tokens[parser._pos - 1].End : tokens[start].End;
                statements.Add(statement);
                if (parser._pos == start) parser._pos++; // always make progress
            }
            return new SqlScript(sql, statements);
        }

        private sealed class SqlParseException : Exception
        {
            public SqlParseException(string message) : base(message) { }
        }

        // ---------------- token helpers ----------------

        private SqlToken Current => _tokens[Math.Min(_pos, _tokens.Count - 1)];
        private SqlToken Peek(int ahead = 1) => _tokens[Math.Min(_pos + ahead, _tokens.Count - 1)];
        private int LastEnd => _pos > 0 ? _tokens[_pos - 1].End : 0;

        private void SkipToStatementEnd()
        {
            while (Current.Kind != SqlTokenKind.End && !Current.IsSymbol(";")) _pos++;
        }

        private bool AcceptWord(string word)
        {
            if (Current.IsWord(word)) { _pos++; return true; }
            return false;
        }

        private bool AcceptWords(string first, string second)
        {
            if (Current.IsWord(first) && Peek().IsWord(second)) { _pos += 2; return true; }
            return false;
        }

        private bool AcceptSymbol(string symbol)
        {
            if (Current.IsSymbol(symbol)) { _pos++; return true; }
            return false;
        }

        private void ExpectWord(string word)
        {
            if (!AcceptWord(word)) throw Error("expected " + word);
        }

        private void ExpectSymbol(string symbol)
        {
            if (!AcceptSymbol(symbol)) throw Error("expected '" + symbol + "'");
        }

        private SqlParseException Error(string what)
            => new SqlParseException(what + " at offset " + Current.Start + (Current.Kind == SqlTokenKind.End ? " (end of text)" : " near '" + Current.Text + "'"));

        private void Enter()
        {
            if (++_depth > MaxDepth) throw new SqlParseException("nesting deeper than " + MaxDepth);
        }

        private void Leave() => _depth--;

        /// <summary>Words that end a clause and so cannot be an implicit alias or a bare name there.</summary>
        private static readonly HashSet<string> s_clauseWords = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "ABORT", "ACTION", "ALL", "AND", "AS", "ASC", "BETWEEN", "BY", "CASE", "CAST", "COLLATE", "CROSS", "CURRENT_DATE",
            "CURRENT_TIME", "CURRENT_TIMESTAMP", "DEFAULT", "DESC", "DISTINCT", "DO", "ELSE", "END", "ESCAPE", "EXCEPT",
            "EXISTS", "FILTER", "FROM", "FULL", "GLOB", "GROUP", "HAVING", "IN", "INDEXED", "INNER", "INTERSECT", "IS",
            "ISNULL", "JOIN", "LEFT", "LIKE", "LIMIT", "MATCH", "NATURAL", "NOT", "NOTNULL", "NULL", "NULLS", "OFFSET",
            "ON", "OR", "ORDER", "OUTER", "OVER", "REGEXP", "RETURNING", "RIGHT", "SELECT", "SET", "THEN", "UNION", "USING",
            "VALUES", "WHEN", "WHERE", "WINDOW", "WITH",
        };

        private bool IsNameToken(SqlToken t) => t.Kind == SqlTokenKind.QuotedName || (t.Kind == SqlTokenKind.Word && !s_clauseWords.Contains(t.Text));

        private SqlName ReadName(string what)
        {
            var t = Current;
            if (t.Kind == SqlTokenKind.QuotedName || t.Kind == SqlTokenKind.Word || (t.Kind == SqlTokenKind.String))
            {
                // SQLite accepts 'text' as a name in several places (CREATE TABLE 'x'); so do we.
                if (t.Kind == SqlTokenKind.Word && s_clauseWords.Contains(t.Text) && !IsAllowedKeywordName(t.Text)) throw Error("expected " + what);
                _pos++;
                return new SqlName(t.Value, t.Kind != SqlTokenKind.Word, t.Start, t.End);
            }
            throw Error("expected " + what);
        }

        // Keywords SQLite's grammar lets through as plain names (fallback ids) that are also in our clause list.
        private static bool IsAllowedKeywordName(string word)
            => word.Equals("ACTION", StringComparison.OrdinalIgnoreCase) || word.Equals("ABORT", StringComparison.OrdinalIgnoreCase)
               || word.Equals("ASC", StringComparison.OrdinalIgnoreCase) || word.Equals("DESC", StringComparison.OrdinalIgnoreCase)
               || word.Equals("DO", StringComparison.OrdinalIgnoreCase) || word.Equals("END", StringComparison.OrdinalIgnoreCase)
               || word.Equals("FILTER", StringComparison.OrdinalIgnoreCase) || word.Equals("OVER", StringComparison.OrdinalIgnoreCase)
               || word.Equals("OFFSET", StringComparison.OrdinalIgnoreCase) || word.Equals("NULLS", StringComparison.OrdinalIgnoreCase)
               || word.Equals("WINDOW", StringComparison.OrdinalIgnoreCase);

        private SqlName? TryReadAlias()
        {
            if (AcceptWord("AS")) return ReadName("an alias");
            var t = Current;
            if (IsNameToken(t) || t.Kind == SqlTokenKind.String)
            {
                _pos++;
                return new SqlName(t.Value, t.Kind != SqlTokenKind.Word, t.Start, t.End);
            }
            return null;
        }

        private void SkipBalancedParentheses()
        {
            ExpectSymbol("(");
            int level = 1;
            while (level > 0)
            {
                if (Current.Kind == SqlTokenKind.End || Current.IsSymbol(";")) throw Error("unbalanced parentheses");
                if (Current.IsSymbol("(")) level++;
                else if (Current.IsSymbol(")")) level--;
                _pos++;
            }
        }

        // ---------------- statements ----------------

        private SqlStatement ParseStatement()
        {
            if (Current.IsWord("EXPLAIN"))
            {
                _pos++;
                if (AcceptWord("QUERY")) ExpectWord("PLAN");
            }
            var with = new List<SqlCte>();
            if (Current.IsWord("WITH")) ParseWith(with);

            if (Current.IsWord("SELECT") || Current.IsWord("VALUES") || (Current.IsSymbol("(") && with.Count == 0 && LooksLikeParenthesizedSelect()))
            {
                var select = ParseSelect(with);
                return new SqlSelectStatement(select) { Start = select.Start, End = select.End };
            }
            if (Current.IsWord("INSERT") || Current.IsWord("REPLACE")) return ParseInsert(with);
            if (Current.IsWord("UPDATE")) return ParseUpdate(with);
            if (Current.IsWord("DELETE")) return ParseDelete(with);
            if (with.Count > 0) throw Error("expected SELECT, INSERT, UPDATE or DELETE after WITH");
            if (Current.IsWord("CREATE"))
            {
                int save = _pos;
                _pos++;
                bool unique = AcceptWord("UNIQUE");
                if (AcceptWord("INDEX")) return ParseCreateIndex(unique);
                if (!unique)
                {
                    bool temp = AcceptWord("TEMP") || AcceptWord("TEMPORARY");
                    if (AcceptWord("TABLE")) return ParseCreateTable(temp);
                    if (AcceptWord("VIEW")) return ParseCreateView();
                }
                _pos = save;
            }
            // PRAGMA, BEGIN, COMMIT, ATTACH, CREATE VIEW/TRIGGER, ...: known but not modelled.
            if (Current.Kind == SqlTokenKind.Word)
            {
                SkipToStatementEnd();
                return new SqlUnknownStatement(null);
            }
            throw Error("expected a statement");
        }

        private SqlCreateViewStatement ParseCreateView()
        {
            var view = new SqlCreateViewStatement();
            if (AcceptWord("IF")) { ExpectWord("NOT"); ExpectWord("EXISTS"); }
            var name = ReadName("a view name");
            if (AcceptSymbol(".")) name = ReadName("a view name");
            view.Name = name;
            if (AcceptSymbol("("))
            {
                do view.Columns.Add(ReadName("a column name")); while (AcceptSymbol(","));
                ExpectSymbol(")");
            }
            ExpectWord("AS");
            view.SelectStart = Current.Start;
            view.Select = ParseSelect(new List<SqlCte>());
            return view;
        }

        private bool LooksLikeParenthesizedSelect()
        {
            int i = _pos;
            while (i < _tokens.Count && _tokens[i].IsSymbol("(")) i++;
            return i < _tokens.Count && (_tokens[i].IsWord("SELECT") || _tokens[i].IsWord("VALUES") || _tokens[i].IsWord("WITH"));
        }

        private void ParseWith(List<SqlCte> with)
        {
            ExpectWord("WITH");
            AcceptWord("RECURSIVE");
            do
            {
                var cte = new SqlCte { Start = Current.Start };
                cte.Name = ReadName("a common table expression name");
                if (AcceptSymbol("("))
                {
                    do cte.Columns.Add(ReadName("a column name")); while (AcceptSymbol(","));
                    ExpectSymbol(")");
                }
                ExpectWord("AS");
                if (AcceptWord("NOT")) ExpectWord("MATERIALIZED");
                else AcceptWord("MATERIALIZED");
                ExpectSymbol("(");
                cte.Select = ParseSelect(new List<SqlCte>());
                ExpectSymbol(")");
                cte.End = LastEnd;
                with.Add(cte);
            }
            while (AcceptSymbol(","));
        }

        private SqlSelect ParseSelect(List<SqlCte> with)
        {
            Enter();
            var select = new SqlSelect { Start = Current.Start };
            select.With.AddRange(with);
            if (Current.IsWord("WITH")) ParseWith(select.With);
            select.Cores.Add(ParseSelectCoreOrParenthesized());
            while (true)
            {
                string? op = null;
                if (AcceptWord("UNION")) op = AcceptWord("ALL") ? "UNION ALL" : "UNION";
                else if (AcceptWord("INTERSECT")) op = "INTERSECT";
                else if (AcceptWord("EXCEPT")) op = "EXCEPT";
                if (op is null) break;
                select.CompoundOperators.Add(op);
                select.Cores.Add(ParseSelectCoreOrParenthesized());
            }
            if (AcceptWords("ORDER", "BY")) ParseOrderingTerms(select.OrderBy);
            if (AcceptWord("LIMIT"))
            {
                select.Limit = ParseExpr();
                if (AcceptWord("OFFSET")) select.Offset = ParseExpr();
                else if (AcceptSymbol(",")) { select.Offset = select.Limit; select.Limit = ParseExpr(); }
            }
            select.End = LastEnd;
            Leave();
            return select;
        }

        private SqlSelectCore ParseSelectCoreOrParenthesized()
        {
            if (Current.IsSymbol("(") && LooksLikeParenthesizedSelect())
            {
                // (SELECT ...) as a compound member: SQLite itself rejects it, but keep going.
                throw Error("a parenthesised SELECT is not a valid compound member");
            }
            return ParseSelectCore();
        }

        private void ParseOrderingTerms(List<SqlOrderingTerm> terms)
        {
            do
            {
                var term = new SqlOrderingTerm { Start = Current.Start };
                var expr = ParseExpr();
                if (expr is SqlCollate collate) { term.Collation = collate.Collation; expr = collate.Operand; }
                term.Expression = expr;
                if (AcceptWord("DESC")) term.Descending = true;
                else AcceptWord("ASC");
                if (AcceptWord("NULLS")) { if (!AcceptWord("FIRST")) ExpectWord("LAST"); }
                term.End = LastEnd;
                terms.Add(term);
            }
            while (AcceptSymbol(","));
        }

        private SqlSelectCore ParseSelectCore()
        {
            var core = new SqlSelectCore { Start = Current.Start };
            if (AcceptWord("VALUES"))
            {
                core.Values = ParseValueRows();
                core.End = LastEnd;
                return core;
            }
            ExpectWord("SELECT");
            if (AcceptWord("DISTINCT")) core.Distinct = true;
            else AcceptWord("ALL");
            do core.Columns.Add(ParseResultColumn()); while (AcceptSymbol(","));
            if (AcceptWord("FROM")) ParseFrom(core.From);
            if (AcceptWord("WHERE")) core.Where = ParseExpr();
            if (AcceptWords("GROUP", "BY"))
            {
                do core.GroupBy.Add(ParseExpr()); while (AcceptSymbol(","));
            }
            if (AcceptWord("HAVING")) core.Having = ParseExpr();
            if (AcceptWord("WINDOW"))
            {
                do { ReadName("a window name"); ExpectWord("AS"); SkipBalancedParentheses(); } while (AcceptSymbol(","));
            }
            core.End = LastEnd;
            return core;
        }

        private List<List<SqlExpr>> ParseValueRows()
        {
            var rows = new List<List<SqlExpr>>();
            do
            {
                ExpectSymbol("(");
                var row = new List<SqlExpr>();
                do row.Add(ParseExpr()); while (AcceptSymbol(","));
                ExpectSymbol(")");
                rows.Add(row);
            }
            while (AcceptSymbol(","));
            return rows;
        }

        private SqlResultColumn ParseResultColumn()
        {
            var column = new SqlResultColumn { Start = Current.Start };
            if (AcceptSymbol("*")) { column.Star = true; column.End = LastEnd; return column; }
            if (Current.IsName && Peek().IsSymbol(".") && Peek(2).IsSymbol("*"))
            {
                column.StarTable = ReadName("a table name");
                _pos += 2;
                column.Star = true;
                column.End = LastEnd;
                return column;
            }
            column.Expression = ParseExpr();
            column.Alias = TryReadAlias();
            column.End = LastEnd;
            return column;
        }

        private void ParseFrom(List<SqlFromItem> items)
        {
            Enter();
            var first = new SqlFromItem { Start = Current.Start, Join = SqlJoinKind.None };
            first.Source = ParseTableSource();
            first.End = LastEnd;
            items.Add(first);
            while (true)
            {
                int start = Current.Start;
                SqlJoinKind kind;
                bool natural = false;
                if (AcceptSymbol(",")) kind = SqlJoinKind.Comma;
                else
                {
                    natural = AcceptWord("NATURAL");
                    if (AcceptWord("LEFT")) { AcceptWord("OUTER"); kind = SqlJoinKind.Left; }
                    else if (AcceptWord("RIGHT")) { AcceptWord("OUTER"); kind = SqlJoinKind.Right; }
                    else if (AcceptWord("FULL")) { AcceptWord("OUTER"); kind = SqlJoinKind.Full; }
                    else if (AcceptWord("INNER")) kind = SqlJoinKind.Inner;
                    else if (AcceptWord("CROSS")) kind = SqlJoinKind.Cross;
                    else if (Current.IsWord("JOIN")) kind = SqlJoinKind.Inner;
                    else if (natural) throw Error("expected JOIN after NATURAL");
                    else break;
                    ExpectWord("JOIN");
                }
                var item = new SqlFromItem { Start = start, Join = kind, Natural = natural };
                item.Source = ParseTableSource();
                if (kind != SqlJoinKind.Comma)
                {
                    if (AcceptWord("ON")) item.On = ParseExpr();
                    else if (AcceptWord("USING"))
                    {
                        ExpectSymbol("(");
                        do item.Using.Add(ReadName("a column name")); while (AcceptSymbol(","));
                        ExpectSymbol(")");
                    }
                }
                item.End = LastEnd;
                items.Add(item);
            }
            Leave();
        }

        private SqlTableSource ParseTableSource()
        {
            int start = Current.Start;
            SqlTableSource source;
            if (AcceptSymbol("("))
            {
                if (Current.IsWord("SELECT") || Current.IsWord("VALUES") || Current.IsWord("WITH"))
                {
                    var select = ParseSelect(new List<SqlCte>());
                    ExpectSymbol(")");
                    source = new SqlSubquerySource { Select = select };
                }
                else
                {
                    var group = new SqlJoinGroupSource();
                    ParseFrom(group.Items);
                    ExpectSymbol(")");
                    source = group;
                }
            }
            else
            {
                var name = ReadName("a table name");
                SqlName? schema = null;
                if (AcceptSymbol(".")) { schema = name; name = ReadName("a table name"); }
                if (Current.IsSymbol("("))
                {
                    var function = new SqlTableFunctionSource { Name = name };
                    _pos++;
                    if (!Current.IsSymbol(")")) { do function.Arguments.Add(ParseExpr()); while (AcceptSymbol(",")); }
                    ExpectSymbol(")");
                    source = function;
                }
                else
                {
                    source = new SqlTableRef { Schema = schema, Name = name };
                }
            }
            source.Alias = TryReadAlias();
            if (source is SqlTableRef table)
            {
                if (AcceptWords("INDEXED", "BY")) table.IndexedBy = ReadName("an index name");
                else if (AcceptWords("NOT", "INDEXED")) table.NotIndexed = true;
            }
            source.Start = start;
            source.End = LastEnd;
            return source;
        }

        private SqlTableRef ParseQualifiedTable(bool allowAlias)
        {
            int start = Current.Start;
            var name = ReadName("a table name");
            SqlName? schema = null;
            if (AcceptSymbol(".")) { schema = name; name = ReadName("a table name"); }
            var table = new SqlTableRef { Schema = schema, Name = name, Start = start };
            if (allowAlias)
            {
                if (AcceptWord("AS")) table.Alias = ReadName("an alias");
                else if (IsNameToken(Current)) table.Alias = ReadName("an alias");
            }
            if (AcceptWords("INDEXED", "BY")) table.IndexedBy = ReadName("an index name");
            else if (AcceptWords("NOT", "INDEXED")) table.NotIndexed = true;
            table.End = LastEnd;
            return table;
        }

        private void SkipConflictClause()
        {
            if (AcceptWord("OR"))
            {
                if (!(AcceptWord("ROLLBACK") || AcceptWord("ABORT") || AcceptWord("REPLACE") || AcceptWord("FAIL") || AcceptWord("IGNORE")))
                    throw Error("expected ROLLBACK, ABORT, REPLACE, FAIL or IGNORE");
            }
        }

        private SqlStatement ParseInsert(List<SqlCte> with)
        {
            var insert = new SqlInsertStatement();
            insert.With.AddRange(with);
            if (!AcceptWord("REPLACE"))
            {
                ExpectWord("INSERT");
                SkipConflictClause();
            }
            ExpectWord("INTO");
            var table = ParseQualifiedTable(allowAlias: false);
            if (AcceptWord("AS")) table.Alias = ReadName("an alias");
            insert.Table = table;
            if (AcceptSymbol("("))
            {
                do insert.Columns.Add(ReadName("a column name")); while (AcceptSymbol(","));
                ExpectSymbol(")");
            }
            if (AcceptWords("DEFAULT", "VALUES")) insert.DefaultValues = true;
            else insert.Source = ParseSelect(new List<SqlCte>());
            // Upsert clauses: ON CONFLICT [(target)] DO NOTHING | DO UPDATE SET ... [WHERE ...]
            while (Current.IsWord("ON") && Peek().IsWord("CONFLICT"))
            {
                _pos += 2;
                if (Current.IsSymbol("("))
                {
                    SkipBalancedParentheses();
                    if (AcceptWord("WHERE")) insert.OtherExpressions.Add(ParseExpr());
                }
                ExpectWord("DO");
                if (AcceptWord("NOTHING")) continue;
                ExpectWord("UPDATE");
                ExpectWord("SET");
                var assignments = new List<SqlAssignment>();
                ParseAssignments(assignments);
                foreach (var a in assignments) insert.OtherExpressions.Add(a.Value);
                if (AcceptWord("WHERE")) insert.OtherExpressions.Add(ParseExpr());
            }
            ParseReturning(insert.OtherExpressions, insert.ReturningColumns);
            return insert;
        }

        private void ParseReturning(List<SqlExpr> into, List<SqlResultColumn> columns)
        {
            if (!AcceptWord("RETURNING")) return;
            do
            {
                var column = ParseResultColumn();
                columns.Add(column);
                if (column.Expression != null) into.Add(column.Expression);
            }
            while (AcceptSymbol(","));
        }

        private void ParseAssignments(List<SqlAssignment> assignments)
        {
            do
            {
                var assignment = new SqlAssignment { Start = Current.Start };
                if (AcceptSymbol("("))
                {
                    do assignment.Columns.Add(ReadName("a column name")); while (AcceptSymbol(","));
                    ExpectSymbol(")");
                }
                else assignment.Columns.Add(ReadName("a column name"));
                ExpectSymbol("=");
                assignment.Value = ParseExpr();
                assignment.End = LastEnd;
                assignments.Add(assignment);
            }
            while (AcceptSymbol(","));
        }

        private SqlStatement ParseUpdate(List<SqlCte> with)
        {
            var update = new SqlUpdateStatement();
            update.With.AddRange(with);
            ExpectWord("UPDATE");
            SkipConflictClause();
            update.Table = ParseQualifiedTable(allowAlias: true);
            ExpectWord("SET");
            ParseAssignments(update.Assignments);
            if (AcceptWord("FROM")) ParseFrom(update.From);
            if (AcceptWord("WHERE")) update.Where = ParseExpr();
            ParseReturning(update.Returning, update.ReturningColumns);
            SkipOrderByLimit();
            return update;
        }

        private void SkipOrderByLimit()
        {
            if (AcceptWords("ORDER", "BY")) ParseOrderingTerms(new List<SqlOrderingTerm>());
            if (AcceptWord("LIMIT"))
            {
                ParseExpr();
                if (AcceptWord("OFFSET") || AcceptSymbol(",")) ParseExpr();
            }
        }

        private SqlStatement ParseDelete(List<SqlCte> with)
        {
            var delete = new SqlDeleteStatement();
            delete.With.AddRange(with);
            ExpectWord("DELETE");
            ExpectWord("FROM");
            delete.Table = ParseQualifiedTable(allowAlias: true);
            if (AcceptWord("WHERE")) delete.Where = ParseExpr();
            ParseReturning(delete.Returning, delete.ReturningColumns);
            SkipOrderByLimit();
            return delete;
        }

        // ---------------- DDL ----------------

        private SqlStatement ParseCreateIndex(bool unique)
        {
            var index = new SqlCreateIndexStatement { Unique = unique };
            if (AcceptWord("IF")) { ExpectWord("NOT"); ExpectWord("EXISTS"); index.IfNotExists = true; }
            var name = ReadName("an index name");
            if (AcceptSymbol(".")) name = ReadName("an index name");
            index.Name = name;
            ExpectWord("ON");
            index.Table = ReadName("a table name");
            ExpectSymbol("(");
            ParseIndexedColumns(index.Columns);
            ExpectSymbol(")");
            if (AcceptWord("WHERE")) index.Where = ParseExpr();
            return index;
        }

        private void ParseIndexedColumns(List<SqlIndexedColumn> columns)
        {
            do
            {
                var column = new SqlIndexedColumn { Start = Current.Start };
                var expr = ParseExpr();
                if (expr is SqlCollate collate) { column.Collation = collate.Collation; expr = collate.Operand; }
                if (expr is SqlColumnRef { Table: null } reference) column.Column = reference.Column;
                else if (expr is SqlLiteral { Kind: SqlLiteralKind.String } text) column.Column = new SqlName(text.Value, true, text.Start, text.End);
                else column.Expression = expr;
                if (AcceptWord("DESC")) column.Descending = true;
                else AcceptWord("ASC");
                column.End = LastEnd;
                columns.Add(column);
            }
            while (AcceptSymbol(","));
        }

        private static readonly HashSet<string> s_constraintStarts = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "CONSTRAINT", "PRIMARY", "NOT", "NULL", "UNIQUE", "CHECK", "DEFAULT", "COLLATE", "REFERENCES", "GENERATED", "AS",
        };

        private SqlStatement ParseCreateTable(bool temporary)
        {
            var table = new SqlCreateTableStatement { Temporary = temporary };
            if (AcceptWord("IF")) { ExpectWord("NOT"); ExpectWord("EXISTS"); table.IfNotExists = true; }
            var name = ReadName("a table name");
            if (AcceptSymbol(".")) { table.Schema = name; name = ReadName("a table name"); }
            table.Name = name;
            if (AcceptWord("AS"))
            {
                table.AsSelect = ParseSelect(new List<SqlCte>());
                return table;
            }
            ExpectSymbol("(");
            do
            {
                if (Current.IsWord("CONSTRAINT") || Current.IsWord("PRIMARY") || Current.IsWord("UNIQUE") || Current.IsWord("CHECK") || Current.IsWord("FOREIGN"))
                    ParseTableConstraint(table);
                else
                    table.Columns.Add(ParseColumnDefinition());
            }
            while (AcceptSymbol(","));
            ExpectSymbol(")");
            while (true)
            {
                if (AcceptWord("WITHOUT")) { ExpectWord("ROWID"); table.WithoutRowid = true; }
                else if (AcceptWord("STRICT")) table.Strict = true;
                else break;
                if (!AcceptSymbol(",")) break;
            }
            return table;
        }

        private void ParseTableConstraint(SqlCreateTableStatement table)
        {
            if (AcceptWord("CONSTRAINT")) ReadName("a constraint name");
            int start = Current.Start;
            if (AcceptWord("PRIMARY") || AcceptWord("UNIQUE"))
            {
                bool primary = _tokens[_pos - 1].IsWord("PRIMARY");
                if (primary) ExpectWord("KEY");
                var key = new SqlKeyConstraint { IsPrimaryKey = primary, Start = start };
                ExpectSymbol("(");
                ParseIndexedColumns(key.Columns);
                if (AcceptWord("AUTOINCREMENT")) { }
                ExpectSymbol(")");
                SkipOnConflict();
                key.End = LastEnd;
                table.Keys.Add(key);
            }
            else if (AcceptWord("CHECK")) SkipBalancedParentheses();
            else if (AcceptWord("FOREIGN"))
            {
                ExpectWord("KEY");
                var key = new SqlForeignKey { Start = start };
                ExpectSymbol("(");
                do key.Columns.Add(ReadName("a column name")); while (AcceptSymbol(","));
                ExpectSymbol(")");
                key.Parent = ParseReferences();
                key.End = LastEnd;
                table.ForeignKeys.Add(key);
            }
            else throw Error("expected a table constraint");
        }

        private void SkipOnConflict()
        {
            if (Current.IsWord("ON") && Peek().IsWord("CONFLICT")) { _pos += 3; }
        }

        /// <summary>REFERENCES parent [(columns)] and its actions; returns the parent table's name.</summary>
        private SqlName ParseReferences()
        {
            ExpectWord("REFERENCES");
            var parent = ReadName("a table name");
            if (Current.IsSymbol("(")) SkipBalancedParentheses();
            // ON DELETE/UPDATE action, MATCH name, [NOT] DEFERRABLE [INITIALLY DEFERRED|IMMEDIATE]
            while (true)
            {
                if (AcceptWord("ON"))
                {
                    if (!(AcceptWord("DELETE") || AcceptWord("UPDATE"))) throw Error("expected DELETE or UPDATE");
                    if (AcceptWord("SET")) { if (!(AcceptWord("NULL") || AcceptWord("DEFAULT"))) throw Error("expected NULL or DEFAULT"); }
                    else if (AcceptWord("NO")) ExpectWord("ACTION");
                    else if (!(AcceptWord("CASCADE") || AcceptWord("RESTRICT"))) throw Error("expected a foreign key action");
                }
                else if (AcceptWord("MATCH")) ReadName("a match type");
                else if (Current.IsWord("NOT") && Peek().IsWord("DEFERRABLE")) _pos += 2;
                else if (AcceptWord("DEFERRABLE")) { }
                else if (AcceptWord("INITIALLY")) { if (!(AcceptWord("DEFERRED") || AcceptWord("IMMEDIATE"))) throw Error("expected DEFERRED or IMMEDIATE"); }
                else break;
            }
            return parent;
        }

        private SqlColumnDefinition ParseColumnDefinition()
        {
            var column = new SqlColumnDefinition { Start = Current.Start };
            column.Name = ReadName("a column name");
            var type = new System.Text.StringBuilder();
            while (Current.Kind == SqlTokenKind.Word && !s_constraintStarts.Contains(Current.Text))
            {
                if (type.Length > 0) type.Append(' ');
                type.Append(Current.Text);
                _pos++;
            }
            if (Current.IsSymbol("("))
            {
                int from = _pos;
                SkipBalancedParentheses();
                for (int i = from; i < _pos; i++) type.Append(_tokens[i].Text);
            }
            column.TypeName = type.ToString();
            while (true)
            {
                if (AcceptWord("CONSTRAINT")) ReadName("a constraint name");
                if (AcceptWord("PRIMARY"))
                {
                    ExpectWord("KEY");
                    column.PrimaryKey = true;
                    if (AcceptWord("DESC")) column.PrimaryKeyDescending = true;
                    else AcceptWord("ASC");
                    SkipOnConflict();
                    if (AcceptWord("AUTOINCREMENT")) column.AutoIncrement = true;
                }
                else if (AcceptWord("NOT")) { ExpectWord("NULL"); column.NotNull = true; SkipOnConflict(); }
                else if (AcceptWord("NULL")) SkipOnConflict();
                else if (AcceptWord("UNIQUE")) { column.Unique = true; SkipOnConflict(); }
                else if (AcceptWord("CHECK")) SkipBalancedParentheses();
                else if (AcceptWord("DEFAULT"))
                {
                    if (Current.IsSymbol("(")) SkipBalancedParentheses();
                    else { AcceptSymbol("-"); AcceptSymbol("+"); _pos++; }
                }
                else if (AcceptWord("COLLATE")) column.Collation = ReadName("a collation").Value;
                else if (Current.IsWord("REFERENCES")) column.References = ParseReferences();
                else if (AcceptWord("GENERATED")) { ExpectWord("ALWAYS"); ExpectWord("AS"); SkipGenerated(); }
                else if (AcceptWord("AS")) SkipGenerated();
                else break;
            }
            column.End = LastEnd;
            return column;
        }

        private void SkipGenerated()
        {
            SkipBalancedParentheses();
            if (!AcceptWord("STORED")) AcceptWord("VIRTUAL");
        }

        // ---------------- expressions ----------------
        // Precedence, lowest first: OR; AND; NOT; = == != <> IS IN LIKE GLOB MATCH REGEXP BETWEEN ISNULL NOTNULL;
        // < <= > >=; & | << >>; + -; * / %; ||; -> ->>; COLLATE; unary - + ~.

        internal SqlExpr ParseExpr()
        {
            Enter();
            try { return ParseOr(); }
            finally { Leave(); }
        }

        private SqlExpr ParseOr()
        {
            var left = ParseAnd();
            while (AcceptWord("OR")) left = MakeBinary("OR", left, ParseAnd());
            return left;
        }

        private SqlExpr ParseAnd()
        {
            var left = ParseNot();
            while (AcceptWord("AND")) left = MakeBinary("AND", left, ParseNot());
            return left;
        }

        private SqlExpr ParseNot()
        {
            if (Current.IsWord("NOT") && !Peek().IsWord("EXISTS"))
            {
                int start = Current.Start;
                _pos++;
                Enter();
                var operand = ParseNot();
                Leave();
                return new SqlUnary { Operator = "NOT", Operand = operand, Start = start, End = operand.End };
            }
            return ParseEquality();
        }

        private static SqlBinary MakeBinary(string op, SqlExpr left, SqlExpr right)
            => new SqlBinary { Operator = op, Left = left, Right = right, Start = left.Start, End = right.End };

        private SqlExpr ParseEquality()
        {
            var left = ParseComparison();
            while (true)
            {
                var t = Current;
                if (t.IsSymbol("=") || t.IsSymbol("==") || t.IsSymbol("!=") || t.IsSymbol("<>"))
                {
                    _pos++;
                    left = MakeBinary(t.Text == "==" ? "=" : t.Text == "<>" ? "!=" : t.Text, left, ParseComparison());
                    continue;
                }
                if (t.IsWord("IS"))
                {
                    _pos++;
                    string op = "IS";
                    if (AcceptWord("NOT")) op = "IS NOT";
                    if (AcceptWord("DISTINCT")) { ExpectWord("FROM"); op = op == "IS" ? "IS NOT" : "IS"; }
                    left = MakeBinary(op, left, ParseComparison());
                    continue;
                }
                if (t.IsWord("ISNULL") || t.IsWord("NOTNULL"))
                {
                    _pos++;
                    left = new SqlNullTest { Operand = left, Not = t.IsWord("NOTNULL"), Start = left.Start, End = t.End };
                    continue;
                }
                bool not = false;
                int save = _pos;
                if (t.IsWord("NOT"))
                {
                    if (Peek().IsWord("NULL")) { _pos += 2; left = new SqlNullTest { Operand = left, Not = true, Start = left.Start, End = LastEnd }; continue; }
                    not = true;
                    _pos++;
                }
                var c = Current;
                if (c.IsWord("LIKE") || c.IsWord("GLOB") || c.IsWord("REGEXP") || c.IsWord("MATCH"))
                {
                    _pos++;
                    var like = new SqlLike { Operator = c.Text.ToUpperInvariant(), Not = not, Left = left, Start = left.Start };
                    like.Pattern = ParseComparison();
                    if (AcceptWord("ESCAPE")) like.Escape = ParseComparison();
                    like.End = LastEnd;
                    left = like;
                    continue;
                }
                if (c.IsWord("BETWEEN"))
                {
                    _pos++;
                    var between = new SqlBetween { Not = not, Operand = left, Start = left.Start };
                    between.Low = ParseComparison();
                    ExpectWord("AND");
                    between.High = ParseComparison();
                    between.End = LastEnd;
                    left = between;
                    continue;
                }
                if (c.IsWord("IN"))
                {
                    _pos++;
                    var inExpr = new SqlIn { Not = not, Operand = left, Start = left.Start };
                    if (AcceptSymbol("("))
                    {
                        if (Current.IsWord("SELECT") || Current.IsWord("VALUES") || Current.IsWord("WITH"))
                            inExpr.Subquery = ParseSelect(new List<SqlCte>());
                        else
                        {
                            inExpr.Values = new List<SqlExpr>();
                            if (!Current.IsSymbol(")")) { do inExpr.Values.Add(ParseExpr()); while (AcceptSymbol(",")); }
                        }
                        ExpectSymbol(")");
                    }
                    else if (Current.Kind == SqlTokenKind.Parameter)
                    {
                        // IN $ids: a [Query] collection parameter (expanded to json_each by the generator); read like IN ($ids).
                        var list = Current;
                        _pos++;
                        inExpr.ListParameter = new SqlParameter(list.Text) { Start = list.Start, End = list.End };
                        inExpr.Values = new List<SqlExpr> { inExpr.ListParameter };
                    }
                    else
                    {
                        var name = ReadName("a table name or '('");
                        if (AcceptSymbol(".")) name = ReadName("a table name");
                        if (Current.IsSymbol("(")) SkipBalancedParentheses(); // table-valued function
                        inExpr.Table = name;
                    }
                    inExpr.End = LastEnd;
                    left = inExpr;
                    continue;
                }
                _pos = save;
                return left;
            }
        }

        private SqlExpr ParseComparison()
        {
            var left = ParseBitwise();
            while (Current.IsSymbol("<") || Current.IsSymbol("<=") || Current.IsSymbol(">") || Current.IsSymbol(">="))
            {
                var op = Current.Text;
                _pos++;
                left = MakeBinary(op, left, ParseBitwise());
            }
            return left;
        }

        private SqlExpr ParseBitwise()
        {
            var left = ParseAdditive();
            while (Current.IsSymbol("&") || Current.IsSymbol("|") || Current.IsSymbol("<<") || Current.IsSymbol(">>"))
            {
                var op = Current.Text;
                _pos++;
                left = MakeBinary(op, left, ParseAdditive());
            }
            return left;
        }

        private SqlExpr ParseAdditive()
        {
            var left = ParseMultiplicative();
            while (Current.IsSymbol("+") || Current.IsSymbol("-"))
            {
                var op = Current.Text;
                _pos++;
                left = MakeBinary(op, left, ParseMultiplicative());
            }
            return left;
        }

        private SqlExpr ParseMultiplicative()
        {
            var left = ParseConcat();
            while (Current.IsSymbol("*") || Current.IsSymbol("/") || Current.IsSymbol("%"))
            {
                var op = Current.Text;
                _pos++;
                left = MakeBinary(op, left, ParseConcat());
            }
            return left;
        }

        private SqlExpr ParseConcat()
        {
            var left = ParseJson();
            while (Current.IsSymbol("||"))
            {
                _pos++;
                left = MakeBinary("||", left, ParseJson());
            }
            return left;
        }

        private SqlExpr ParseJson()
        {
            var left = ParseCollate();
            while (Current.IsSymbol("->") || Current.IsSymbol("->>"))
            {
                var op = Current.Text;
                _pos++;
                left = MakeBinary(op, left, ParseCollate());
            }
            return left;
        }

        private SqlExpr ParseCollate()
        {
            var operand = ParseUnary();
            while (AcceptWord("COLLATE"))
            {
                var collation = ReadName("a collation name");
                operand = new SqlCollate { Operand = operand, Collation = collation.Value, Start = operand.Start, End = collation.End };
            }
            return operand;
        }

        private SqlExpr ParseUnary()
        {
            var t = Current;
            if (t.IsSymbol("-") || t.IsSymbol("+") || t.IsSymbol("~"))
            {
                _pos++;
                Enter();
                var operand = ParseUnary();
                Leave();
                return new SqlUnary { Operator = t.Text, Operand = operand, Start = t.Start, End = operand.End };
            }
            return ParsePrimary();
        }

        private SqlExpr ParsePrimary()
        {
            var t = Current;
            int start = t.Start;
            switch (t.Kind)
            {
                case SqlTokenKind.Number:
                    _pos++;
                    return new SqlLiteral(SqlLiteralKind.Number, t.Text) { Start = start, End = t.End };
                case SqlTokenKind.String:
                    _pos++;
                    return new SqlLiteral(SqlLiteralKind.String, t.Value) { Start = start, End = t.End };
                case SqlTokenKind.Blob:
                    _pos++;
                    return new SqlLiteral(SqlLiteralKind.Blob, t.Value) { Start = start, End = t.End };
                case SqlTokenKind.Parameter:
                    _pos++;
                    return new SqlParameter(t.Text) { Start = start, End = t.End };
                case SqlTokenKind.Symbol when t.Text == "(":
                    {
                        _pos++;
                        if (Current.IsWord("SELECT") || Current.IsWord("VALUES") || Current.IsWord("WITH"))
                        {
                            var select = ParseSelect(new List<SqlCte>());
                            ExpectSymbol(")");
                            return new SqlSubqueryExpr { Select = select, Start = start, End = LastEnd };
                        }
                        var paren = new SqlParenthesized { Start = start };
                        do paren.Items.Add(ParseExpr()); while (AcceptSymbol(","));
                        ExpectSymbol(")");
                        paren.End = LastEnd;
                        return paren;
                    }
                case SqlTokenKind.Word:
                    return ParseWordPrimary(t);
                case SqlTokenKind.QuotedName:
                    return ParseNameOrCall();
                default:
                    throw Error("expected an expression");
            }
        }

        private SqlExpr ParseWordPrimary(SqlToken t)
        {
            int start = t.Start;
            if (t.IsWord("NULL")) { _pos++; return new SqlLiteral(SqlLiteralKind.Null, "NULL") { Start = start, End = t.End }; }
            if (t.IsWord("TRUE") && !Peek().IsSymbol(".")) { _pos++; return new SqlLiteral(SqlLiteralKind.True, "TRUE") { Start = start, End = t.End }; }
            if (t.IsWord("FALSE") && !Peek().IsSymbol(".")) { _pos++; return new SqlLiteral(SqlLiteralKind.False, "FALSE") { Start = start, End = t.End }; }
            if (t.IsWord("CURRENT_TIME") || t.IsWord("CURRENT_DATE") || t.IsWord("CURRENT_TIMESTAMP"))
            {
                _pos++;
                return new SqlLiteral(SqlLiteralKind.CurrentTime, t.Text.ToUpperInvariant()) { Start = start, End = t.End };
            }
            if (t.IsWord("CASE"))
            {
                _pos++;
                var @case = new SqlCase { Start = start };
                if (!Current.IsWord("WHEN")) @case.Operand = ParseExpr();
                while (AcceptWord("WHEN"))
                {
                    var when = ParseExpr();
                    ExpectWord("THEN");
                    @case.Whens.Add((when, ParseExpr()));
                }
                if (@case.Whens.Count == 0) throw Error("expected WHEN");
                if (AcceptWord("ELSE")) @case.Else = ParseExpr();
                ExpectWord("END");
                @case.End = LastEnd;
                return @case;
            }
            if (t.IsWord("CAST") && Peek().IsSymbol("("))
            {
                _pos += 2;
                var cast = new SqlCast { Start = start };
                cast.Operand = ParseExpr();
                ExpectWord("AS");
                var type = new System.Text.StringBuilder();
                while (Current.Kind == SqlTokenKind.Word) { if (type.Length > 0) type.Append(' '); type.Append(Current.Text); _pos++; }
                if (Current.IsSymbol("(")) SkipBalancedParentheses();
                if (type.Length == 0) throw Error("expected a type name");
                cast.TypeName = type.ToString();
                ExpectSymbol(")");
                cast.End = LastEnd;
                return cast;
            }
            if (t.IsWord("EXISTS") || (t.IsWord("NOT") && Peek().IsWord("EXISTS")))
            {
                bool not = AcceptWord("NOT");
                ExpectWord("EXISTS");
                ExpectSymbol("(");
                var select = ParseSelect(new List<SqlCte>());
                ExpectSymbol(")");
                return new SqlExists { Not = not, Select = select, Start = start, End = LastEnd };
            }
            if (t.IsWord("RAISE") && Peek().IsSymbol("("))
            {
                _pos++;
                SkipBalancedParentheses();
                return new SqlOpaqueExpr { Start = start, End = LastEnd };
            }
            if (s_clauseWords.Contains(t.Text) && !Peek().IsSymbol("(") && !IsAllowedKeywordName(t.Text)) throw Error("expected an expression");
            return ParseNameOrCall();
        }

        private SqlExpr ParseNameOrCall()
        {
            var first = Current;
            int start = first.Start;
            if (first.Kind == SqlTokenKind.Word && Peek().IsSymbol("("))
            {
                _pos += 2;
                var call = new SqlFunctionCall { Name = new SqlName(first.Text, false, first.Start, first.End), Start = start };
                if (AcceptSymbol("*")) call.Star = true;
                else if (!Current.IsSymbol(")"))
                {
                    if (AcceptWord("DISTINCT")) call.Distinct = true;
                    else AcceptWord("ALL");
                    do call.Arguments.Add(ParseExpr()); while (AcceptSymbol(","));
                    if (AcceptWords("ORDER", "BY")) ParseOrderingTerms(new List<SqlOrderingTerm>());
                }
                ExpectSymbol(")");
                if (AcceptWord("FILTER")) { ExpectSymbol("("); ExpectWord("WHERE"); ParseExpr(); ExpectSymbol(")"); }
                if (AcceptWord("OVER"))
                {
                    if (Current.IsSymbol("(")) SkipBalancedParentheses();
                    else ReadName("a window name");
                }
                call.End = LastEnd;
                return call;
            }
            var n1 = ReadName("a column name");
            if (!AcceptSymbol(".")) return new SqlColumnRef { Column = n1, Start = start, End = n1.End };
            var n2 = ReadName("a column name");
            if (!AcceptSymbol(".")) return new SqlColumnRef { Table = n1, Column = n2, Start = start, End = n2.End };
            var n3 = ReadName("a column name");
            return new SqlColumnRef { Schema = n1, Table = n2, Column = n3, Start = start, End = n3.End };
        }
    }
}
