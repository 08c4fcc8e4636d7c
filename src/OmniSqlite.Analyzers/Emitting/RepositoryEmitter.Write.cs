namespace OmniSqlite.Analyzers.Emitting
{
    /// <summary>Update, Upsert, Delete and Count.</summary>
    internal static partial class RepositoryEmitter
    {
        private static void EmitUpdate(SourceWriter w, Shape s)
        {
            var e = s.Entity;
            w.Open($"private {Sqlite}SqliteCommand BindUpdate({s.Type} entity)");
            w.Line("if (entity is null) throw new global::System.ArgumentNullException(nameof(entity));");
            w.Line($"var command = Command(ref _update, UpdateSql, {(s.NonKey.Count + 1)});");
            BindMembers(w, e, s.NonKey);
            w.Line($"p[{s.NonKey.Count}].Value = {ValueCode.Bind(s.Key, "entity." + s.Key.Identifier)};");
            w.Line("return command;");
            w.Close();
            w.Line();
            w.Line("/// <summary>Updates every column of the row with the entity's key; false when no such row exists.</summary>");
            Traced(w, s, "public bool Update(" + s.Type + " entity)", "UPDATE", "UpdateSql", "return BindUpdate(entity).ExecuteNonQuery() > 0;");
            Traced(w, s, "public async " + Tasks + "Task<bool> UpdateAsync(" + s.Type + " entity, " + Ct + " cancellationToken = default)", "UPDATE", "UpdateSql",
                "return await BindUpdate(entity).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;");
        }

        /// <summary>Upsert's signature and the part both data paths share: the null check, and a key of 0 going to Insert.</summary>
        private static void OpenUpsert(SourceWriter w, Shape s, bool isAsync)
        {
            if (!isAsync) w.Line($"/// <summary>Inserts the entity, or updates the row with its key when one exists.{(s.AutoKey ? " A key of 0 always inserts." : "")}</summary>");
            w.Open(isAsync
                ? "public async " + Tasks + "Task UpsertAsync(" + s.Type + " entity, " + Ct + " cancellationToken = default)"
                : "public void Upsert(" + s.Type + " entity)");
            w.Line("if (entity is null) throw new global::System.ArgumentNullException(nameof(entity));");
            if (s.AutoKey)
            {
                w.Open($"if (entity.{s.Key.Identifier} == 0)");
                w.Line(isAsync ? "await InsertAsync(entity, cancellationToken)" + Await + ";" : "Insert(entity);");
                w.Line("return;");
                w.Close();
            }
        }

        private static void EmitUpsert(SourceWriter w, Shape s)
        {
            var e = s.Entity;
            w.Open($"private {Sqlite}SqliteCommand BindUpsert({s.Type} entity)");
            w.Line($"var command = Command(ref _upsert, UpsertSql, {e.Columns.Length});");
            BindMembers(w, e, e.Columns);
            w.Line("return command;");
            w.Close();
            w.Line();
            foreach (var isAsync in new[] { false, true })
            {
                OpenUpsert(w, s, isAsync);
                BeginOperation(w, "INSERT", s.Entity.TableName, "UpsertSql");
                w.Line(isAsync ? "await BindUpsert(entity).ExecuteNonQueryAsync(cancellationToken)" + Await + ";" : "BindUpsert(entity).ExecuteNonQuery();");
                EndOperation(w);
                w.Close();
                w.Line();
            }
        }

        private static void EmitDelete(SourceWriter w, Shape s)
        {
            w.Line("/// <summary>Deletes the row with this key; false when there was none.</summary>");
            Traced(w, s, "public bool Delete(" + s.KeyType + " id)", "DELETE", "DeleteSql", "return BindKey(ref _delete, DeleteSql, id).ExecuteNonQuery() > 0;");
            Traced(w, s, "public async " + Tasks + "Task<bool> DeleteAsync(" + s.KeyType + " id, " + Ct + " cancellationToken = default)", "DELETE", "DeleteSql",
                "return await BindKey(ref _delete, DeleteSql, id).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;");
        }

        private static void EmitCount(SourceWriter w, Shape s)
        {
            w.Line("/// <summary>The number of rows.</summary>");
            Traced(w, s, "public long Count()", "SELECT", "CountSql", "return (long)Command(ref _count, CountSql, 0).ExecuteScalar()!;");
            Traced(w, s, "public async " + Tasks + "Task<long> CountAsync(" + Ct + " cancellationToken = default)", "SELECT", "CountSql",
                "return (long)(await Command(ref _count, CountSql, 0).ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;");
        }
    }
}
