using System;
using System.Text;

namespace OmniSqlite.Analyzers.Parsing.Sql
{
    /// <summary>A canonical text for simple expressions (lower-case names, no spaces), to match a WHERE term to an expression index.</summary>
    internal static class SqlExpressionText
    {
        /// <summary>The canonical text, or null when the expression is not one we can compare.</summary>
        public static string? Normalize(SqlExpr expr, Func<SqlColumnRef, bool>? columnFilter = null)
        {
            var sb = new StringBuilder();
            return Write(expr, sb, columnFilter, 0) ? sb.ToString() : null;
        }

        private static bool Write(SqlExpr expr, StringBuilder sb, Func<SqlColumnRef, bool>? filter, int depth)
        {
            if (depth > 20) return false;
            switch (expr)
            {
                case SqlColumnRef c:
                    if (filter != null && !filter(c)) return false;
                    sb.Append(c.Column.Value.ToLowerInvariant());
                    return true;
                case SqlLiteral { Kind: SqlLiteralKind.Null }:
                    sb.Append("null");
                    return true;
                case SqlLiteral l:
                    sb.Append(l.Kind == SqlLiteralKind.String ? "'" + l.Value.Replace("'", "''") + "'" : l.Value.ToLowerInvariant());
                    return true;
                case SqlFunctionCall f:
                    sb.Append(f.Name.Value.ToLowerInvariant()).Append('(');
                    if (f.Star) sb.Append('*');
                    for (int i = 0; i < f.Arguments.Count; i++)
                    {
                        if (i > 0) sb.Append(',');
                        if (!Write(f.Arguments[i], sb, filter, depth + 1)) return false;
                    }
                    sb.Append(')');
                    return true;
                case SqlBinary b:
                    sb.Append('(');
                    if (!Write(b.Left, sb, filter, depth + 1)) return false;
                    sb.Append(b.Operator.ToLowerInvariant());
                    if (!Write(b.Right, sb, filter, depth + 1)) return false;
                    sb.Append(')');
                    return true;
                case SqlParenthesized p when p.Items.Count == 1:
                    return Write(p.Items[0], sb, filter, depth + 1);
                case SqlNullTest n:
                    // x NOTNULL / x NOT NULL / x ISNULL read the same as x IS [NOT] NULL.
                    sb.Append('(');
                    if (!Write(n.Operand, sb, filter, depth + 1)) return false;
                    sb.Append(n.Not ? "is notnull)" : "isnull)");
                    return true;
                case SqlUnary u:
                    sb.Append(u.Operator.ToLowerInvariant()).Append('(');
                    if (!Write(u.Operand, sb, filter, depth + 1)) return false;
                    sb.Append(')');
                    return true;
                case SqlIn { Values: { } values } inList:
                    sb.Append('(');
                    if (!Write(inList.Operand, sb, filter, depth + 1)) return false;
                    sb.Append(inList.Not ? " not in(" : " in(");
                    for (int i = 0; i < values.Count; i++)
                    {
                        if (i > 0) sb.Append(',');
                        if (!Write(values[i], sb, filter, depth + 1)) return false;
                    }
                    sb.Append("))");
                    return true;
                default:
                    return false;
            }
        }
    }
}
