using System;
using System.Collections.Generic;
using System.Text;

namespace OmniSqlite.Analyzers.Parsing.Sql
{
    internal enum SqlTokenKind
    {
        /// <summary>A bare word: a name or a keyword (SQLite lets most keywords be names; the parser decides).</summary>
        Word,
        /// <summary>"x", [x] or `x`: always a name.</summary>
        QuotedName,
        /// <summary>'text'.</summary>
        String,
        Number,
        /// <summary>x'ABCD'.</summary>
        Blob,
        /// <summary>?, ?1, :name, @name, $name.</summary>
        Parameter,
        /// <summary>Punctuation and operators: ( ) , ; . = == != &lt;&gt; &lt; &lt;= &gt; &gt;= + - * / % || &amp; | &lt;&lt; &gt;&gt; ~ -&gt; -&gt;&gt;.</summary>
        Symbol,
        /// <summary>A character SQLite would reject, or an unterminated string/name/comment.</summary>
        Bad,
        End,
    }

    /// <summary>One token: its kind, where it is in the SQL text, and its value (unquoted for names and strings).</summary>
    internal readonly struct SqlToken
    {
        public SqlToken(SqlTokenKind kind, int start, int length, string text, string value)
        {
            Kind = kind; Start = start; Length = length; Text = text; Value = value;
        }

        public SqlTokenKind Kind { get; }
        public int Start { get; }
        public int Length { get; }
        public int End => Start + Length;
        /// <summary>The token as written.</summary>
        public string Text { get; }
        /// <summary>Names and strings without quotes (doubled quotes collapsed); otherwise the text.</summary>
        public string Value { get; }

        public bool IsWord(string keyword) => Kind == SqlTokenKind.Word && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);
        public bool IsSymbol(string symbol) => Kind == SqlTokenKind.Symbol && Text == symbol;
        public bool IsName => Kind == SqlTokenKind.Word || Kind == SqlTokenKind.QuotedName;

        public override string ToString() => Kind + " " + Text;
    }

    /// <summary>
    /// SQLite's lexical rules (https://www.sqlite.org/lang_expr.html, tokenize.c): comments are skipped,
    /// names may be quoted three ways, and anything unexpected becomes a <see cref="SqlTokenKind.Bad"/> token
    /// instead of an exception.
    /// </summary>
    internal static class SqlTokenizer
    {
        public static List<SqlToken> Tokenize(string? sql)
        {
            // About one token per 5 characters of SQL: sized once instead of growing (and copying) several times.
            var tokens = new List<SqlToken>(sql is null ? 1 : sql.Length / 5 + 4);
            if (sql is null) { tokens.Add(new SqlToken(SqlTokenKind.End, 0, 0, "", "")); return tokens; }
            int i = 0, n = sql.Length;
            while (i < n)
            {
                char c = sql[i];
                if (char.IsWhiteSpace(c)) { i++; continue; }
                if (c == '-' && i + 1 < n && sql[i + 1] == '-')
                {
                    while (i < n && sql[i] != '\n') i++;
                    continue;
                }
                if (c == '/' && i + 1 < n && sql[i + 1] == '*')
                {
                    int close = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                    i = close < 0 ? n : close + 2; // an unterminated comment runs to the end, as in SQLite
                    continue;
                }
                int start = i;
                if (c == '\'')
                {
                    tokens.Add(ReadQuoted(sql, ref i, '\'', '\'', SqlTokenKind.String));
                    continue;
                }
                if (c == '"' || c == '`')
                {
                    tokens.Add(ReadQuoted(sql, ref i, c, c, SqlTokenKind.QuotedName));
                    continue;
                }
                if (c == '[')
                {
                    int close = sql.IndexOf(']', i + 1);
                    if (close < 0) { tokens.Add(Bad(sql, start, n)); i = n; continue; }
                    tokens.Add(new SqlToken(SqlTokenKind.QuotedName, start, close + 1 - start, sql.Substring(start, close + 1 - start), sql.Substring(start + 1, close - start - 1)));
                    i = close + 1;
                    continue;
                }
                if ((c == 'x' || c == 'X') && i + 1 < n && sql[i + 1] == '\'')
                {
                    i++;
                    var s = ReadQuoted(sql, ref i, '\'', '\'', SqlTokenKind.Blob);
                    tokens.Add(s.Kind == SqlTokenKind.Bad ? Bad(sql, start, i)
                        : new SqlToken(SqlTokenKind.Blob, start, i - start, sql.Substring(start, i - start), s.Value));
                    continue;
                }
                if (IsNameStart(c))
                {
                    while (i < n && IsNamePart(sql[i])) i++;
                    var word = Keyword(sql, start, i - start) ?? sql.Substring(start, i - start);
                    tokens.Add(new SqlToken(SqlTokenKind.Word, start, i - start, word, word));
                    continue;
                }
                if (char.IsDigit(c) || (c == '.' && i + 1 < n && char.IsDigit(sql[i + 1])))
                {
                    if (c == '0' && i + 1 < n && (sql[i + 1] == 'x' || sql[i + 1] == 'X'))
                    {
                        i += 2;
                        while (i < n && (Uri.IsHexDigit(sql[i]) || sql[i] == '_')) i++;
                    }
                    else
                    {
                        while (i < n && (char.IsDigit(sql[i]) || sql[i] == '_')) i++;
                        if (i < n && sql[i] == '.') { i++; while (i < n && (char.IsDigit(sql[i]) || sql[i] == '_')) i++; }
                        if (i < n && (sql[i] == 'e' || sql[i] == 'E'))
                        {
                            int save = i;
                            i++;
                            if (i < n && (sql[i] == '+' || sql[i] == '-')) i++;
                            if (i < n && char.IsDigit(sql[i])) { while (i < n && char.IsDigit(sql[i])) i++; }
                            else i = save;
                        }
                    }
                    if (i < n && IsNameStart(sql[i]))
                    {
                        // "12abc" is a tokenizer error in SQLite
                        while (i < n && IsNamePart(sql[i])) i++;
                        tokens.Add(Bad(sql, start, i));
                        continue;
                    }
                    var num = sql.Substring(start, i - start);
                    tokens.Add(new SqlToken(SqlTokenKind.Number, start, i - start, num, num));
                    continue;
                }
                if (c == '?')
                {
                    i++;
                    while (i < n && char.IsDigit(sql[i])) i++;
                    tokens.Add(new SqlToken(SqlTokenKind.Parameter, start, i - start, sql.Substring(start, i - start), sql.Substring(start, i - start)));
                    continue;
                }
                if (c == ':' || c == '@' || c == '$')
                {
                    i++;
                    int nameStart = i;
                    while (i < n && (IsNamePart(sql[i]) || (c == '$' && sql[i] == ':' && i + 1 < n && sql[i + 1] == ':'))) i += sql[i] == ':' ? 2 : 1;
                    if (i == nameStart) { tokens.Add(Bad(sql, start, i)); continue; }
                    var p = sql.Substring(start, i - start);
                    tokens.Add(new SqlToken(SqlTokenKind.Parameter, start, i - start, p, p));
                    continue;
                }
                string? sym = ReadSymbol(sql, i);
                if (sym != null)
                {
                    i += sym.Length;
                    tokens.Add(new SqlToken(SqlTokenKind.Symbol, start, sym.Length, sym, sym));
                    continue;
                }
                i++;
                tokens.Add(Bad(sql, start, i));
            }
            tokens.Add(new SqlToken(SqlTokenKind.End, n, 0, "", ""));
            return tokens;
        }

        private static SqlToken Bad(string sql, int start, int end)
        {
            var text = sql.Substring(start, end - start);
            return new SqlToken(SqlTokenKind.Bad, start, end - start, text, text);
        }

        private static SqlToken ReadQuoted(string sql, ref int i, char open, char close, SqlTokenKind kind)
        {
            int start = i;
            int n = sql.Length;
            // Most quoted strings and names hold no doubled quote: their value is a plain substring (no builder).
            int end = sql.IndexOf(close, start + 1);
            if (end > 0 && (end + 1 >= n || sql[end + 1] != close))
            {
                i = end + 1;
                return new SqlToken(kind, start, i - start, sql.Substring(start, i - start), sql.Substring(start + 1, end - start - 1));
            }
            var value = new StringBuilder();
            i++;
            while (i < n)
            {
                char c = sql[i];
                if (c == close)
                {
                    if (i + 1 < n && sql[i + 1] == close) { value.Append(close); i += 2; continue; }
                    i++;
                    return new SqlToken(kind, start, i - start, sql.Substring(start, i - start), value.ToString());
                }
                value.Append(c);
                i++;
            }
            _ = open;
            return Bad(sql, start, n);
        }

        // The words SQL is mostly made of, in the two spellings it is written in: one string each instead of a copy per token.
        private static readonly string[][] s_keywordsByLength = KeywordTable(
            "SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "NULL", "IS", "IN", "AS", "ON", "JOIN", "LEFT", "INNER", "OUTER", "CROSS",
            "ORDER", "BY", "GROUP", "HAVING", "LIMIT", "OFFSET", "ASC", "DESC", "DISTINCT", "INSERT", "INTO", "VALUES", "UPDATE",
            "SET", "DELETE", "LIKE", "GLOB", "BETWEEN", "EXISTS", "CASE", "WHEN", "THEN", "ELSE", "END", "WITH", "UNION", "ALL",
            "COLLATE", "NOCASE", "RETURNING", "CREATE", "TABLE", "INDEX", "UNIQUE", "PRIMARY", "KEY", "INTEGER", "TEXT", "REAL",
            "BLOB", "DEFAULT", "REFERENCES", "IF", "CONFLICT", "REPLACE", "DO", "NOTHING", "COUNT", "MAX", "MIN", "SUM", "LOWER");

        private static string[][] KeywordTable(params string[] words)
        {
            var byLength = new List<string>[16];
            foreach (var word in words)
                foreach (var spelling in new[] { word, word.ToLowerInvariant(), word.ToUpperInvariant() })
                {
                    var list = byLength[spelling.Length] ??= new List<string>();
                    if (!list.Contains(spelling)) list.Add(spelling);
                }
            var table = new string[byLength.Length][];
            for (int k = 0; k < byLength.Length; k++) table[k] = byLength[k]?.ToArray() ?? Array.Empty<string>();
            return table;
        }

        private static string? Keyword(string sql, int start, int length)
        {
            if (length >= s_keywordsByLength.Length) return null;
            foreach (var keyword in s_keywordsByLength[length])
                if (keyword[0] == sql[start] && string.CompareOrdinal(sql, start, keyword, 0, length) == 0) return keyword;
            return null;
        }

        private static readonly string[] s_symbols =
        {
            "->>", "->", "||", "<=", ">=", "==", "!=", "<>", "<<", ">>",
            "(", ")", ",", ";", ".", "=", "<", ">", "+", "-", "*", "/", "%", "&", "|", "~",
        };

        private static string? ReadSymbol(string sql, int i)
        {
            foreach (var s in s_symbols)
            {
                if (i + s.Length <= sql.Length && string.CompareOrdinal(sql, i, s, 0, s.Length) == 0) return s;
            }
            return null;
        }

        internal static bool IsNameStart(char c) => c == '_' || char.IsLetter(c) || c > 0x7F && !char.IsWhiteSpace(c) && !char.IsSurrogate(c) && !char.IsControl(c);
        internal static bool IsNamePart(char c) => IsNameStart(c) || char.IsDigit(c) || c == '$';
    }
}
