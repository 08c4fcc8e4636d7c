using System;
using System.Collections.Generic;

namespace OmniSqlite.Analyzers.Parsing.Sql
{
    /// <summary>Generic traversal of the SQL syntax tree.</summary>
    internal static class SqlSyntaxWalker
    {
        /// <summary>Appends the direct children of a node, in source order as far as practical (no iterator: this is the hot path of every walk).</summary>
        public static void Children(SqlNode node, List<SqlNode> into)
        {
            switch (node)
            {
                case SqlSelectStatement s:
                    into.Add(s.Select);
                    break;
                case SqlInsertStatement i:
                    foreach (var c in i.With) into.Add(c);
                    into.Add(i.Table);
                    foreach (var c in i.Columns) into.Add(c);
                    if (i.Source != null) into.Add(i.Source);
                    foreach (var e in i.OtherExpressions) into.Add(e);
                    break;
                case SqlUpdateStatement u:
                    foreach (var c in u.With) into.Add(c);
                    into.Add(u.Table);
                    foreach (var a in u.Assignments) into.Add(a);
                    foreach (var f in u.From) into.Add(f);
                    if (u.Where != null) into.Add(u.Where);
                    foreach (var e in u.Returning) into.Add(e);
                    break;
                case SqlAssignment a:
                    foreach (var c in a.Columns) into.Add(c);
                    into.Add(a.Value);
                    break;
                case SqlDeleteStatement d:
                    foreach (var c in d.With) into.Add(c);
                    into.Add(d.Table);
                    if (d.Where != null) into.Add(d.Where);
                    foreach (var e in d.Returning) into.Add(e);
                    break;
                case SqlCreateTableStatement t:
                    if (t.AsSelect != null) into.Add(t.AsSelect);
                    break;
                case SqlCreateViewStatement v:
                    into.Add(v.Select);
                    break;
                case SqlCreateIndexStatement ix:
                    if (ix.Where != null) into.Add(ix.Where);
                    break;
                case SqlCte cte:
                    into.Add(cte.Select);
                    break;
                case SqlSelect sel:
                    foreach (var c in sel.With) into.Add(c);
                    foreach (var c in sel.Cores) into.Add(c);
                    foreach (var o in sel.OrderBy) into.Add(o);
                    if (sel.Limit != null) into.Add(sel.Limit);
                    if (sel.Offset != null) into.Add(sel.Offset);
                    break;
                case SqlSelectCore core:
                    foreach (var c in core.Columns) into.Add(c);
                    foreach (var f in core.From) into.Add(f);
                    if (core.Where != null) into.Add(core.Where);
                    foreach (var g in core.GroupBy) into.Add(g);
                    if (core.Having != null) into.Add(core.Having);
                    if (core.Values != null) foreach (var row in core.Values) foreach (var v in row) into.Add(v);
                    break;
                case SqlResultColumn rc:
                    if (rc.Expression != null) into.Add(rc.Expression);
                    break;
                case SqlOrderingTerm ot:
                    into.Add(ot.Expression);
                    break;
                case SqlFromItem fi:
                    into.Add(fi.Source);
                    if (fi.On != null) into.Add(fi.On);
                    break;
                case SqlSubquerySource sq:
                    into.Add(sq.Select);
                    break;
                case SqlJoinGroupSource g:
                    foreach (var f in g.Items) into.Add(f);
                    break;
                case SqlTableFunctionSource tf:
                    foreach (var a in tf.Arguments) into.Add(a);
                    break;
                case SqlBinary b:
                    into.Add(b.Left);
                    into.Add(b.Right);
                    break;
                case SqlUnary un:
                    into.Add(un.Operand);
                    break;
                case SqlLike l:
                    into.Add(l.Left);
                    into.Add(l.Pattern);
                    if (l.Escape != null) into.Add(l.Escape);
                    break;
                case SqlBetween bt:
                    into.Add(bt.Operand);
                    into.Add(bt.Low);
                    into.Add(bt.High);
                    break;
                case SqlIn inExpr:
                    into.Add(inExpr.Operand);
                    if (inExpr.Values != null) foreach (var v in inExpr.Values) into.Add(v);
                    if (inExpr.Subquery != null) into.Add(inExpr.Subquery);
                    break;
                case SqlNullTest nt:
                    into.Add(nt.Operand);
                    break;
                case SqlFunctionCall fc:
                    foreach (var a in fc.Arguments) into.Add(a);
                    break;
                case SqlCase cs:
                    if (cs.Operand != null) into.Add(cs.Operand);
                    foreach (var (w, t) in cs.Whens) { into.Add(w); into.Add(t); }
                    if (cs.Else != null) into.Add(cs.Else);
                    break;
                case SqlCast ct:
                    into.Add(ct.Operand);
                    break;
                case SqlCollate co:
                    into.Add(co.Operand);
                    break;
                case SqlSubqueryExpr se:
                    into.Add(se.Select);
                    break;
                case SqlExists ex:
                    into.Add(ex.Select);
                    break;
                case SqlParenthesized p:
                    foreach (var e in p.Items) into.Add(e);
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
            var children = new List<SqlNode>();
            stack.Push(node);
            while (stack.Count > 0)
            {
                Steps++;
                var current = stack.Pop();
                yield return current;
                children.Clear();
                Children(current, children);
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
