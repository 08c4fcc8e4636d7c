using OmniSqlite.Analyzers.Model;

namespace OmniSqlite.Analyzers.Analysis
{
    internal enum SqlFindingKind
    {
        /// <summary>OSQL010: a WHERE/JOIN column no index serves.</summary>
        UnindexedColumn,
        /// <summary>OSQL011: an expression hides an indexed column from the planner.</summary>
        IndexDefeated,
        /// <summary>OSQL012: ORDER BY needs a temporary B-tree.</summary>
        UnindexedOrderBy,
        /// <summary>OSQL013: a table the schema does not have (opt-in).</summary>
        UnknownTable,
        /// <summary>OSQL013: a column the (known) table does not have.</summary>
        UnknownColumn,
        /// <summary>OSQL015: UPDATE or DELETE without WHERE (Detail: UPDATE or DELETE).</summary>
        UpdateWithoutWhere,
        /// <summary>OSQL016: INSERT without a column list (Columns: the table's columns when known).</summary>
        InsertWithoutColumns,
        /// <summary>OSQL017: an INSERT row whose value count differs from the column list (Columns: the list; Detail: the value count).</summary>
        ValueCountMismatch,
        /// <summary>OSQL018: = NULL or &lt;&gt; NULL (Detail: the operator as '=' or '&lt;&gt;').</summary>
        NullComparison,
        /// <summary>OSQL019: a double-quoted name that resolves to no column, which SQLite reads as a string (Columns: the text).</summary>
        DoubleQuotedString,
        /// <summary>OSQL030: a REFERENCES column no index of the child table leads with (Detail: the parent table).</summary>
        UnindexedForeignKey,
        /// <summary>OSQL009: the parser or the analysis failed on the statement (a bug of ours); <see cref="SqlFinding.Detail"/> says how.</summary>
        InternalError,
    }

    /// <summary>
    /// One thing the SQL analysis found, with a span in the SQL text. <see cref="Columns"/> are the column names on
    /// <see cref="Table"/> that an index should cover (leftmost first) for the index findings.
    /// </summary>
    /// <param name="Clause">WHERE, JOIN, ORDER BY, or the statement part for name findings.</param>
    /// <param name="Detail">For OSQL011 the reason (function, unary +, ...); otherwise free text.</param>
    internal sealed record SqlFinding(
        SqlFindingKind Kind,
        int Start,
        int Length,
        string Table,
        EquatableArray<string> Columns,
        string Clause,
        string Detail)
    {
        /// <summary>The name the statement uses for the table (alias, or the base table's name inside a flattened view), as SQLite's query plan shows it.</summary>
        public string Exposed { get; init; } = "";

        /// <summary>'t.a' or 't.a', 't.b'.</summary>
        public string QualifiedColumns
        {
            get
            {
                var parts = new string[Columns.Length];
                for (int i = 0; i < parts.Length; i++) parts[i] = "'" + Table + "." + Columns[i] + "'";
                return string.Join(", ", parts);
            }
        }
    }
}
