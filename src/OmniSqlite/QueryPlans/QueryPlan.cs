using System;
using System.Collections.Generic;
using System.Text;

namespace OmniSqlite
{
    /// <summary>What one line of <c>EXPLAIN QUERY PLAN</c> describes.</summary>
    public enum QueryPlanNodeKind
    {
        /// <summary><c>SCAN t</c>, <c>SCAN t USING [COVERING] INDEX i</c>: every row (or index entry) is read.</summary>
        Scan,
        /// <summary><c>SEARCH t USING INDEX i (a=?)</c>, <c>SEARCH t USING INTEGER PRIMARY KEY (rowid=?)</c>: a range of an index.</summary>
        Search,
        /// <summary><c>SCAN t VIRTUAL TABLE INDEX n:...</c> (also table-valued functions such as pragma_table_info).</summary>
        VirtualTable,
        /// <summary><c>SCAN CONSTANT ROW</c>: a SELECT with no FROM.</summary>
        ConstantRow,
        /// <summary><c>USE TEMP B-TREE FOR ORDER BY | GROUP BY | DISTINCT | ...</c>: a sort the indexes did not spare.</summary>
        TempBTree,
        /// <summary><c>SCALAR SUBQUERY</c>, <c>CORRELATED SCALAR SUBQUERY</c>, <c>LIST SUBQUERY</c>.</summary>
        Subquery,
        /// <summary><c>CO-ROUTINE x</c> or <c>MATERIALIZE x</c>: a subquery, view or CTE evaluated on its own.</summary>
        CoRoutine,
        /// <summary><c>COMPOUND QUERY</c>, <c>MERGE (UNION)</c>, <c>LEFT</c>/<c>RIGHT</c>, <c>UNION ALL</c>, ...</summary>
        Compound,
        /// <summary><c>MULTI-INDEX OR</c> and its <c>INDEX n</c> branches.</summary>
        MultiIndexOr,
        /// <summary><c>BLOOM FILTER ON t (...)</c>.</summary>
        BloomFilter,
        /// <summary>Anything else (<c>SETUP</c>, <c>RECURSIVE STEP</c>, future forms): read <see cref="QueryPlanNode.Detail"/>.</summary>
        Other,
    }

    /// <summary>One line of <c>EXPLAIN QUERY PLAN</c>, with its children.</summary>
    public sealed class QueryPlanNode
    {
        private readonly List<QueryPlanNode> _children = new List<QueryPlanNode>();

        internal QueryPlanNode(int id, int parentId, string detail)
        {
            Id = id;
            ParentId = parentId;
            Detail = detail;
        }

        /// <summary>The id column of EXPLAIN QUERY PLAN.</summary>
        public int Id { get; }
        /// <summary>The parent column (0 for a top-level line).</summary>
        public int ParentId { get; }
        /// <summary>The line exactly as SQLite printed it.</summary>
        public string Detail { get; }
        public QueryPlanNodeKind Kind { get; internal set; }
        /// <summary>The name SQLite printed for a SCAN, SEARCH or CO-ROUTINE: a table, an alias, a CTE or a subquery.</summary>
        public string? Name { get; internal set; }
        /// <summary>The schema table behind <see cref="Name"/> (aliases resolved), or null for CTEs, subqueries and table-valued functions.</summary>
        public string? Table { get; internal set; }
        /// <summary>The index named after USING [COVERING] INDEX; null otherwise.</summary>
        public string? Index { get; internal set; }
        public bool IsCoveringIndex { get; internal set; }
        /// <summary>True for <c>USING AUTOMATIC [PARTIAL] [COVERING] INDEX</c>: SQLite builds a throwaway index by reading the whole table, every time the query runs.</summary>
        public bool IsAutomaticIndex { get; internal set; }
        /// <summary>True for <c>USING INTEGER PRIMARY KEY</c> (rowid) or <c>USING PRIMARY KEY</c> (WITHOUT ROWID tables).</summary>
        public bool UsesPrimaryKey { get; internal set; }
        /// <summary>The constraint text in parentheses, such as <c>a=? AND b&gt;?</c>; null when none.</summary>
        public string? Constraints { get; internal set; }
        /// <summary>
        /// True when this line reads the whole of <see cref="Table"/>: any SCAN of a table (also <c>USING INDEX</c> or
        /// <c>USING COVERING INDEX</c>: a scan of a whole index is a full scan, even when it spares reading the table rows),
        /// a SEARCH without USING (min/max over an unindexed column), and a SEARCH with an automatic index (built by a full scan).
        /// </summary>
        public bool IsFullScan { get; internal set; }
        public IReadOnlyList<QueryPlanNode> Children => _children;

        internal void Add(QueryPlanNode child) => _children.Add(child);

        public override string ToString() => Detail;
    }

    /// <summary>
    /// The plan SQLite chose for one statement, as a tree, with the fully scanned tables listed plainly.
    /// Made by <see cref="QueryPlanExtensions.ExplainQueryPlan(Microsoft.Data.Sqlite.SqliteConnection, string, IReadOnlyDictionary{string, object?}?)"/>.
    /// </summary>
    public sealed class QueryPlan
    {
        internal QueryPlan(string sql, IReadOnlyList<QueryPlanNode> nodes, IReadOnlyList<QueryPlanNode> roots)
        {
            Sql = sql;
            Nodes = nodes;
            Roots = roots;
            var scans = new List<string>();
            var automatic = new List<string>();
            var indexes = new List<string>();
            foreach (var node in nodes)
            {
                if (node.IsFullScan && node.Table is not null && !Contains(scans, node.Table)) scans.Add(node.Table);
                if (node.IsAutomaticIndex && node.Table is not null && !Contains(automatic, node.Table)) automatic.Add(node.Table);
                if (node.Index is not null && !node.IsAutomaticIndex && !Contains(indexes, node.Index)) indexes.Add(node.Index);
                if (node.Kind == QueryPlanNodeKind.TempBTree) UsesTempBTree = true;
            }
            FullScans = scans;
            AutomaticIndexes = automatic;
            IndexesUsed = indexes;
        }

        /// <summary>The statement that was explained.</summary>
        public string Sql { get; }
        /// <summary>Every line, in the order SQLite printed them.</summary>
        public IReadOnlyList<QueryPlanNode> Nodes { get; }
        /// <summary>The top-level lines; the rest hang below them as <see cref="QueryPlanNode.Children"/>.</summary>
        public IReadOnlyList<QueryPlanNode> Roots { get; }
        /// <summary>Schema tables read in full, each once, in plan order (see <see cref="QueryPlanNode.IsFullScan"/> for what counts).</summary>
        public IReadOnlyList<string> FullScans { get; }
        /// <summary>Tables for which SQLite builds an automatic index at run time (a missing index on a join column). They are in <see cref="FullScans"/> too.</summary>
        public IReadOnlyList<string> AutomaticIndexes { get; }
        /// <summary>Schema indexes the plan uses (SEARCH or SCAN ... USING [COVERING] INDEX), each once.</summary>
        public IReadOnlyList<string> IndexesUsed { get; }
        /// <summary>True when the plan sorts in a temporary B-tree (ORDER BY, GROUP BY, DISTINCT no index serves).</summary>
        public bool UsesTempBTree { get; }

        /// <summary>True when <paramref name="table"/> is read in full (case-insensitive).</summary>
        public bool IsFullScan(string table) => Contains(FullScans, table);

        /// <summary>True when the plan uses the index <paramref name="index"/> (case-insensitive).</summary>
        public bool UsesIndex(string index) => Contains(IndexesUsed, index);

        /// <summary>The plan as SQLite's shell prints it: an indented tree.</summary>
        public override string ToString()
        {
            var sb = new StringBuilder("QUERY PLAN");
            foreach (var root in Roots) Write(sb, root, 1);
            return sb.ToString();
        }

        private static void Write(StringBuilder sb, QueryPlanNode node, int depth)
        {
            sb.Append('\n');
            for (var i = 1; i < depth; i++) sb.Append("   ");
            sb.Append("|--").Append(node.Detail);
            foreach (var child in node.Children) Write(sb, child, depth + 1);
        }

        private static bool Contains(IReadOnlyList<string> list, string value)
        {
            foreach (var item in list) if (string.Equals(item, value, StringComparison.OrdinalIgnoreCase)) return true;
            return false;
        }
    }
}
