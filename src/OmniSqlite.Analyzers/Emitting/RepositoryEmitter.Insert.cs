using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using OmniSqlite.Analyzers.Model;

namespace OmniSqlite.Analyzers.Emitting
{
    /// <summary>Insert, InsertMany and the multi-row batches InsertMany uses.</summary>
    internal static partial class RepositoryEmitter
    {
        private static void EmitInsert(SourceWriter w, Shape s)
        {
            var e = s.Entity;
            var key = s.Key;
            w.Open($"private {Sqlite}SqliteCommand BindInsert({s.Type} entity)");
            w.Line("if (entity is null) throw new global::System.ArgumentNullException(nameof(entity));");
            if (!s.AutoKey)
            {
                w.Line($"var command = Command(ref _insert, InsertSql, {e.Columns.Length});");
                BindMembers(w, e, e.Columns);
                w.Line("return command;");
                w.Close();
                w.Line();
                // InsertRow is the untraced body InsertMany loops over: one span per InsertMany call, not one per row.
                w.Line($"private void InsertRow({s.Type} entity) => BindInsert(entity).ExecuteNonQuery();");
                w.Line();
                w.Line($"private {Tasks}Task InsertRowAsync({s.Type} entity, {Ct} cancellationToken) => BindInsert(entity).ExecuteNonQueryAsync(cancellationToken);");
                w.Line();
                w.Line("/// <summary>Inserts the entity.</summary>");
                Traced(w, s, "public void Insert(" + s.Type + " entity)", "INSERT", "InsertSql", "InsertRow(entity);");
                Traced(w, s, "public async " + Tasks + "Task InsertAsync(" + s.Type + " entity, " + Ct + " cancellationToken = default)", "INSERT", "InsertSql",
                    "await InsertRowAsync(entity, cancellationToken).ConfigureAwait(false);");
                return;
            }
            w.Line($"{Sqlite}SqliteCommand command;");
            w.Open($"if (entity.{key.Identifier} == 0)");
            w.Line($"command = Command(ref _insertGeneratedKey, InsertGeneratedKeySql, {s.NonKey.Count});");
            BindMembers(w, e, s.NonKey);
            w.Close();
            w.Open("else");
            w.Line($"command = Command(ref _insert, InsertSql, {e.Columns.Length});");
            BindMembers(w, e, e.Columns);
            w.Close();
            w.Line("return command;");
            w.Close();
            w.Line();

            string noKey = "throw new global::System.InvalidOperationException(\"INSERT INTO " + CodeText.StringContent(e.TableName) + " returned no key.\");";
            string setKey = key.Setter == MemberSetter.Settable ? "entity." + key.Identifier + " = (" + key.TypeName + ")id;" : "";
            // The key is read with GetInt64 from the RETURNING row: ExecuteScalar would box it (one object per insert).
            // InsertRow is the untraced body InsertMany loops over: one span per InsertMany call, not one per row.
            w.WriteLine($$"""
                private long InsertRow({{s.Type}} entity)
                {
                    var command = BindInsert(entity);
                    long id;
                    using (var reader = command.ExecuteReader())
                    {
                        if (!reader.Read()) {{noKey}}
                        id = reader.GetInt64(0);
                        // To SQLITE_DONE: SQLite runs the WAL hook (wal_autocheckpoint) only when step returns DONE,
                        // so an autocommit INSERT ... RETURNING reset after its row would never checkpoint the WAL.
                        while (reader.Read()) { }
                    }
                    {{setKey}}
                    return id;
                }

                private async {{Tasks}}Task<long> InsertRowAsync({{s.Type}} entity, {{Ct}} cancellationToken)
                {
                    var command = BindInsert(entity);
                    long id;
                    using (var reader = await command.ExecuteReaderAsync(cancellationToken){{Await}})
                    {
                        if (!await reader.ReadAsync(cancellationToken){{Await}}) {{noKey}}
                        id = reader.GetInt64(0);
                        while (await reader.ReadAsync(cancellationToken){{Await}}) { }
                    }
                    {{setKey}}
                    return id;
                }

                """);
            w.Line($"/// <summary>Inserts the entity. A key of 0 lets SQLite assign one; the key is returned{(setKey.Length > 0 ? " and set on the entity" : "")}.</summary>");
            Traced(w, s, "public long Insert(" + s.Type + " entity)", "INSERT", "InsertSql", "return InsertRow(entity);");
            Traced(w, s, "public async " + Tasks + "Task<long> InsertAsync(" + s.Type + " entity, " + Ct + " cancellationToken = default)", "INSERT", "InsertSql",
                "return await InsertRowAsync(entity, cancellationToken).ConfigureAwait(false);");
        }

        /// <summary><c>var p = command.Parameters;</c> and one line per member, in order; written values are checked (NaN, lone surrogates).</summary>
        private static void BindMembers(SourceWriter w, EntityModel e, IEnumerable<ColumnModel> columns)
        {
            w.Line("var p = command.Parameters;");
            int i = 0;
            foreach (var c in columns)
                w.Line($"p[{(i++).ToString(CultureInfo.InvariantCulture)}].Value = {ValueCode.Bind(c, "entity." + c.Identifier, Stored(e, c))};");
        }

        /// <summary>The label written values are checked under: <c>Entity.Member</c>.</summary>
        private static string Stored(EntityModel e, ColumnModel c) => e.TypeName + "." + c.PropertyName;

        private static void EmitInsertMany(SourceWriter w, Shape s)
        {
            foreach (var isAsync in new[] { false, true })
            {
                w.Line(s.BatchRows > 0
                    ? "/// <summary>Inserts all entities in one write transaction (BEGIN IMMEDIATE), unless a transaction is already set; lists and arrays go " + s.BatchRows + " rows per INSERT statement, with the same keys and order as one by one.</summary>"
                    : "/// <summary>Inserts all entities in one write transaction (BEGIN IMMEDIATE) with one reused command, unless a transaction is already set.</summary>");
                w.Open(isAsync
                    ? "public async " + Tasks + "Task<int> InsertManyAsync(global::System.Collections.Generic.IEnumerable<" + s.Type + "> entities, " + Ct + " cancellationToken = default)"
                    : "public int InsertMany(global::System.Collections.Generic.IEnumerable<" + s.Type + "> entities)");
                w.Line("if (entities is null) throw new global::System.ArgumentNullException(nameof(entities));");
                BeginOperation(w, "INSERT", s.Entity.TableName, s.BatchRows > 0 ? "InsertBatchSql" : "InsertSql");
                w.Line("var owned = Transaction is null ? global::OmniSqlite.WriteTransactionExtensions.BeginWriteTransaction(_connection) : null;");
                w.Line("if (owned != null) Transaction = owned;");
                w.Open("try");
                w.Line("var count = 0;");
                // Lists and arrays by index: foreach over IEnumerable<T> would box the list's enumerator.
                w.Open($"if (entities is global::System.Collections.Generic.IList<{s.Type}> list)");
                if (s.BatchRows > 0)
                {
                    w.Open("while (count < list.Count)");
                    w.Open("if (count + BatchRows <= list.Count && AllNew(list, count))");
                    w.Line(isAsync ? "await InsertBatchAsync(list, count, cancellationToken).ConfigureAwait(false);" : "InsertBatch(list, count);");
                    w.Line("count += BatchRows;");
                    w.Close();
                    w.Open("else");
                    w.Line(isAsync ? "await InsertRowAsync(list[count], cancellationToken).ConfigureAwait(false);" : "InsertRow(list[count]);");
                    w.Line("count++;");
                    w.Close();
                    w.Close();
                }
                else
                {
                    w.Line(isAsync
                        ? "for (; count < list.Count; count++) await InsertRowAsync(list[count], cancellationToken).ConfigureAwait(false);"
                        : "for (; count < list.Count; count++) InsertRow(list[count]);");
                }
                w.Close();
                w.Open("else");
                w.Open("foreach (var entity in entities)");
                w.Line(isAsync ? "await InsertRowAsync(entity, cancellationToken).ConfigureAwait(false);" : "InsertRow(entity);");
                w.Line("count++;");
                w.Close();
                w.Close();
                w.Line("owned?.Commit();");
                w.Line("return count;");
                w.Close();
                w.Open("finally");
                w.Open("if (owned != null)");
                w.Line("Transaction = null;");
                w.Line("owned.Dispose();");
                w.Close();
                w.Close();
                EndOperation(w);
                w.Close();
                w.Line();
            }

        }

        /// <summary>
        /// Rows per multi-row INSERT in InsertMany; 0: no batching. One execution per row costs Microsoft.Data.Sqlite
        /// a reader, a timer and an iterator; one statement with many parameters costs a name lookup per parameter
        /// that scans the statement's parameter list (quadratic). Measured on a 6-column table (tests/OmniSqlite.Benchmarks,
        /// --floor): 4 rows 0.73x the one-row-per-execution time, 8 rows 0.68x, 12 rows 0.69x, 16 rows 0.71x, 32 rows 0.84x,
        /// 128 rows 1.74x. So about 60 parameters per statement, at most 16 rows, and no batching for entities with more
        /// than 30 columns. SQLite-assigned integer keys come back through RETURNING: the new keys of one statement are
        /// consecutive, so sorting them maps them back to the VALUES order (checked at run time).
        /// </summary>
        internal static int BatchRows(int columns)
        {
            if (columns == 0) return 0;
            var rows = System.Math.Min(16, 60 / columns);
            return rows >= 2 ? rows : 0;
        }

        private static string InsertBatchSql(EntityModel e, List<ColumnModel> columns, ColumnModel? returning, int rows)
        {
            var values = new List<string>();
            for (int r = 0; r < rows; r++)
                values.Add("(" + string.Join(", ", columns.Select((c, i) => "@p" + (r * columns.Count + i).ToString(CultureInfo.InvariantCulture))) + ")");
            var sql = "INSERT INTO " + Ddl.Quote(e.TableName) + " (" + string.Join(", ", columns.Select(c => Ddl.Quote(c.ColumnName))) + ") VALUES "
                + string.Join(", ", values);
            return returning is null ? sql : sql + " RETURNING " + Ddl.Quote(returning.ColumnName);
        }

        private static void EmitBatchHelpers(SourceWriter w, Shape s)
        {
            var e = s.Entity; var key = s.Key; var columns = s.BatchColumns; bool autoKey = s.AutoKey; string t = s.Type;
            string list = "global::System.Collections.Generic.IList<" + t + ">";
            w.Line(autoKey
                ? "/// <summary>True when the next BatchRows entities all exist and all want a key from SQLite.</summary>"
                : "/// <summary>True when the next BatchRows entities all exist.</summary>");
            w.Open($"private static bool AllNew({list} list, int start)");
            w.Open("for (var i = start; i < start + BatchRows; i++)");
            w.Line("var entity = list[i];");
            w.Line(autoKey ? "if (entity is null || entity." + key.Identifier + " != 0) return false;" : "if (entity is null) return false;");
            w.Close();
            w.Line("return true;");
            w.Close();
            w.Line();

            w.Open($"private {Sqlite}SqliteCommand BindBatch({list} list, int start)");
            w.Line($"var command = Command(ref _insertBatch, InsertBatchSql, BatchRows * {columns.Count});");
            w.Line("var p = command.Parameters;");
            w.Open("for (var r = 0; r < BatchRows; r++)");
            w.Line("var entity = list[start + r];");
            w.Line($"var b = r * {columns.Count};");
            for (int i = 0; i < columns.Count; i++)
                w.Line($"p[b{(i == 0 ? "" : " + " + i)}].Value = {ValueCode.Bind(columns[i], "entity." + columns[i].Identifier, Stored(e, columns[i]))};");
            w.Close();
            w.Line("return command;");
            w.Close();
            w.Line();

            if (autoKey)
            {
                w.Line("/// <summary>RETURNING rows come in no promised order: sort the keys (consecutive within one statement) and hand them out in VALUES order.</summary>");
                w.Open($"private void AssignBatchKeys({list} list, int start, long[] keys, int read)");
                w.Line($"if (read != BatchRows) throw new global::System.InvalidOperationException(\"INSERT INTO {CodeText.StringContent(e.TableName)} returned \" + read + \" keys for \" + BatchRows + \" rows.\");");
                w.Line("global::System.Array.Sort(keys);");
                w.Open("for (var r = 1; r < BatchRows; r++)");
                w.Line($"if (keys[r] != keys[0] + r) throw new global::System.InvalidOperationException(\"INSERT INTO {CodeText.StringContent(e.TableName)} assigned keys that are not consecutive (a trigger inserting into the same table?); insert these rows one by one with Insert.\");");
                w.Close();
                if (key.Setter == MemberSetter.Settable)
                    w.Line($"for (var r = 0; r < BatchRows; r++) list[start + r].{key.Identifier} = ({key.TypeName})keys[r];");
                w.Close();
                w.Line();
            }

            foreach (var isAsync in new[] { false, true })
            {
                w.Open(isAsync
                    ? "private async " + Tasks + "Task InsertBatchAsync(" + list + " list, int start, " + Ct + " cancellationToken)"
                    : "private void InsertBatch(" + list + " list, int start)");
                w.Line("var command = BindBatch(list, start);");
                if (!autoKey)
                {
                    w.Line(isAsync ? "await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);" : "command.ExecuteNonQuery();");
                    w.Close();
                    w.Line();
                    continue;
                }
                w.Line("var keys = _batchKeys ??= new long[BatchRows];");
                w.Line("var read = 0;");
                w.Open(isAsync
                    ? "using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))"
                    : "using (var reader = command.ExecuteReader())");
                w.Line(isAsync
                    ? "while (read < BatchRows && await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) keys[read++] = reader.GetInt64(0);"
                    : "while (read < BatchRows && reader.Read()) keys[read++] = reader.GetInt64(0);");
                w.Close();
                w.Line("AssignBatchKeys(list, start, keys, read);");
                w.Close();
                w.Line();
            }
        }

        /// <summary>Appends the one-row INSERT of <paramref name="columns"/> (parameters @p0, @p1, ...), with RETURNING when a key comes back.</summary>
        private static StringBuilder AppendInsert(StringBuilder sql, EntityModel e, IReadOnlyList<ColumnModel> columns, ColumnModel? returning)
        {
            sql.Append("INSERT INTO ").AppendQuoted(e.TableName);
            if (columns.Count == 0) sql.Append(" DEFAULT VALUES");
            else
            {
                sql.Append(" (");
                for (int i = 0; i < columns.Count; i++) sql.Append(i > 0 ? ", " : "").AppendQuoted(columns[i].ColumnName);
                sql.Append(") VALUES (");
                for (int i = 0; i < columns.Count; i++) sql.Append(i > 0 ? ", @p" : "@p").Append(i);
                sql.Append(')');
            }
            if (returning is not null) sql.Append(" RETURNING ").AppendQuoted(returning.ColumnName);
            return sql;
        }


    }
}
