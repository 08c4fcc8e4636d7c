using System;
using System.Collections.Generic;
using System.Text;

namespace OmniSqlite
{
    /// <summary>
    /// Finds table aliases and CTE names in SQL text, enough to map the names EXPLAIN QUERY PLAN prints (which are aliases when the
    /// query gives one) back to schema tables. A token scanner, not a parser: it knows strings, quoted identifiers and comments.
    /// </summary>
    internal static class SqlNameScanner
    {
        private enum TokenKind { Word, Quoted, Other }

        private readonly struct Token
        {
            public Token(TokenKind kind, string text) { Kind = kind; Text = text; }
            public TokenKind Kind { get; }
            public string Text { get; }
            public bool IsWord(string word) => Kind == TokenKind.Word && string.Equals(Text, word, StringComparison.OrdinalIgnoreCase);
            public bool Is(string punct) => Kind == TokenKind.Other && Text == punct;
        }

        private static readonly HashSet<string> Reserved = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "ABORT", "ALL", "ALTER", "AND", "AS", "ASC", "BEGIN", "BETWEEN", "BY", "CASE", "CAST", "COLLATE", "COMMIT", "CONFLICT", "CREATE", "CROSS",
            "DEFAULT", "DELETE", "DESC", "DISTINCT", "DO", "DROP", "ELSE", "END", "ESCAPE", "EXCEPT", "EXISTS", "EXPLAIN", "FAIL", "FILTER", "FROM", "FULL",
            "GLOB", "GROUP", "GROUPS", "HAVING", "IGNORE", "IN", "INDEX", "INDEXED", "INNER", "INSERT", "INTERSECT", "INTO", "IS", "ISNULL", "JOIN", "LEFT",
            "LIKE", "LIMIT", "MATCH", "MATERIALIZED", "NATURAL", "NOT", "NOTHING", "NOTNULL", "NULL", "OFFSET", "ON", "OR", "ORDER", "OUTER", "OVER",
            "PARTITION", "PLAN", "PRAGMA", "QUERY", "RANGE", "RECURSIVE", "REGEXP", "REPLACE", "RETURNING", "RIGHT", "ROLLBACK", "ROWS", "SELECT", "SET",
            "TABLE", "THEN", "UNION", "UPDATE", "USING", "VALUES", "VIEW", "WHEN", "WHERE", "WINDOW", "WITH",
        };

        /// <summary>Aliases (alias → tables in order of appearance) and CTE names found in <paramref name="sql"/>.</summary>
        public static (Dictionary<string, List<string>> Aliases, HashSet<string> CteNames) Scan(string sql, Func<string, string?> findTable)
        {
            var tokens = Tokenize(sql);
            var aliases = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
            var ctes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < tokens.Count; i++)
            {
                var token = tokens[i];
                if (token.IsWord("WITH")) CollectCtes(tokens, i + 1, ctes);
                if (!IsName(token) || (i > 0 && tokens[i - 1].Is("."))) continue;

                var name = token.Text;
                var k = i + 1;
                if (k + 1 < tokens.Count && tokens[k].Is(".") && IsName(tokens[k + 1]))
                {
                    name = tokens[k + 1].Text;
                    k += 2;
                }
                if (k < tokens.Count && tokens[k].Is("(")) continue;
                var table = findTable(name);
                if (table is null) continue;
                if (k < tokens.Count && tokens[k].IsWord("AS")) k++;
                if (k < tokens.Count && IsName(tokens[k]))
                {
                    if (!aliases.TryGetValue(tokens[k].Text, out var list)) aliases[tokens[k].Text] = list = new List<string>();
                    list.Add(table);
                }
            }
            return (aliases, ctes);
        }

        private static void CollectCtes(List<Token> tokens, int j, HashSet<string> ctes)
        {
            if (j < tokens.Count && tokens[j].IsWord("RECURSIVE")) j++;
            while (j < tokens.Count && IsName(tokens[j]))
            {
                ctes.Add(tokens[j].Text);
                j++;
                if (j < tokens.Count && tokens[j].Is("(")) j = SkipParens(tokens, j);
                if (j >= tokens.Count || !tokens[j].IsWord("AS")) return;
                j++;
                if (j < tokens.Count && tokens[j].IsWord("NOT")) j++;
                if (j < tokens.Count && tokens[j].IsWord("MATERIALIZED")) j++;
                if (j >= tokens.Count || !tokens[j].Is("(")) return;
                j = SkipParens(tokens, j);
                if (j >= tokens.Count || !tokens[j].Is(",")) return;
                j++;
            }
        }

        /// <summary>From an opening parenthesis, the index just past its match.</summary>
        private static int SkipParens(List<Token> tokens, int open)
        {
            var depth = 0;
            for (var j = open; j < tokens.Count; j++)
            {
                if (tokens[j].Is("(")) depth++;
                else if (tokens[j].Is(")") && --depth == 0) return j + 1;
            }
            return tokens.Count;
        }

        private static bool IsName(Token token) =>
            token.Kind == TokenKind.Quoted || (token.Kind == TokenKind.Word && !Reserved.Contains(token.Text) && !char.IsDigit(token.Text[0]));

        private static List<Token> Tokenize(string sql)
        {
            var tokens = new List<Token>();
            var i = 0;
            while (i < sql.Length)
            {
                var c = sql[i];
                if (char.IsWhiteSpace(c)) { i++; continue; }
                if (c == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
                {
                    var end = sql.IndexOf('\n', i);
                    i = end < 0 ? sql.Length : end + 1;
                    continue;
                }
                if (c == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
                {
                    var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                    i = end < 0 ? sql.Length : end + 2;
                    continue;
                }
                if (c == '\'')
                {
                    i = SkipQuoted(sql, i, '\'', out _);
                    tokens.Add(new Token(TokenKind.Other, "'"));
                    continue;
                }
                if (c == '"' || c == '`')
                {
                    i = SkipQuoted(sql, i, c, out var text);
                    tokens.Add(new Token(TokenKind.Quoted, text));
                    continue;
                }
                if (c == '[')
                {
                    var end = sql.IndexOf(']', i + 1);
                    if (end < 0) end = sql.Length;
                    tokens.Add(new Token(TokenKind.Quoted, sql.Substring(i + 1, Math.Max(0, end - i - 1))));
                    i = end + 1;
                    continue;
                }
                if (char.IsLetterOrDigit(c) || c == '_' || c == '$' || c > 127)
                {
                    var start = i;
                    while (i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] == '_' || sql[i] == '$' || sql[i] > 127)) i++;
                    tokens.Add(new Token(TokenKind.Word, sql.Substring(start, i - start)));
                    continue;
                }
                tokens.Add(new Token(TokenKind.Other, c.ToString()));
                i++;
            }
            return tokens;
        }

        private static int SkipQuoted(string sql, int start, char quote, out string text)
        {
            var sb = new StringBuilder();
            var i = start + 1;
            while (i < sql.Length)
            {
                if (sql[i] == quote)
                {
                    if (i + 1 < sql.Length && sql[i + 1] == quote) { sb.Append(quote); i += 2; continue; }
                    text = sb.ToString();
                    return i + 1;
                }
                sb.Append(sql[i]);
                i++;
            }
            text = sb.ToString();
            return sql.Length;
        }
    }
}
