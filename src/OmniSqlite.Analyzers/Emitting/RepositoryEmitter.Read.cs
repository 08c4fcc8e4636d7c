using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using OmniSqlite.Analyzers.Model;

namespace OmniSqlite.Analyzers.Emitting
{
    /// <summary>GetById, GetAll, FindBy (indexed by construction) and the ordinal row reader.</summary>
    internal static partial class RepositoryEmitter
    {
        private static void EmitGetById(SourceWriter w, Shape s)
        {
            w.Line("/// <summary>The entity with this key, or null.</summary>");
            Traced(w, s, "public " + s.Type + "? GetById(" + s.KeyType + " id)", "SELECT", "GetByIdSql", """
                using (var reader = BindKey(ref _getById, GetByIdSql, id).ExecuteReader(global::System.Data.CommandBehavior.SingleRow))
                    return reader.Read() ? Read(reader) : null;
                """);
            Traced(w, s, "public async " + Tasks + "Task<" + s.Type + "?> GetByIdAsync(" + s.KeyType + " id, " + Ct + " cancellationToken = default)", "SELECT", "GetByIdSql", """
                using (var reader = await BindKey(ref _getById, GetByIdSql, id).ExecuteReaderAsync(global::System.Data.CommandBehavior.SingleRow, cancellationToken).ConfigureAwait(false))
                    return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
                """);
        }

        private static void EmitGetAll(SourceWriter w, Shape s)
        {
            w.Line("/// <summary>Every row of the table.</summary>");
            Traced(w, s, "public " + s.List + " GetAll()", "SELECT", "SelectSql", "return ReadAll(Command(ref _getAll, SelectSql, 0));");
            Traced(w, s, "public async " + Tasks + "Task<" + s.List + "> GetAllAsync(" + Ct + " cancellationToken = default)", "SELECT", "SelectSql",
                "return await ReadAllAsync(Command(ref _getAll, SelectSql, 0), cancellationToken).ConfigureAwait(false);");
        }

        private static void EmitFinder(SourceWriter w, Shape s, Finder f)
        {
            var names = ParameterNames(f.Columns);
            string parameters = string.Join(", ", f.Columns.Select((c, i) => ValueCode.CsType(c) + " " + names[i]));
            string arguments = string.Join(", ", names);
            w.Open($"private {Sqlite}SqliteCommand Bind{f.Name}({parameters})");
            w.Line($"var command = Command(ref {f.Slot}, {f.Name}Sql, {f.Columns.Count});");
            for (int i = 0; i < f.Columns.Count; i++) w.Line($"command.Parameters[{i}].Value = {ValueCode.Bind(f.Columns[i], names[i])};");
            w.Line("return command;");
            w.Close();
            w.Line();
            w.Line($"/// <summary>Rows where {CodeText.Xml(string.Join(" and ", f.Columns.Select(c => c.ColumnName)))} equal the arguments; served by index {CodeText.Xml(f.IndexName)}.</summary>");
            Traced(w, s, "public " + s.List + " " + f.Name + "(" + parameters + ")", "SELECT", f.Name + "Sql", "return ReadAll(Bind" + f.Name + "(" + arguments + "));");
            Traced(w, s, "public async " + Tasks + "Task<" + s.List + "> " + f.Name + "Async(" + parameters + ", " + Ct + " cancellationToken = default)", "SELECT", f.Name + "Sql",
                "return await ReadAllAsync(Bind" + f.Name + "(" + arguments + "), cancellationToken).ConfigureAwait(false);");
        }

        /// <summary>The row reader over a <c>SqliteDataReader</c> (public) or, on the native path, over a <c>NativeStatement</c>: the same text, the same getters.</summary>
        private static void EmitRead(SourceWriter w, Shape s, bool native = false)
        {
            w.Line("/// <summary>Materializes the current row; columns are in <see cref=\"SelectSql\"/> order.</summary>");
            w.Open(native ? "private static " + s.Type + " Read(" + NativeStatement + " reader)" : "public static " + s.Type + " Read(" + Sqlite + "SqliteDataReader reader)");
            var columns = s.Entity.Columns;
            // Constructor arguments in parameter order (columns sharing a parameter in column order, as a stable sort), the
            // other members as initializers.
            var ctorArgs = new StringBuilder();
            int lastParameter = -1, inits = 0;
            foreach (var c in columns) { lastParameter = System.Math.Max(lastParameter, c.ConstructorIndex); if (c.ConstructorIndex < 0) inits++; }
            for (int parameter = 0; parameter <= lastParameter; parameter++)
                for (int i = 0; i < columns.Length; i++)
                    if (columns[i].ConstructorIndex == parameter)
                        ctorArgs.Append(ctorArgs.Length > 0 ? ", " : "").Append(ValueCode.Read(columns[i], "reader", i, native));
            if (!native) w.Line("if (reader is null) throw new global::System.ArgumentNullException(nameof(reader));");
            if (inits == 0) w.Line($"return new {s.Type}({ctorArgs.ToString()});");
            else
            {
                w.Line($"return new {s.Type}({ctorArgs.ToString()})");
                w.Line("{");
                for (int i = 0; i < columns.Length; i++)
                    if (columns[i].ConstructorIndex < 0) w.Line($"    {columns[i].Identifier} = {ValueCode.Read(columns[i], "reader", i, native)},");
                w.Line("};");
            }
            w.Close();
            w.Line();

        }

        internal sealed class Finder
        {
            public Finder(string name, string indexName, List<ColumnModel> columns) { Name = name; IndexName = indexName; Columns = columns; }
            public string Name { get; }
            /// <summary>The command field: <c>_findByClientId</c>.</summary>
            public string Slot => "_" + char.ToLowerInvariant(Name[0]) + Name.Substring(1);
            public string IndexName { get; }
            public List<ColumnModel> Columns { get; }
        }

        /// <summary>FindBy methods: one per column that leads an index, one per composite index.</summary>
        internal static List<Finder> Finders(EntityModel e)
        {
            var result = new List<Finder>();
            var names = new HashSet<string>();
            foreach (var index in e.Indexes)
            {
                var columns = index.ColumnNames.Select(n => e.Columns.First(c => c.ColumnName == n)).ToList();
                var lead = new List<ColumnModel> { columns[0] };
                var name = "FindBy" + columns[0].PropertyName;
                if (names.Add(name)) result.Add(new Finder(name, index.Name, lead));
                if (columns.Count > 1)
                {
                    var composite = "FindBy" + string.Join("And", columns.Select(c => c.PropertyName));
                    if (names.Add(composite)) result.Add(new Finder(composite, index.Name, columns));
                }
            }
            return result;
        }

        /// <summary>Names the generated FindBy methods use themselves: a member-derived parameter must not take them (CS0136).</summary>
        private static readonly HashSet<string> s_generatedNames = new HashSet<string> { "command", "cancellationToken", "statement", OperationLocal, ErrorLocal };

        /// <summary>FindBy parameter names: camelCase of the members, <c>@</c> for keywords, "Value" appended when it would be a generated name, unique.</summary>
        internal static List<string> ParameterNames(List<ColumnModel> columns)
        {
            var names = new List<string>();
            foreach (var c in columns)
            {
                var name = char.ToLowerInvariant(c.PropertyName[0]) + c.PropertyName.Substring(1);
                if (s_generatedNames.Contains(name)) name += "Value";
                var unique = name;
                for (int n = 2; names.Contains(unique) || names.Contains("@" + unique); n++) unique = name + n.ToString(CultureInfo.InvariantCulture);
                names.Add(Parsing.Naming.Identifier(unique));
            }
            return names;
        }
    }
}
