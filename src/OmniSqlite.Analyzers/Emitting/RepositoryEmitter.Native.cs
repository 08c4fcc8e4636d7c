using System.Collections.Generic;
using System.Globalization;
using System.Linq;
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
            EmitInsertMany(w, s);
            foreach (var isAsync in new[] { false, true })
            {
                if (!isAsync) w.Line("/// <summary>The entity with this key, or null.</summary>");
                NativeTraced(w, s, isAsync, s.Type + "?", "GetById", s.KeyType + " id", "SELECT", "GetByIdSql", "GetById", ValueCode.BindNative(s.Key, "id", St, "0") + "\nreturn " + St + ".Step() ? Read(" + St + ") : null;");
            }
            foreach (var isAsync in new[] { false, true })
            {
                if (!isAsync) w.Line("/// <summary>Every row of the table.</summary>");
                NativeTraced(w, s, isAsync, s.List, "GetAll", "", "SELECT", "SelectSql", "GetAll", "return ReadAll(" + St + ");");
            }
            if (s.NonKey.Count > 0)
            {
                w.Open("private static void BindUpdate(" + NativeStatement + " " + St + ", " + s.Type + " entity)");
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
            foreach (var isAsync in new[] { false, true })
            {
                if (!isAsync) w.Line("/// <summary>Deletes the row with this key; false when there was none.</summary>");
                NativeTraced(w, s, isAsync, "bool", "Delete", s.KeyType + " id", "DELETE", "DeleteSql", "Delete", ValueCode.BindNative(s.Key, "id", St, "0") + "\nreturn " + St + ".Execute() > 0;");
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
            w.Line("private static readonly " + NativeSql + " " + NativeField(name) + " = new " + NativeSql + "(" + sqlConstant + names + ");");
        }

        /// <summary>A public method (sync or async twin) whose traced body runs with <c>statement</c> rented for <paramref name="statementName"/>.</summary>
        private static void NativeTraced(SourceWriter w, Shape s, bool isAsync, string returnType, string name, string parameters, string operation, string sqlConstant, string statementName, string body, string? nullCheck = null)
        {
            string ct = isAsync ? Ct + " cancellationToken = default" : "";
            string all = parameters.Length == 0 ? ct : ct.Length == 0 ? parameters : parameters + ", " + ct;
            string signature = isAsync
                ? "public async " + Tasks + (returnType == "void" ? "Task" : "Task<" + returnType + ">") + " " + name + "Async(" + all + ")"
                : "public " + returnType + " " + name + "(" + all + ")";
            w.Open(signature);
            if (nullCheck != null) w.Line("if (" + nullCheck + " is null) throw new global::System.ArgumentNullException(nameof(" + nullCheck + "));");
            BeginOperation(w, operation, s.Entity.TableName, sqlConstant);
            w.Open("using (var " + St + " = Rent(" + NativeField(statementName) + ", " + (isAsync ? "cancellationToken" : "default") + "))");
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
            w.Open("private static void BindInsert(" + NativeStatement + " " + St + ", " + s.Type + " entity)");
            BindNativeMembers(w, e, e.Columns, 0);
            w.Close();
            w.Line();
            if (!s.AutoKey)
            {
                foreach (var isAsync in new[] { false, true })
                {
                    if (!isAsync) w.Line("/// <summary>Inserts the entity.</summary>");
                    NativeTraced(w, s, isAsync, "void", "Insert", s.Type + " entity", "INSERT", "InsertSql", "Insert", "BindInsert(" + St + ", entity);\n" + St + ".Execute();", nullCheck: "entity");
                }
                return;
            }
            w.Open("private static void BindInsertGeneratedKey(" + NativeStatement + " " + St + ", " + s.Type + " entity)");
            BindNativeMembers(w, e, s.NonKey, 0);
            w.Close();
            w.Line();

            string noKey = "throw new global::System.InvalidOperationException(\"INSERT INTO " + CodeText.StringContent(e.TableName) + " returned no key.\");";
            string setKey = key.Setter == MemberSetter.Settable ? "entity." + key.Identifier + " = (" + key.TypeName + ")id;" : "";
            foreach (var isAsync in new[] { false, true })
            {
                if (!isAsync) w.Line("/// <summary>Inserts the entity. A key of 0 lets SQLite assign one; the key is returned" + (setKey.Length > 0 ? " and set on the entity" : "") + ".</summary>");
                string ct = isAsync ? "cancellationToken" : "default";
                w.Open(isAsync
                    ? "public async " + Tasks + "Task<long> InsertAsync(" + s.Type + " entity, " + Ct + " cancellationToken = default)"
                    : "public long Insert(" + s.Type + " entity)");
                w.Line("if (entity is null) throw new global::System.ArgumentNullException(nameof(entity));");
                BeginOperation(w, "INSERT", e.TableName, "InsertSql");
                w.Line("long id;");
                w.Open("if (entity." + key.Identifier + " == 0)");
                w.Open("using (var " + St + " = Rent(" + NativeField("InsertGeneratedKey") + ", " + ct + "))");
                w.Line("BindInsertGeneratedKey(" + St + ", entity);");
                // RETURNING brings the key back as on the ADO.NET path (same SQL text for telemetry and the analyzers).
                w.Line("if (!" + St + ".Step()) " + noKey);
                w.Line("id = " + St + ".GetInt64(0);");
                w.Close();
                w.Close();
                w.Open("else");
                w.Open("using (var " + St + " = Rent(" + NativeField("Insert") + ", " + ct + "))");
                w.Line("BindInsert(" + St + ", entity);");
                w.Line("if (!" + St + ".Step()) " + noKey);
                w.Line("id = " + St + ".GetInt64(0);");
                w.Close();
                w.Close();
                if (setKey.Length > 0) w.Line(setKey);
                w.Line("return id;");
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
                w.Open("using (var " + St + " = Rent(" + NativeField("Upsert") + ", " + (isAsync ? "cancellationToken" : "default") + "))");
                w.Line("BindInsert(" + St + ", entity);");
                w.Line(St + ".Execute();");
                w.Close();
                EndOperation(w);
                w.Close();
                w.Line();
            }
        }

        private static void EmitNativeFinder(SourceWriter w, Shape s, Finder f)
        {
            var names = ParameterNames(f.Columns);
            string parameters = string.Join(", ", f.Columns.Select((c, i) => ValueCode.CsType(c) + " " + names[i]));
            var binds = string.Join("\n", f.Columns.Select((c, i) => ValueCode.BindNative(c, names[i], St, i.ToString(CultureInfo.InvariantCulture))));
            foreach (var isAsync in new[] { false, true })
            {
                if (!isAsync) w.Line("/// <summary>Rows where " + CodeText.Xml(string.Join(" and ", f.Columns.Select(c => c.ColumnName))) + " equal the arguments; served by index " + CodeText.Xml(f.IndexName) + ".</summary>");
                NativeTraced(w, s, isAsync, s.List, f.Name, parameters, "SELECT", f.Name + "Sql", f.Name, binds + "\nreturn ReadAll(" + St + ");");
            }
        }
    }
}
