using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace OmniSqlite.Analyzers.Analyzers.Common
{
    /// <summary>A place in code where a database (or backup) path is handed to SQLite or OmniSqlite, with its folded value.</summary>
    internal readonly struct DatabasePathSite
    {
        public DatabasePathSite(IOperation value, string path)
        {
            Value = value;
            Path = path;
        }

        /// <summary>The operation that produces the text (where the diagnostic goes).</summary>
        public IOperation Value { get; }

        /// <summary>The path itself (the data source when the text is a connection string).</summary>
        public string Path { get; }
    }

    /// <summary>
    /// Finds the database paths that OSQL003 and OSQL004 look at: the <c>Data Source</c> of a connection string
    /// given to Microsoft.Data.Sqlite, OmniSqlite or EF Core's <c>UseSqlite</c>;
    /// <c>SqliteConnectionStringBuilder.DataSource</c>; and string paths given to OmniSqlite APIs (a parameter or
    /// property whose name says path, directory or file, such as <c>BackupOptions.Directory</c>).
    /// Only compile-time constant text is read.
    /// </summary>
    internal static class DatabasePathSites
    {
        /// <summary>
        /// Words (any case) one of which a code block's text holds when it may hand SQLite or OmniSqlite a path: the types
        /// and methods that take one (SqliteConnection, UseSqlite, the OmniSqlite types), or a path-named member or argument.
        /// </summary>
        public static readonly string[] Words = { "sqlite", "connection", "source", "path", "dir", "folder", "file", "backup", "restore", "replica" };

        /// <summary>
        /// The code block action OSQL003 and OSQL004 share: only blocks whose text holds one of <see cref="Words"/> are bound
        /// (<see cref="CodeBlockOperations"/> says why), and each argument, assignment and property initializer of them goes to
        /// <paramref name="analyze"/>.
        /// </summary>
        public static void RegisterBlocks(CompilationStartAnalysisContext start, Action<IOperation, AnalyzerOptions, Action<Diagnostic>> analyze)
        {
            var filter = new BlockFilter(StringComparison.OrdinalIgnoreCase);
            start.RegisterCodeBlockAction(block =>
            {
                if (!filter.Mentions(block.CodeBlock, Words, block.CancellationToken)) return;
                foreach (IOperation operation in CodeBlockOperations.All(block))
                {
                    if (operation.Kind is OperationKind.Argument or OperationKind.SimpleAssignment or OperationKind.PropertyInitializer)
                        analyze(operation, block.Options, block.ReportDiagnostic);
                }
            });
        }

        public static bool TryGetSite(IOperation operation, out DatabasePathSite site)
        {
            site = default;
            IOperation? value;
            bool isConnectionString;
            switch (operation)
            {
                case IArgumentOperation { Parameter: { } parameter } argument when IsStringParameter(parameter):
                    value = argument.Value;
                    if (!TryClassifyParameter(parameter, out isConnectionString)) return false;
                    break;
                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property: { } property } } assignment
                    when property.Type.SpecialType == SpecialType.System_String:
                    value = assignment.Value;
                    if (!TryClassifyProperty(property, out isConnectionString)) return false;
                    break;
                case IPropertyInitializerOperation { InitializedProperties: { Length: 1 } initialized } initializer
                    when initialized[0].Type.SpecialType == SpecialType.System_String:
                    // An options class's default (public string ConnectionString { get; set; } = "Data Source=app.db";):
                    // its name says what it holds, and only text that is plainly SQLite's counts (a SQL Server default is not).
                    return TryGetDefault(initializer.Value, initialized[0].Name, out site);
                default:
                    return false;
            }

            string? text = ConstantText.TryFold(value);
            if (text is null) return false;

            string? path = text;
            if (isConnectionString)
            {
                path = DatabasePaths.GetDataSource(text, out bool inMemory);
                if (path is null || inMemory) return false;
            }

            site = new DatabasePathSite(value, path);
            return true;
        }

        private static bool TryGetDefault(IOperation value, string name, out DatabasePathSite site)
        {
            site = default;
            string? text = ConstantText.TryFold(value);
            if (text is null) return false;
            string? path = null;
            if (name.EndsWith("ConnectionString", StringComparison.OrdinalIgnoreCase)) path = AppSettingsPaths.SqliteDataSource(text, ours: false);
            else if (NamesAPath(name) && AppSettingsPaths.HasSqliteExtension(text)) path = text;
            if (path is null) return false;
            site = new DatabasePathSite(value, path);
            return true;
        }

        private static bool IsStringParameter(IParameterSymbol parameter) => parameter.Type.SpecialType == SpecialType.System_String;

        private static bool TryClassifyParameter(IParameterSymbol parameter, out bool isConnectionString)
        {
            isConnectionString = false;
            if (parameter.ContainingSymbol is not IMethodSymbol method) return false;
            INamedTypeSymbol? type = method.ContainingType;
            bool sqlite = SqliteNames.IsInNamespace(type, SqliteNames.SqliteNamespace);
            bool omni = SqliteNames.IsInNamespace(type, SqliteNames.OmniSqliteNamespace);
            bool efCore = method.Name == "UseSqlite";
            if (!sqlite && !omni && !efCore) return false;

            if (string.Equals(parameter.Name, "connectionString", StringComparison.OrdinalIgnoreCase))
            {
                isConnectionString = true;
                return true;
            }

            return omni && NamesAPath(parameter.Name);
        }

        private static bool TryClassifyProperty(IPropertySymbol property, out bool isConnectionString)
        {
            isConnectionString = false;
            INamedTypeSymbol? type = property.ContainingType;
            bool sqlite = SqliteNames.IsInNamespace(type, SqliteNames.SqliteNamespace);
            bool omni = SqliteNames.IsInNamespace(type, SqliteNames.OmniSqliteNamespace);
            if (!sqlite && !omni) return false;

            if (property.Name == "ConnectionString")
            {
                isConnectionString = true;
                return true;
            }

            if (sqlite) return property.Name == "DataSource" && type?.Name == "SqliteConnectionStringBuilder";
            return NamesAPath(property.Name);
        }

        /// <summary>A name that ends in path, directory, dir, folder or file (<c>databasePath</c>, <c>Directory</c>, <c>backupFile</c>).</summary>
        private static bool NamesAPath(string name)
        {
            foreach (string suffix in new[] { "path", "directory", "dir", "folder", "file" })
            {
                if (name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)) return true;
            }

            return false;
        }
    }
}
