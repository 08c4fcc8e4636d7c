using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using OmniSqlite.Analyzers.Analyzers;
using OmniSqlite.Analyzers.Analyzers.Common;
using OmniSqlite.Analyzers.Emitting;
using OmniSqlite.Analyzers.Model;
using OmniSqlite.Analyzers.Parsing;

namespace OmniSqlite.Analyzers.Analysis
{
    /// <summary>
    /// What the SQL rules know about one compilation, built once in the analyzer's compilation-start action and shared by
    /// every SQL rule: the ADO.NET types, the schema (entities + CREATE statements in string literals + .sql AdditionalFiles),
    /// and analysis results per SQL text. No static cache and no lock: the state lives as long as the compilation's analysis.
    /// </summary>
    internal sealed class SqlCompilationState
    {
        private readonly Compilation _compilation;
        private readonly ConcurrentDictionary<(string Sql, bool UnknownTables), IReadOnlyList<SqlFinding>> _findings
            = new ConcurrentDictionary<(string, bool), IReadOnlyList<SqlFinding>>();

        private SqlCompilationState(Compilation compilation, SqlTypes types, SchemaModel schema)
        {
            _compilation = compilation;
            Types = types;
            Schema = schema;
            Sinks = new SqlSinks(compilation, this);
        }

        /// <summary>The project's own SQL helpers and the configured ones (omnisqlite.sql_methods).</summary>
        public SqlSinks Sinks { get; }

        public Compilation Compilation => _compilation;

        public SqlTypes Types { get; }

        /// <summary>The schema the SQL is checked against (this compilation's entities and CREATE statements).</summary>
        public SchemaModel Schema { get; }

        /// <summary>The state for this compilation, or null when Microsoft.Data.Sqlite is not referenced (the rules stay silent).</summary>
        public static SqlCompilationState? Create(Compilation compilation, AnalyzerOptions options, CancellationToken cancellationToken)
        {
            var types = SqlTypes.Create(compilation);
            if (types is null) return null;
            var statements = new List<(string Sql, SyntaxTree Tree)>();
            var state = new SqlCompilationState(compilation, types, BuildSchema(compilation, options.AdditionalFiles, statements, cancellationToken));
            state.AnalyzeAhead(statements, options, cancellationToken);
            return state;
        }

        /// <summary>
        /// The SQL in string literals analysed here, once, before any code block asks: one tight loop at compilation start
        /// costs a third of the same analyses spread over the code-block callbacks (in a build those run among the compiler's
        /// own threads, each one on cold caches). A callback whose text is found here only looks it up; SQL built any other
        /// way (concatenation, a constant elsewhere, lower-case keywords) is still analysed when a callback first asks.
        /// Literals that never reach a SQLite command are analysed for nothing (and never reported): a few microseconds each.
        /// </summary>
        private void AnalyzeAhead(List<(string Sql, SyntaxTree Tree)> statements, AnalyzerOptions options, CancellationToken cancellationToken)
        {
            foreach (var (sql, tree) in statements)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Analyze(sql, SqlAnalyzer.ReadBoolOption(options, tree, SqlAnalyzer.ReportUnknownTablesOption), cancellationToken);
            }
        }

        public IReadOnlyList<SqlFinding> Analyze(string sql, bool reportUnknownTables, CancellationToken cancellationToken)
            => _findings.GetOrAdd((sql, reportUnknownTables), key => SqlQueryAnalysis.Analyze(key.Sql, Schema, new SqlAnalysisOptions(key.UnknownTables)));

        /// <summary>For tests: whether this text's findings are already known (analysed ahead, or asked for before).</summary>
        internal bool IsAnalyzed(string sql, bool reportUnknownTables) => _findings.ContainsKey((sql, reportUnknownTables));

        private static SchemaModel BuildSchema(Compilation compilation, ImmutableArray<AdditionalText> additionalFiles, List<(string Sql, SyntaxTree Tree)> statements, CancellationToken cancellationToken)
        {
            var builder = new SchemaBuilder();
            // 1. This project's entities: from the manifest the generator wrote into this compilation (its resolved model),
            //    or, when the generator did not run (an analyzer-only build), by parsing the entity classes in source.
            bool manifest = AddOwnManifest(compilation, builder);
            var trees = new List<SyntaxTree>(compilation.SyntaxTrees);
            string[]? sources = null;
            if (!manifest)
            {
                // No manifest is also what a project without entities has: the semantic walk (the attributes of every type)
                // only runs when some file mentions the attributes at all ([Table], [PrimaryKey]; an alias of them is missed).
                sources = new string[trees.Count];
                bool mentioned = false;
                for (int i = 0; i < trees.Count; i++)
                {
                    sources[i] = trees[i].GetText(cancellationToken).ToString();
                    mentioned |= sources[i].IndexOf("Table", StringComparison.Ordinal) >= 0 || sources[i].IndexOf("PrimaryKey", StringComparison.Ordinal) >= 0;
                }
                if (mentioned) AddEntitiesFromSource(compilation, builder, cancellationToken);
            }
            // 2. CREATE TABLE / CREATE INDEX in string literals: a text search per file, then only the tokens at the hits.
            //    The generator's own files hold the DDL the manifest already gave (three times over: the manifest attribute,
            //    each entity's CreateTable/CreateIndexes and its index definitions): not read again. The same search
            //    collects the literals that start a query or a change, for AnalyzeAhead.
            for (int i = 0; i < trees.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (manifest && OwnGeneratedFiles.Contains(trees[i])) continue;
                var source = sources?[i] ?? trees[i].GetText(cancellationToken).ToString();
                foreach (var text in CreateStatementLiterals(trees[i], source, cancellationToken))
                    builder.AddSql(text.Value, LocationInfo.From(text.Location));
                foreach (var keyword in s_statementKeywords)
                    StatementLiterals(trees[i], source, keyword, statements, cancellationToken);
            }
            // 3. The schema recorded by the generator in each referenced assembly (a Domain project's entities).
            foreach (var ddl in ReferencedSchemas(compilation, cancellationToken))
                AddStatements(builder, ddl);
            // 4. .sql files passed as AdditionalFiles.
            foreach (var file in additionalFiles)
            {
                if (!file.Path.EndsWith(".sql", StringComparison.OrdinalIgnoreCase)) continue;
                var text = file.GetText(cancellationToken)?.ToString();
                builder.AddSql(text, null);
            }
            return builder.Build();
        }

        /// <summary>
        /// The schema and entity map the generator recorded in this compilation (SchemaManifestEmitter): false when there
        /// is none. Only what the generator resolved is used: no second walk over the entity classes.
        /// </summary>
        private static bool AddOwnManifest(Compilation compilation, SchemaBuilder builder)
        {
            string? ddl = null, entities = null;
            foreach (var attribute in compilation.Assembly.GetAttributes())
            {
                if (attribute.AttributeClass is not { Name: "AssemblyMetadataAttribute" } || attribute.ConstructorArguments.Length != 2) continue;
                var key = attribute.ConstructorArguments[0].Value as string;
                if (key == SchemaManifestEmitter.MetadataKey) ddl = attribute.ConstructorArguments[1].Value as string;
                else if (key == SchemaManifestEmitter.EntitiesKey) entities = attribute.ConstructorArguments[1].Value as string;
            }
            if (ddl is null || entities is null) return false;
            AddStatements(builder, ddl);
            foreach (var line in entities.Split('\n'))
            {
                var parts = line.Split('\t');
                if (parts.Length != 3) continue;
                var members = new List<KeyValuePair<string, string>>();
                foreach (var pair in parts[2].Split(','))
                {
                    var eq = pair.IndexOf('=');
                    if (eq > 0) members.Add(new KeyValuePair<string, string>(pair.Substring(0, eq), pair.Substring(eq + 1)));
                }
                builder.MapEntity(parts[0], parts[1], members);
            }
            return true;
        }

        /// <summary>
        /// A generator-written DDL script (one statement after another, no comments), added one statement at a time: the
        /// whole script of a large schema would be tokenized into one list big enough for the large-object heap, whose
        /// collections are the costliest thing an analyzer can cause in a compiler process.
        /// </summary>
        private static void AddStatements(SchemaBuilder builder, string ddl)
        {
            int start = 0;
            char quote = '\0';
            for (int i = 0; i < ddl.Length; i++)
            {
                char c = ddl[i];
                if (quote != '\0') { if (c == quote) quote = '\0'; continue; }
                if (c is '\'' or '"' or '`') quote = c;
                else if (c == '[') quote = ']';
                else if (c == ';')
                {
                    builder.AddSql(ddl.Substring(start, i + 1 - start), null);
                    start = i + 1;
                }
            }
            if (start < ddl.Length) builder.AddSql(ddl.Substring(start), null);
        }

        private static void AddEntitiesFromSource(Compilation compilation, SchemaBuilder builder, CancellationToken cancellationToken)
        {
            AssemblySettings? settings = null;
            foreach (var type in SourceTypes(compilation.Assembly.GlobalNamespace, cancellationToken))
            {
                try
                {
                    if (!EntityParser.IsEntity(type)) continue;
                    var parsed = EntityParser.Parse(type, cancellationToken);
                    if (parsed.Entity is null) continue;
                    settings ??= Naming.ReadSettings(compilation);
                    builder.AddEntity(Naming.Resolve(parsed.Entity, settings), parsed.Locations?.Type);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // An entity the generator cannot read is reported by the generator; here it only contributes nothing.
                }
            }
        }

        /// <summary>
        /// The DDL each referenced assembly carries as <c>[assembly: AssemblyMetadata("OmniSqlite.Schema", ...)]</c>
        /// (written by the generator, see SchemaManifestEmitter). Only assemblies that reference OmniSqlite are opened.
        /// </summary>
        private static IEnumerable<string> ReferencedSchemas(Compilation compilation, CancellationToken cancellationToken)
        {
            foreach (var reference in compilation.References)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (compilation.GetAssemblyOrModuleSymbol(reference) is not IAssemblySymbol assembly || !ReferencesOmniSqlite(assembly)) continue;
                foreach (var attribute in assembly.GetAttributes())
                {
                    if (attribute.AttributeClass is not { Name: "AssemblyMetadataAttribute" } || attribute.ConstructorArguments.Length != 2) continue;
                    if (attribute.ConstructorArguments[0].Value as string != SchemaManifestEmitter.MetadataKey) continue;
                    if (attribute.ConstructorArguments[1].Value is string ddl) yield return ddl;
                }
            }
        }

        private static bool ReferencesOmniSqlite(IAssemblySymbol assembly)
        {
            foreach (var module in assembly.Modules)
                foreach (var identity in module.ReferencedAssemblies)
                    if (identity.Name == "OmniSqlite") return true;
            return false;
        }

        /// <summary>
        /// The string literals of a file that contain "CREATE", found by searching the file's text and looking only at the
        /// token at each hit (no walk over every token of every file).
        /// </summary>
        private static IEnumerable<(string Value, Location Location)> CreateStatementLiterals(SyntaxTree tree, string source, CancellationToken cancellationToken)
        {
            foreach (var token in LiteralsHolding(tree, source, "CREATE", StringComparison.OrdinalIgnoreCase, cancellationToken))
                yield return (token.ValueText, token.GetLocation());
        }

        // Upper case only: "Select" and "Update" are everywhere in C# (LINQ, method names); SQL written in lower case is
        // analysed when a code block asks instead.
        private static readonly string[] s_statementKeywords = { "SELECT", "INSERT", "UPDATE", "DELETE" };

        /// <summary>
        /// The string literals of a file whose text starts with the keyword (after white space). Only the search for the
        /// keyword a literal starts with takes it, so each literal is collected once.
        /// </summary>
        private static void StatementLiterals(SyntaxTree tree, string source, string keyword, List<(string Sql, SyntaxTree Tree)> into, CancellationToken cancellationToken)
        {
            foreach (var token in LiteralsHolding(tree, source, keyword, StringComparison.Ordinal, cancellationToken))
            {
                var value = token.ValueText;
                int start = 0;
                while (start < value.Length && char.IsWhiteSpace(value[start])) start++;
                if (string.CompareOrdinal(value, start, keyword, 0, keyword.Length) == 0) into.Add((value, tree));
            }
        }

        /// <summary>
        /// The string literal tokens (regular, verbatim, raw) whose text holds <paramref name="word"/>: a search of the
        /// file's text, then only the token at each hit, each token once (a hit inside a token already seen is skipped).
        /// </summary>
        private static IEnumerable<SyntaxToken> LiteralsHolding(SyntaxTree tree, string source, string word, StringComparison comparison, CancellationToken cancellationToken)
        {
            SyntaxNode? root = null;
            int lastTokenEnd = -1;
            for (int hit = source.IndexOf(word, comparison); hit >= 0;
                 hit = source.IndexOf(word, Math.Max(hit + word.Length, lastTokenEnd), comparison))
            {
                root ??= tree.GetRoot(cancellationToken);
                var token = root.FindToken(hit, findInsideTrivia: false);
                lastTokenEnd = token.Span.End;
                if (!token.Span.Contains(hit)) continue; // in a comment or other trivia
                if (token.IsKind(SyntaxKind.StringLiteralToken) || token.IsKind(SyntaxKind.SingleLineRawStringLiteralToken)
                    || token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken))
                    yield return token;
            }
        }

        private static IEnumerable<INamedTypeSymbol> SourceTypes(INamespaceSymbol ns, CancellationToken cancellationToken)
        {
            var stack = new Stack<INamespaceOrTypeSymbol>();
            stack.Push(ns);
            while (stack.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var current = stack.Pop();
                foreach (var member in current.GetMembers())
                {
                    if (member is INamespaceSymbol child) stack.Push(child);
                    else if (member is INamedTypeSymbol type && type.Locations.Length > 0 && type.Locations[0].IsInSource)
                    {
                        yield return type;
                        stack.Push(type);
                    }
                }
            }
        }
    }

    /// <summary>The ADO.NET types the SQL rules look for, resolved once per compilation.</summary>
    internal sealed class SqlTypes
    {
        /// <summary>Assemblies of other ADO.NET providers: with one referenced, a command of unknown origin may not be SQLite.</summary>
        private static readonly string[] s_otherProviders =
        {
            "Microsoft.Data.SqlClient", "System.Data.SqlClient", "Npgsql", "MySqlConnector", "MySql.Data", "Oracle.ManagedDataAccess",
            "FirebirdSql.Data.FirebirdClient", "IBM.Data.Db2", "System.Data.Odbc", "System.Data.OleDb", "DuckDB.NET.Data",
            "Snowflake.Data", "ClickHouse.Client", "Teradata.Client.Provider",
        };

        public INamedTypeSymbol SqliteCommand { get; private set; } = null!;
        public INamedTypeSymbol? SqliteConnection { get; private set; }
        public INamedTypeSymbol? DbCommand { get; private set; }
        public INamedTypeSymbol? IDbCommand { get; private set; }
        public INamedTypeSymbol? DbConnection { get; private set; }
        public INamedTypeSymbol? IDbConnection { get; private set; }

        /// <summary>True when the compilation references another ADO.NET provider (SQL Server, PostgreSQL, ...).</summary>
        public bool OtherProviderReferenced { get; private set; }

        public static SqlTypes? Create(Compilation compilation)
        {
            var sqlite = compilation.GetTypeByMetadataName("Microsoft.Data.Sqlite.SqliteCommand");
            if (sqlite is null) return null;
            bool other = false;
            foreach (var identity in compilation.ReferencedAssemblyNames)
                if (Array.IndexOf(s_otherProviders, identity.Name) >= 0) { other = true; break; }
            // The ADO.NET base types are reached from SQLite's own (its base classes and their interfaces) instead of by name:
            // each lookup by metadata name searches every reference of the compilation.
            var connection = compilation.GetTypeByMetadataName("Microsoft.Data.Sqlite.SqliteConnection");
            var dbCommand = BaseNamed(sqlite, "DbCommand", "Common");
            var dbConnection = BaseNamed(connection, "DbConnection", "Common");
            return new SqlTypes
            {
                SqliteCommand = sqlite,
                SqliteConnection = connection,
                DbCommand = dbCommand,
                IDbCommand = InterfaceNamed(dbCommand, "IDbCommand"),
                DbConnection = dbConnection,
                IDbConnection = InterfaceNamed(dbConnection, "IDbConnection"),
                OtherProviderReferenced = other,
            };
        }

        private static INamedTypeSymbol? BaseNamed(INamedTypeSymbol? type, string name, string ns)
        {
            for (var t = type?.BaseType; t != null; t = t.BaseType)
                if (t.Name == name && t.ContainingNamespace is { Name: var n, ContainingNamespace: { Name: "Data", ContainingNamespace: { Name: "System" } } } && n == ns) return t;
            return null;
        }

        private static INamedTypeSymbol? InterfaceNamed(INamedTypeSymbol? type, string name)
        {
            if (type is null) return null;
            foreach (var i in type.AllInterfaces)
                if (i.Name == name && i.ContainingNamespace is { Name: "Data", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } }) return i;
            return null;
        }

        public bool IsCommand(ITypeSymbol? type) => Is(type, SqliteCommand) || Is(type, DbCommand) || Is(type, IDbCommand);

        public bool IsConnection(ITypeSymbol? type) => Is(type, DbConnection) || Is(type, IDbConnection);

        public bool IsSqlite(ITypeSymbol? type) => Is(type, SqliteCommand) || Is(type, SqliteConnection);

        private static bool Is(ITypeSymbol? type, INamedTypeSymbol? target)
        {
            if (type is null || target is null) return false;
            if (target.TypeKind != TypeKind.Interface)
            {
                for (var t = type; t != null; t = t.BaseType)
                    if (SymbolEqualityComparer.Default.Equals(t.OriginalDefinition, target)) return true;
                return false;
            }
            // Interfaces of the type's definition: IDbCommand/IDbConnection are not generic, so a constructed type has one
            // exactly when its definition does, and the definition's list is computed once per compilation (a constructed
            // type's AllInterfaces is substituted again for each construction: most of this rule's cost at `new List<T>()`).
            if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct or TypeKind.Interface or TypeKind.TypeParameter)) return false;
            var definition = type.OriginalDefinition;
            if (SymbolEqualityComparer.Default.Equals(definition, target)) return true;
            foreach (var i in definition.AllInterfaces)
                if (SymbolEqualityComparer.Default.Equals(i, target)) return true;
            return false;
        }
    }
}
