using System;
using System.Collections.Generic;

namespace OmniSqlite.Analyzers.Parsing.Sql
{
    /// <summary>Generic traversal of the SQL syntax tree.</summary>
    internal static class SqlSyntaxWalker
    {
        /// <summary>The direct children of a node, in source order as far as practical.</summary>
        public static IEnumerable<SqlNode> Children(SqlNode node)
        {
            switch (node)
            {
                case SqlSelectStatement s:
                    yield return s.Select;
                    break;
                case SqlInsertStatement i:
                    foreach (var c in i.With) yield return c;
                    yield return i.Table;
                    foreach (var c in i.Columns) yield return c;
                    if (i.Source != null) yield return i.Source;
                    foreach (var e in i.OtherExpressions) yield return e;
                    break;
                case SqlUpdateStatement u:
                    foreach (var c in u.With) yield return c;
                    yield return u.Table;
                    foreach (var a in u.Assignments) yield return a;
                    foreach (var f in u.From) yield return f;
                    if (u.Where != null) yield return u.Where;
                    foreach (var e in u.Returning) yield return e;
                    break;
                case SqlAssignment a:
                    foreach (var c in a.Columns) yield return c;
                    yield return a.Value;
                    break;
                case SqlDeleteStatement d:
                    foreach (var c in d.With) yield return c;
                    yield return d.Table;
                    if (d.Where != null) yield return d.Where;
                    foreach (var e in d.Returning) yield return e;
                    break;
                case SqlCreateTableStatement t:
                    if (t.AsSelect != null) yield return t.AsSelect;
                    break;
                case SqlCreateViewStatement v:
                    yield return v.Select;
                    break;
                case SqlCreateIndexStatement ix:
                    if (ix.Where != null) yield return ix.Where;
                    break;
                case SqlCte cte:
                    yield return cte.Select;
                    break;
                case SqlSelect sel:
                    foreach (var c in sel.With) yield return c;
                    foreach (var c in sel.Cores) yield return c;
                    foreach (var o in sel.OrderBy) yield return o;
                    if (sel.Limit != null) yield return sel.Limit;
                    if (sel.Offset != null) yield return sel.Offset;
                    break;
                case SqlSelectCore core:
                    foreach (var c in core.Columns) yield return c;
                    foreach (var f in core.From) yield return f;
                    if (core.Where != null) yield return core.Where;
                    foreach (var g in core.GroupBy) yield return g;
                    if (core.Having != null) yield return core.Having;
                    if (core.Values != null) foreach (var row in core.Values) foreach (var v in row) yield return v;
                    break;
                case SqlResultColumn rc:
                    if (rc.Expression != null) yield return rc.Expression;
                    break;
                case SqlOrderingTerm ot:
                    yield return ot.Expression;
                    break;
                case SqlFromItem fi:
                    yield return fi.Source;
                    if (fi.On != null) yield return fi.On;
                    break;
                case SqlSubquerySource sq:
                    yield return sq.Select;
                    break;
                case SqlJoinGroupSource g:
                    foreach (var f in g.Items) yield return f;
                    break;
                case SqlTableFunctionSource tf:
                    foreach (var a in tf.Arguments) yield return a;
                    break;
                case SqlBinary b:
                    yield return b.Left;
                    yield return b.Right;
                    break;
                case SqlUnary un:
                    yield return un.Operand;
                    break;
                case SqlLike l:
                    yield return l.Left;
                    yield return l.Pattern;
                    if (l.Escape != null) yield return l.Escape;
                    break;
                case SqlBetween bt:
                    yield return bt.Operand;
                    yield return bt.Low;
                    yield return bt.High;
                    break;
                case SqlIn inExpr:
                    yield return inExpr.Operand;
                    if (inExpr.Values != null) foreach (var v in inExpr.Values) yield return v;
                    if (inExpr.Subquery != null) yield return inExpr.Subquery;
                    break;
                case SqlNullTest nt:
                    yield return nt.Operand;
                    break;
                case SqlFunctionCall fc:
                    foreach (var a in fc.Arguments) yield return a;
                    break;
                case SqlCase cs:
                    if (cs.Operand != null) yield return cs.Operand;
                    foreach (var (w, t) in cs.Whens) { yield return w; yield return t; }
                    if (cs.Else != null) yield return cs.Else;
                    break;
                case SqlCast ct:
                    yield return ct.Operand;
                    break;
                case SqlCollate co:
                    yield return co.Operand;
                    break;
                case SqlSubqueryExpr se:
                    yield return se.Select;
                    break;
                case SqlExists ex:
                    yield return ex.Select;
                    break;
                case SqlParenthesized p:
                    foreach (var e in p.Items) yield return e;
                    break;
            }
        }

        /// <summary>
        /// Nodes and chain operands visited by this thread's walks: a work counter, so tests can show that the analysis of
        /// a statement costs steps linear in its size (no timing involved). Thread-static: concurrent tests do not mix.
        /// </summary>
        [ThreadStatic] internal static long Steps;

        /// <summary>The node and everything below it, depth first.</summary>
        public static IEnumerable<SqlNode> DescendantsAndSelf(SqlNode node)
        {
            var stack = new Stack<SqlNode>();
            stack.Push(node);
            while (stack.Count > 0)
            {
                Steps++;
                var current = stack.Pop();
                yield return current;
                var children = new List<SqlNode>(Children(current));
                for (int i = children.Count - 1; i >= 0; i--) stack.Push(children[i]);
            }
        }

        /// <summary>
        /// The operands of a chain of one binary operator (AND or OR), left to right, looking through single parentheses:
        /// <c>a AND (b AND c)</c> gives a, b, c. Iterative with an explicit stack, so 50,000 terms cost 50,000 steps and
        /// no stack depth (the parser builds such chains left-deep).
        /// </summary>
        public static List<SqlExpr> SplitChain(SqlExpr expr, string op)
        {
            var result = new List<SqlExpr>();
            var stack = new Stack<SqlExpr>();
            stack.Push(expr);
            while (stack.Count > 0)
            {
                Steps++;
                var e = stack.Pop();
                if (e is SqlBinary b && b.Operator == op) { stack.Push(b.Right); stack.Push(b.Left); }
                else if (e is SqlParenthesized p && p.Items.Count == 1) stack.Push(p.Items[0]);
                else result.Add(e);
            }
            return result;
        }

        public static List<SqlExpr> SplitAnd(SqlExpr expr) => SplitChain(expr, "AND");

        public static List<SqlExpr> SplitOr(SqlExpr expr) => SplitChain(expr, "OR");

        /// <summary>Every parameter in a statement, in order (for a later check against C# arguments).</summary>
        public static IEnumerable<SqlParameter> Parameters(SqlNode node)
        {
            foreach (var n in DescendantsAndSelf(node))
                if (n is SqlParameter p) yield return p;
        }
    }
}
