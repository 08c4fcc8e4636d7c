using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using OmniSqlite.Analyzers.Model;

namespace OmniSqlite.Analyzers.Emitting
{
    /// <summary>
    /// The native path of a repository (the default; <c>[assembly: OmniSqliteGeneration(DataPath = DataPath.AdoNet)]</c>
    /// keeps the ADO.NET one): each SQL constant gets a static <c>NativeSql</c>, each call rents the statement prepared
    /// once per native connection, binds typed values with <see cref="ValueCode.BindNative(ColumnModel, string, string, string, string?)"/>
    /// and reads rows with the same getters as the ADO.NET row reader. Same public surface, same telemetry.
    /// </summary>
    internal static partial class RepositoryEmitter
    {
        internal const string NativeStatement = "global::OmniSqlite.Native.NativeStatement";
        private const string NativeSql = "global::OmniSqlite.Native.NativeSql";
        private const string St = "statement";

        private static void EmitNative(SourceWriter w, Shape s)
        {
            var e = s.Entity;
            EmitNativeSql(w, "Insert", "InsertSql", e.Columns.Length);
            if (s.AutoKey) EmitNativeSql(w, "InsertGeneratedKey", "InsertGeneratedKeySql", s.NonKey.Count);
            EmitNativeSql(w, "GetById", "GetByIdSql", 1);
            EmitNativeSql(w, "GetAll", "SelectSql", 0);
            if (s.NonKey.Count > 0) EmitNativeSql(w, "Update", "UpdateSql", s.NonKey.Count + 1);
            EmitNativeSql(w, "Upsert", "UpsertSql", e.Columns.Length);
            EmitNativeSql(w, "Delete", "DeleteSql", 1);
            EmitNativeSql(w, "Count", "CountSql", 0);
            foreach (var f in s.Finders) EmitNativeSql(w, f.Name, f.Name + "Sql", f.Columns.Count);
            w.Line();
            EmitConstruction(w, s);
            w.WriteLine($$"""
                private {{NativeStatement}} Rent({{NativeSql}} sql, {{Ct}} cancellationToken)
                    => {{NativeStatement}}.Rent(_connection, Transaction, sql, cancellationToken);

                """);

            EmitNativeInsert(w, s);
            // Signature parts and bodies once for both twins.
            string nullable = s.Type + "?", idParameter = s.KeyType + " id", bindId = ValueCode.BindNative(s.Key, "id", St, "0");
            string getById = bindId + "\nreturn " + St + ".Step() ? Read(" + St + ") : null;";
            foreach (var isAsync in new[] { false, true })
            {
                if (!isAsync) w.Line("/// <summary>The entity with this key, or null.</summary>");
                NativeTraced(w, s, isAsync, nullable, "GetById", idParameter, "SELECT", "GetByIdSql", "GetById", getById);
            }
            foreach (var isAsync in new[] { false, true })
            {
                if (!isAsync) w.Line("/// <summary>Every row of the table.</summary>");
                NativeTraced(w, s, isAsync, s.List, "GetAll", "", "SELECT", "SelectSql", "GetAll", "return ReadAll(" + St + ");");
            }
            if (s.NonKey.Count > 0)
            {
                w.Open($"private static void BindUpdate({NativeStatement} {St}, {s.Type} entity)");
                BindNativeMembers(w, e, s.NonKey, 0);
                w.Line(ValueCode.BindNative(s.Key, "entity." + s.Key.Identifier, St, s.NonKey.Count.ToString(CultureInfo.InvariantCulture)));
                w.Close();
                w.Line();
                foreach (var isAsync in new[] { false, true })
                {
                    if (!isAsync) w.Line("/// <summary>Updates every column of the row with the entity's key; false when no such row exists.</summary>");
                    NativeTraced(w, s, isAsync, "bool", "Update", s.Type + " entity", "UPDATE", "UpdateSql", "Update", "BindUpdate(" + St + ", entity);\nreturn " + St + ".Execute() > 0;", nullCheck: "entity");
                }
            }
            EmitNativeUpsert(w, s);
            string delete = bindId + "\nreturn " + St + ".Execute() > 0;";
            foreach (var isAsync in new[] { false, true })
            {
                if (!isAsync) w.Line("/// <summary>Deletes the row with this key; false when there was none.</summary>");
                NativeTraced(w, s, isAsync, "bool", "Delete", idParameter, "DELETE", "DeleteSql", "Delete", delete);
            }
            foreach (var isAsync in new[] { false, true })
            {
                if (!isAsync) w.Line("/// <summary>The number of rows.</summary>");
                NativeTraced(w, s, isAsync, "long", "Count", "", "SELECT", "CountSql", "Count", St + ".Step();\nreturn " + St + ".GetInt64(0);");
            }
            foreach (var f in s.Finders) EmitNativeFinder(w, s, f);

            w.WriteLine($$"""
                private static {{s.List}} ReadAll({{NativeStatement}} statement)
                {
                    var list = new {{s.List}}();
                    while (statement.Step()) list.Add(Read(statement));
                    return list;
                }

                """);
            EmitRead(w, s);
            EmitRead(w, s, native: true);
            w.Line("/// <summary>Nothing to release: the statements belong to the native connection and are finalized when it closes.</summary>");
            w.Line("public void Dispose() { }");
        }

        private static string NativeField(string name) => "s_" + char.ToLowerInvariant(name[0]) + name.Substring(1) + "Native";

        private static void EmitNativeSql(SourceWriter w, string name, string sqlConstant, int parameters)
        {
            var names = string.Concat(Enumerable.Range(0, parameters).Select(i => ", \"@p" + i.ToString(CultureInfo.InvariantCulture) + "\""));
            w.Line($"private static readonly {NativeSql} {NativeField(name)} = new {NativeSql}({sqlConstant}{names});");
        }

        /// <summary>A public method (sync or async twin) whose traced body runs with <c>statement</c> rented for <paramref name="statementName"/>.</summary>
        private static void NativeTraced(SourceWriter w, Shape s, bool isAsync, string returnType, string name, string parameters, string operation, string sqlConstant, string statementName, string body, string? nullCheck = null)
        {
            string comma = parameters.Length == 0 ? "" : ", ";
            if (!isAsync) w.Open($"public {returnType} {name}({parameters})");
            else if (returnType == "void") w.Open($"public async {Tasks}Task {name}Async({parameters}{comma}{Ct} cancellationToken = default)");
            else w.Open($"public async {Tasks}Task<{returnType}> {name}Async({parameters}{comma}{Ct} cancellationToken = default)");
            if (nullCheck != null) w.Line($"if ({nullCheck} is null) throw new global::System.ArgumentNullException(nameof({nullCheck}));");
            BeginOperation(w, operation, s.Entity.TableName, sqlConstant);
            w.Open($"using (var {St} = Rent({NativeField(statementName)}, {(isAsync ? "cancellationToken" : "default")}))");
            w.WriteLine(body);
            w.Close();
            EndOperation(w);
            w.Close();
            w.Line();
        }

        /// <summary>One bind statement per member, slots from <paramref name="first"/>; written values are checked (NaN, lone surrogates).</summary>
        private static void BindNativeMembers(SourceWriter w, EntityModel e, IEnumerable<ColumnModel> columns, int first)
        {
            int i = first;
            foreach (var c in columns)
                w.Line(ValueCode.BindNative(c, "entity." + c.Identifier, St, (i++).ToString(CultureInfo.InvariantCulture), Stored(e, c)));
        }

        private static void EmitNativeInsert(SourceWriter w, Shape s)
        {
            var e = s.Entity;
            var key = s.Key;
            string ct = Ct;
            string statementType = NativeStatement + "?";
            w.Open($"private static void BindInsert({NativeStatement} {St}, {s.Type} entity)");
            BindNativeMembers(w, e, e.Columns, 0);
            w.Close();
            w.Line();
            // Insert and InsertMany share InsertRow: InsertMany rents the statements once and runs them once per row (no
            // lookup, span or transaction per row); a single Insert rents, runs and returns them.
            string rows = s.AutoKey ? "ref generatedKey, ref withKey" : "ref withKey";
            string declare = s.AutoKey ? statementType + " generatedKey = null, withKey = null;" : statementType + " withKey = null;";
            string release = s.AutoKey ? "generatedKey?.Dispose();\nwithKey?.Dispose();" : "withKey?.Dispose();";
            if (!s.AutoKey)
            {
                w.Line("/// <summary>One row on the rented insert statement (rented on first use), left reset for the next row.</summary>");
                w.Open($"private void InsertRow({s.Type} entity, ref {statementType} withKey, {ct} cancellationToken)");
                w.Line("if (entity is null) throw new global::System.ArgumentNullException(nameof(entity));");
                w.Line($"var {St} = withKey ??= Rent({NativeField("Insert")}, cancellationToken);");
                w.Line($"BindInsert({St}, entity);");
                w.Line($"{St}.Execute();");
                w.Line($"{St}.Reset();");
                w.Close();
                w.Line();
            }
            else
            {
                w.Open($"private static void BindInsertGeneratedKey({NativeStatement} {St}, {s.Type} entity)");
                BindNativeMembers(w, e, s.NonKey, 0);
                w.Close();
                w.Line();

                string noKey = "throw new global::System.InvalidOperationException(\"INSERT INTO " + CodeText.StringContent(e.TableName) + " returned no key.\");";
                // An INTEGER PRIMARY KEY is the rowid: sqlite3_last_insert_rowid; other integer keys come back through RETURNING.
                string run = s.RowidKey
                    ? "if (!" + St + ".ExecuteInsert(out id)) " + noKey
                    : "if (!" + St + ".Step()) " + noKey + "\nid = " + St + ".GetInt64(0);\nwhile (" + St + ".Step()) { }";   // to SQLITE_DONE: only then does SQLite run the WAL hook (wal_autocheckpoint)
                w.Line($"/// <summary>One row on the rented insert statements (rented on first use), left reset for the next row; returns the key{(key.Setter == MemberSetter.Settable ? " and sets it on the entity" : "")}.</summary>");
                w.Open($"private long InsertRow({s.Type} entity, ref {statementType} generatedKey, ref {statementType} withKey, {ct} cancellationToken)");
                w.Line("if (entity is null) throw new global::System.ArgumentNullException(nameof(entity));");
                w.Line("long id;");
                w.Line($"{NativeStatement} {St};");
                w.Open($"if (entity.{key.Identifier} == 0)");
                w.Line($"{St} = generatedKey ??= Rent({NativeField("InsertGeneratedKey")}, cancellationToken);");
                w.Line($"BindInsertGeneratedKey({St}, entity);");
                w.Close();
                w.Open("else");
                w.Line($"{St} = withKey ??= Rent({NativeField("Insert")}, cancellationToken);");
                w.Line($"BindInsert({St}, entity);");
                w.Close();
                w.WriteLine(run);
                w.Line($"{St}.Reset();");
                if (key.Setter == MemberSetter.Settable) w.Line($"entity.{key.Identifier} = ({key.TypeName})id;");
                w.Line("return id;");
                w.Close();
                w.Line();
            }

            foreach (var isAsync in new[] { false, true })
            {
                string token = isAsync ? "cancellationToken" : "default";
                if (!isAsync) w.Line(s.AutoKey
                    ? "/// <summary>Inserts the entity. A key of 0 lets SQLite assign one; the key is returned" + (key.Setter == MemberSetter.Settable ? " and set on the entity" : "") + ".</summary>"
                    : "/// <summary>Inserts the entity.</summary>");
                string result = s.AutoKey ? "long" : "void";
                w.Open(isAsync
                    ? "public async " + Tasks + (s.AutoKey ? "Task<long>" : "Task") + " InsertAsync(" + s.Type + " entity, " + Ct + " cancellationToken = default)"
                    : "public " + result + " Insert(" + s.Type + " entity)");
                w.Line("if (entity is null) throw new global::System.ArgumentNullException(nameof(entity));");
                BeginOperation(w, "INSERT", e.TableName, "InsertSql");
                w.Line(declare);
                w.Open("try");
                w.Line($"{(s.AutoKey ? "return " : "")}InsertRow(entity, {rows}, {token});");
                w.Close();
                w.Open("finally");
                w.WriteLine(release);
                w.Close();
                EndOperation(w);
                w.Close();
                w.Line();
            }

            foreach (var isAsync in new[] { false, true })
            {
                string token = isAsync ? "cancellationToken" : "default";
                if (!isAsync) w.Line("/// <summary>Inserts all entities in one write transaction (BEGIN IMMEDIATE, a write scope on the native handle), unless a transaction is already set, with the insert statement rented once and run once per row.</summary>");
                w.Open(isAsync
                    ? "public async " + Tasks + "Task<int> InsertManyAsync(global::System.Collections.Generic.IEnumerable<" + s.Type + "> entities, " + Ct + " cancellationToken = default)"
                    : "public int InsertMany(global::System.Collections.Generic.IEnumerable<" + s.Type + "> entities)");
                w.Line("if (entities is null) throw new global::System.ArgumentNullException(nameof(entities));");
                BeginOperation(w, "INSERT", e.TableName, "InsertSql");
                // A write transaction on the native handle, not a SqliteTransaction: Microsoft.Data.Sqlite prepares its BEGIN
                // and COMMIT again on every call (about 5 us and 1.2 KB); the statements run inside it with no transaction set.
                w.Line("var owned = Transaction is null && global::OmniSqlite.Native.NativeWriteTransaction.Begin(_connection);");
                w.Line(declare);
                w.Open("try");
                w.Line("var count = 0;");
                // Lists and arrays by index: foreach over IEnumerable<T> would box the list's enumerator.
                w.Open($"if (entities is global::System.Collections.Generic.IList<{s.Type}> list)");
                w.Line($"for (; count < list.Count; count++) InsertRow(list[count], {rows}, {token});");
                w.Close();
                w.Open("else");
                w.Open("foreach (var entity in entities)");
                w.Line($"InsertRow(entity, {rows}, {token});");
                w.Line("count++;");
                w.Close();
                w.Close();
                w.Open("if (owned)");
                w.Line("global::OmniSqlite.Native.NativeWriteTransaction.Commit(_connection);");
                w.Line("owned = false;");
                w.Close();
                w.Line("return count;");
                w.Close();
                w.Open("finally");
                // The statements first: the rollback of a failed batch then finds none of them mid-step.
                w.WriteLine(release);
                w.Line("if (owned) global::OmniSqlite.Native.NativeWriteTransaction.Rollback(_connection);");
                w.Close();
                EndOperation(w);
                w.Close();
                w.Line();
            }
        }

        private static void EmitNativeUpsert(SourceWriter w, Shape s)
        {
            foreach (var isAsync in new[] { false, true })
            {
                OpenUpsert(w, s, isAsync);
                BeginOperation(w, "INSERT", s.Entity.TableName, "UpsertSql");
                w.Open($"using (var {St} = Rent({NativeField("Upsert")}, {(isAsync ? "cancellationToken" : "default")}))");
                w.Line($"BindInsert({St}, entity);");
                w.Line($"{St}.Execute();");
                w.Close();
                EndOperation(w);
                w.Close();
                w.Line();
            }
        }

        private static void EmitNativeFinder(SourceWriter w, Shape s, Finder f)
        {
            var names = ParameterNames(f.Columns);
            // Parameters and body once for both twins.
            var parameters = new StringBuilder();
            var body = new StringBuilder();
            for (int i = 0; i < f.Columns.Count; i++)
            {
                if (i > 0) parameters.Append(", ");
                parameters.Append(ValueCode.CsType(f.Columns[i])).Append(' ').Append(names[i]);
                body.Append(ValueCode.BindNative(f.Columns[i], names[i], St, i.ToString(CultureInfo.InvariantCulture))).Append('\n');
            }
            body.Append("return ReadAll(" + St + ");");
            string signature = parameters.ToString(), text = body.ToString(), sql = f.Name + "Sql";
            w.Line($"/// <summary>Rows where {CodeText.Xml(string.Join(" and ", f.Columns.Select(c => c.ColumnName)))} equal the arguments; served by index {CodeText.Xml(f.IndexName)}.</summary>");
            NativeTraced(w, s, false, s.List, f.Name, signature, "SELECT", sql, f.Name, text);
            NativeTraced(w, s, true, s.List, f.Name, signature, "SELECT", sql, f.Name, text);
        }
    }
}
