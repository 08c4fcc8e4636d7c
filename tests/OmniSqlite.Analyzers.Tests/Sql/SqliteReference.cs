using System.Globalization;
using Microsoft.Data.Sqlite;

namespace OmniSqlite.Analyzers.Tests.Sql;

/// <summary>
/// What SQLite itself says about a statement on a schema: the plan (EXPLAIN QUERY PLAN), the bytecode (EXPLAIN) and the
/// catalogue (sqlite_schema, pragma table_info / index_list / index_info). Used as the reference side of the planner
/// differential tests, so nothing here may use OmniSqlite's SQL parser or schema model.
/// </summary>
internal sealed class SqliteReference : IDisposable
{
    private readonly SqliteConnection _connection;

    public SqliteReference(string path, params string[] ddl)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        foreach (var text in ddl) Execute(text);
    }

    public void Dispose() => _connection.Dispose();

    public void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public sealed record PlanRow(int Id, int Parent, string Detail);

    public List<PlanRow> Plan(string sql)
    {
        var rows = new List<PlanRow>();
        using var reader = Reader("EXPLAIN QUERY PLAN " + sql);
        while (reader.Read()) rows.Add(new PlanRow(reader.GetInt32(0), reader.GetInt32(1), reader.GetString(3)));
        return rows;
    }

    /// <summary>
    /// The names (alias, or table name) the plan reads with a full scan: "SCAN x" of a table or its index, and
    /// "SEARCH x USING AUTOMATIC ..." (an index built for this one statement from a scan). Subquery results
    /// (CO-ROUTINE / MATERIALIZE) and constant rows are not tables.
    /// </summary>
    public static HashSet<string> ScannedNames(List<PlanRow> plan) => new(ScanRows(plan), StringComparer.OrdinalIgnoreCase);

    /// <summary>How many full scans the plan has (a name scanned in two subqueries counts twice).</summary>
    public static int ScanCount(List<PlanRow> plan) => ScanRows(plan).Count;

    private static List<string> ScanRows(List<PlanRow> plan)
    {
        var intermediate = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in plan)
            if (row.Detail.StartsWith("CO-ROUTINE ", StringComparison.Ordinal) || row.Detail.StartsWith("MATERIALIZE ", StringComparison.Ordinal))
                intermediate.Add(row.Detail.Split(' ')[1]);
        var names = new List<string>();
        foreach (var row in plan)
        {
            var parts = row.Detail.Split(' ');
            if (parts.Length < 2 || intermediate.Contains(parts[1]) || parts[1] == "CONSTANT") continue;
            if (parts[0] == "SCAN" || (parts[0] == "SEARCH" && row.Detail.Contains(" USING AUTOMATIC ", StringComparison.Ordinal))) names.Add(parts[1]);
        }
        return names;
    }

    /// <summary>Tables (lower case) and, for each, its columns in declaration order.</summary>
    public Dictionary<string, List<string>> Tables()
    {
        var tables = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in Strings("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"))
            tables[name] = Strings("SELECT name FROM pragma_table_info(" + Quote(name) + ") ORDER BY cid");
        return tables;
    }

    /// <summary>DDL for an index on every column of every table: the "would any index help" probe.</summary>
    public List<string> IndexOnEveryColumn()
    {
        var ddl = new List<string>();
        foreach (var (table, columns) in Tables())
            foreach (var column in columns)
                ddl.Add("CREATE INDEX \"probe_" + table + "_" + column + "\" ON \"" + table + "\" (\"" + column + "\")");
        return ddl;
    }

    /// <summary>The columns (lower case) that lead a complete (not partial) index of the table, plus the rowid and its alias.</summary>
    public HashSet<string> IndexLeadingColumns(string table)
    {
        var columns = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var index in Strings("SELECT name FROM pragma_index_list(" + Quote(table) + ") WHERE partial = 0"))
        {
            var first = Strings("SELECT coalesce(name, '') FROM pragma_index_info(" + Quote(index) + ") WHERE seqno = 0");
            if (first.Count == 1 && first[0].Length > 0) columns.Add(first[0]); // an expression key has no name: it is not a column
        }
        bool withoutRowid = Strings("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = " + Quote(table)).Single()
            .Contains("WITHOUT ROWID", StringComparison.OrdinalIgnoreCase);
        if (!withoutRowid)
        {
            columns.Add("rowid");
            // The rowid alias: the one INTEGER PRIMARY KEY column (SQLite stores no index for it).
            var pk = Strings("SELECT name || ' ' || upper(type) FROM pragma_table_info(" + Quote(table) + ") WHERE pk > 0");
            if (pk.Count == 1 && pk[0].EndsWith(" INTEGER", StringComparison.Ordinal)
                && Strings("SELECT name FROM pragma_index_list(" + Quote(table) + ") WHERE origin = 'pk'").Count == 0)
                columns.Add(pk[0].Substring(0, pk[0].Length - " INTEGER".Length));
        }
        return columns;
    }

    private sealed record Op(int Address, string Code, long P1, long P2, long P3, string P4);

    /// <summary>
    /// (table, column) pairs that decide whether a row of a fully scanned cursor is kept: the bytecode's registers are
    /// followed from each Column/Rowid read through functions, arithmetic, casts and copies to a comparison or conditional
    /// jump. A NULL check on a register that then keys a seek into another table (a join) is not a filter of this one.
    /// Only cursors that scan from the start (Rewind/Last) count.
    /// </summary>
    public HashSet<(string Table, string Column)> ScanFilters(string sql)
    {
        var ops = new List<Op>();
        using (var reader = Reader("EXPLAIN " + sql))
            while (reader.Read())
                ops.Add(new Op(reader.GetInt32(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4),
                    reader.IsDBNull(5) ? "" : Convert.ToString(reader.GetValue(5), CultureInfo.InvariantCulture) ?? ""));

        var roots = new Dictionary<long, (string Table, List<string> Columns)>();
        foreach (var (type, name, table, root) in Catalogue())
        {
            if (type == "table") roots[root] = (name, Strings("SELECT name FROM pragma_table_info(" + Quote(name) + ") ORDER BY cid"));
            else roots[root] = (table, Strings("SELECT coalesce(name, '') FROM pragma_index_xinfo(" + Quote(name) + ") ORDER BY seqno"));
        }
        var cursors = new Dictionary<long, (string Table, List<string> Columns)>();
        var scanned = new HashSet<long>();
        foreach (var op in ops)
        {
            if ((op.Code == "OpenRead" || op.Code == "OpenWrite") && op.P3 == 0 && roots.TryGetValue(op.P2, out var target)) cursors[op.P1] = target;
            if (op.Code == "Rewind" || op.Code == "Last") scanned.Add(op.P1);
        }

        var taint = new Dictionary<long, HashSet<(long Cursor, string Column)>>();
        HashSet<(long, string)> Of(long register) => taint.TryGetValue(register, out var t) ? t : new HashSet<(long, string)>();
        void Set(long register, IEnumerable<(long, string)> from) => taint[register] = new HashSet<(long, string)>(from);
        IEnumerable<(long, string)> Range(long first, long count)
        {
            for (long r = first; r < first + count; r++) foreach (var t in Of(r)) yield return t;
        }

        var filters = new List<(HashSet<(long Cursor, string Column)> Columns, long NullCheckedRegister)>();
        var seekKeys = new HashSet<long>();
        foreach (var op in ops)
        {
            switch (op.Code)
            {
                case "Column":
                    if (cursors.TryGetValue(op.P1, out var c) && op.P2 < c.Columns.Count) Set(op.P3, new[] { (op.P1, c.Columns[(int)op.P2]) });
                    else taint.Remove(op.P3);
                    break;
                case "Rowid":
                case "IdxRowid":
                    Set(op.P2, new[] { (op.P1, "rowid") });
                    break;
                case "Function":
                case "PureFunc":
                    {
                        int open = op.P4.LastIndexOf('('), close = op.P4.LastIndexOf(')');
                        long count = open >= 0 && close > open && long.TryParse(op.P4.AsSpan(open + 1, close - open - 1), out var n) ? n : 1;
                        Set(op.P3, Range(op.P2, count).ToList());
                        break;
                    }
                case "Add": case "Subtract": case "Multiply": case "Divide": case "Remainder": case "Concat":
                case "BitAnd": case "BitOr": case "ShiftLeft": case "ShiftRight":
                    Set(op.P3, Of(op.P1).Concat(Of(op.P2)).ToList());
                    break;
                case "Copy": case "SCopy": case "IntCopy": case "Not": case "BitNot": case "IsTrue":
                    Set(op.P2, Of(op.P1).ToList());
                    break;
                case "MakeRecord":
                    Set(op.P3, Range(op.P1, op.P2).ToList());
                    break;
                case "Eq": case "Ne": case "Lt": case "Le": case "Gt": case "Ge":
                    filters.Add((new HashSet<(long, string)>(Of(op.P1).Concat(Of(op.P3))), -1));
                    break;
                case "If": case "IfNot":
                    filters.Add((new HashSet<(long, string)>(Of(op.P1)), -1));
                    break;
                case "IsNull": case "NotNull":
                    filters.Add((new HashSet<(long, string)>(Of(op.P1)), op.P1));
                    break;
                case "Found": case "NotFound":
                    filters.Add((new HashSet<(long, string)>(Of(op.P3).Concat(Range(op.P3, Math.Max(1, op.P4.Length == 0 ? 1 : ParseCount(op.P4))))), -1));
                    break;
                case "SeekRowid": case "NotExists":
                    seekKeys.Add(op.P3);
                    break;
                case "SeekGE": case "SeekGT": case "SeekLE": case "SeekLT": case "IdxGE": case "IdxGT": case "IdxLE": case "IdxLT":
                    for (long r = op.P3; r < op.P3 + Math.Max(1, ParseCount(op.P4)); r++) seekKeys.Add(r);
                    break;
            }
        }
        var result = new HashSet<(string, string)>();
        foreach (var (columns, nullChecked) in filters)
        {
            if (nullChecked >= 0 && seekKeys.Contains(nullChecked)) continue;
            foreach (var (cursor, column) in columns)
                if (scanned.Contains(cursor) && cursors.TryGetValue(cursor, out var c)) result.Add((c.Table, column));
        }
        return result;
    }

    private static int ParseCount(string p4) => int.TryParse(p4, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 1;

    private List<(string Type, string Name, string Table, long Root)> Catalogue()
    {
        var rows = new List<(string, string, string, long)>();
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT type, name, tbl_name, rootpage FROM sqlite_schema WHERE type IN ('table', 'index') AND rootpage > 0";
        using var reader = command.ExecuteReader();
        while (reader.Read()) rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3)));
        return rows;
    }

    /// <summary>
    /// A reader over the statement with every parameter bound to the integer 1 (Microsoft.Data.Sqlite names the
    /// parameters SQLite reports as unbound; LIKE patterns by parameter are not in the corpus).
    /// </summary>
    private SqliteDataReader Reader(string sql)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                return command.ExecuteReader(System.Data.CommandBehavior.Default);
            }
            catch (InvalidOperationException e) when (attempt < 5 && e.Message.Contains("Must add values for the following parameters", StringComparison.Ordinal))
            {
                foreach (var name in e.Message.Substring(e.Message.IndexOf(':') + 1).TrimEnd('.').Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                    command.Parameters.AddWithValue(name, 1);
            }
        }
    }

    private List<string> Strings(string sql)
    {
        var list = new List<string>();
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        while (reader.Read()) list.Add(reader.GetString(0));
        return list;
    }

    private static string Quote(string value) => "'" + value.Replace("'", "''") + "'";
}
