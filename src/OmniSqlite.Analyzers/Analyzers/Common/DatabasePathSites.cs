using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

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
        /// The code block action OSQL003 and OSQL004 share. Only a block that names a member a path can reach SQLite through
        /// is bound (<see cref="CodeBlockOperations"/> says why): a type, method or property of Microsoft.Data.Sqlite or
        /// OmniSqlite that takes a connection string or a path (<see cref="KnownApiNames"/>), <c>UseSqlite</c>, or a connection
        /// string keyword (an aliased <c>new Conn("Data Source=app.db")</c>); an options class's path or connection string
        /// default is its own block. Each argument, assignment and property initializer of a bound block goes to
        /// <paramref name="analyze"/>.
        /// </summary>
        public static void RegisterBlocks(CompilationStartAnalysisContext start, Action<IOperation, AnalyzerOptions, Action<Diagnostic>> analyze)
        {
            // Built here, once: a lazy value that the first code blocks race to build was built by each of the compiler's threads at once.
            var byName = new NameFilter(WithAliases(start.Compilation, start.CancellationToken));
            var byKeyword = new BlockFilter(StringComparison.OrdinalIgnoreCase);
            start.RegisterCodeBlockAction(block =>
            {
                TextSpan code = CodeBlockOperations.ExecutablePart(block.CodeBlock);
                if (!IsOptionsDefault(block.CodeBlock)
                    && !byName.Mentions(block.CodeBlock.SyntaxTree, code, block.CancellationToken)
                    && !byKeyword.Mentions(block.CodeBlock.SyntaxTree, code, s_connectionStringKeywords, block.CancellationToken)) return;
                foreach (IOperation operation in CodeBlockOperations.All(block))
                {
                    if (operation.Kind is OperationKind.Argument or OperationKind.SimpleAssignment or OperationKind.PropertyInitializer)
                        analyze(operation, block.Options, block.ReportDiagnostic);
                }
            });
        }

        // The keywords Microsoft.Data.Sqlite reads a database path from.
        private static readonly string[] s_connectionStringKeywords = { "data source", "datasource", "filename" };

        /// <summary>A string property with a default whose name says it holds a path or a connection string (<see cref="TryGetDefault"/>).</summary>
        private static bool IsOptionsDefault(SyntaxNode block)
            => block is PropertyDeclarationSyntax { Initializer: not null } property
               && (property.Identifier.ValueText.EndsWith("ConnectionString", StringComparison.OrdinalIgnoreCase) || NamesAPath(property.Identifier.ValueText));

        /// <summary>
        /// The names through which a path reaches SQLite or OmniSqlite (<see cref="ApiNamesFromMetadata"/> of Microsoft.Data.Sqlite
        /// and the OmniSqlite packages; a test keeps the two equal). Written out because reading them from metadata in each
        /// build cost more than the blocks the list spares.
        /// </summary>
        internal static readonly string[] KnownApiNames =
        {
            "AdviseAsync", "BackupDirectory", "BackupException", "BackupPath", "BackupVerificationException",
            "CanonicalPath", "Check", "ConnectionString", "DataSource", "DatabasePath", "Directory",
            "DirectoryReplicaDestination", "FileSystemCheck", "FindMount", "GetDatabaseName", "LogFile", "MetadataPath",
            "MigrateAsync", "Open", "OpenAsync", "Path", "ReplacedCopyPath", "Restore", "RestoreAsync",
            "RestoreRefusedException", "SourcePath", "SqliteConnection", "SqliteConnectionFactory",
            "SqliteConnectionStringBuilder", "SqliteReplica", "TargetPath", "UseSqlite", "VerifyAsync",
        };

        /// <summary><see cref="KnownApiNames"/> and the file-level aliases of them (<c>using Conn = Microsoft.Data.Sqlite.SqliteConnection;</c>).</summary>
        private static HashSet<string> WithAliases(Compilation compilation, System.Threading.CancellationToken cancellationToken)
        {
            var names = new HashSet<string>(KnownApiNames, StringComparer.Ordinal);
            // An alias of one of them is the name the code writes.
            foreach (SyntaxTree tree in compilation.SyntaxTrees)
            {
                if (tree.GetRoot(cancellationToken) is not CompilationUnitSyntax unit) continue;
                foreach (UsingDirectiveSyntax directive in unit.Usings)
                {
                    if (directive.Alias is { } alias && directive.Name is { } target && names.Contains(SqliteNames.RightmostName(target)))
                        names.Add(alias.Name.Identifier.ValueText);
                }
            }

            return names;
        }

        /// <summary>
        /// The names through which a path reaches SQLite or OmniSqlite, from the public types of both namespaces: a type whose
        /// constructor takes one (and an attribute's short name), a method with such a parameter, a string property
        /// <see cref="TryClassifyProperty"/> reads, and EF Core's <c>UseSqlite</c>. What <see cref="KnownApiNames"/> must hold.
        /// </summary>
        internal static HashSet<string> ApiNamesFromMetadata(Compilation compilation, System.Threading.CancellationToken cancellationToken)
        {
            var names = new HashSet<string>(StringComparer.Ordinal) { "UseSqlite" };
            var pending = new Stack<INamespaceOrTypeSymbol>();
            foreach (INamespaceSymbol top in compilation.GlobalNamespace.GetNamespaceMembers())
            {
                if (top.Name == SqliteNames.OmniSqliteNamespace) pending.Push(top);
                else if (top.Name == "Microsoft")
                {
                    foreach (INamespaceSymbol data in top.GetNamespaceMembers())
                    {
                        if (data.Name != "Data") continue;
                        foreach (INamespaceSymbol sqlite in data.GetNamespaceMembers())
                            if (sqlite.Name == "Sqlite") pending.Push(sqlite);
                    }
                }
            }

            while (pending.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                INamespaceOrTypeSymbol current = pending.Pop();
                if (current is INamespaceSymbol ns)
                {
                    foreach (INamespaceOrTypeSymbol member in ns.GetMembers()) pending.Push(member);
                    continue;
                }

                if (current is not INamedTypeSymbol type || type.DeclaredAccessibility != Accessibility.Public) continue;
                foreach (ISymbol member in type.GetMembers())
                {
                    switch (member)
                    {
                        case IMethodSymbol method when TakesAPath(method):
                            if (method.MethodKind == MethodKind.Constructor)
                            {
                                names.Add(type.Name);
                                if (type.Name.EndsWith("Attribute", StringComparison.Ordinal)) names.Add(type.Name.Substring(0, type.Name.Length - "Attribute".Length));
                            }
                            else names.Add(method.Name);
                            break;
                        case IPropertySymbol { Type.SpecialType: SpecialType.System_String } property when TryClassifyProperty(property, out _):
                            names.Add(property.Name);
                            break;
                        case INamedTypeSymbol nested:
                            pending.Push(nested);
                            break;
                    }
                }
            }

            return names;
        }

        private static bool TakesAPath(IMethodSymbol method)
        {
            if (method.DeclaredAccessibility != Accessibility.Public) return false;
            foreach (IParameterSymbol parameter in method.Parameters)
            {
                if (IsStringParameter(parameter) && TryClassifyParameter(parameter, out _)) return true;
            }

            return false;
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
