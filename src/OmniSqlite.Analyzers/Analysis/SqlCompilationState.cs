using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using OmniSqlite.Analyzers.Model;
using OmniSqlite.Analyzers.Parsing;

namespace OmniSqlite.Analyzers.Analysis
{
    /// <summary>
    /// What the SQL rules know about one compilation, built once and shared by OSQL010-OSQL014: the ADO.NET types,
    /// the schema (entities + CREATE statements in string literals + .sql AdditionalFiles), and analysis results per SQL text.
    /// </summary>
    internal sealed class SqlCompilationState
    {
        private static readonly ConditionalWeakTable<Compilation, SqlCompilationState> s_states = new ConditionalWeakTable<Compilation, SqlCompilationState>();

        private readonly Compilation _compilation;
        private readonly ImmutableAdditionalFiles _additionalFiles;
        private SchemaModel? _schema;
        private readonly object _gate = new object();
        private readonly ConcurrentDictionary<(string Sql, bool UnknownTables), IReadOnlyList<SqlFinding>> _findings
            = new ConcurrentDictionary<(string, bool), IReadOnlyList<SqlFinding>>();

        private SqlCompilationState(Compilation compilation, ImmutableAdditionalFiles additionalFiles, SqlTypes types)
        {
            _compilation = compilation;
            _additionalFiles = additionalFiles;
            Types = types;
        }

        public SqlTypes Types { get; }

        /// <summary>The state for this compilation, or null when Microsoft.Data.Sqlite is not referenced (the rules stay silent).</summary>
        public static SqlCompilationState? Get(Compilation compilation, AnalyzerOptions options)
        {
            if (s_states.TryGetValue(compilation, out var existing)) return existing;
            var types = SqlTypes.Create(compilation);
            if (types is null) return null;
            return s_states.GetValue(compilation, c => new SqlCompilationState(c, new ImmutableAdditionalFiles(options.AdditionalFiles), types));
        }

        public SchemaModel GetSchema(CancellationToken cancellationToken)
        {
            var schema = Volatile.Read(ref _schema);
            if (schema != null) return schema;
            lock (_gate)
            {
                if (_schema != null) return _schema;
                _schema = BuildSchema(cancellationToken);
                return _schema;
            }
        }

        public IReadOnlyList<SqlFinding> Analyze(string sql, bool reportUnknownTables, CancellationToken cancellationToken)
        {
            var schema = GetSchema(cancellationToken);
            return _findings.GetOrAdd((sql, reportUnknownTables), key => SqlQueryAnalysis.Analyze(key.Sql, schema, new SqlAnalysisOptions(key.UnknownTables)));
        }

        private SchemaModel BuildSchema(CancellationToken cancellationToken)
        {
            var builder = new SchemaBuilder();
            // 1. Entity classes in source, named by the assembly's convention (what the generator creates).
            AssemblySettings? settings = null;
            foreach (var type in SourceTypes(_compilation.Assembly.GlobalNamespace, cancellationToken))
            {
                try
                {
                    if (!EntityParser.IsEntity(type)) continue;
                    var parsed = EntityParser.Parse(type, cancellationToken);
                    if (parsed.Entity is null) continue;
                    settings ??= Naming.ReadSettings(_compilation);
                    builder.AddEntity(Naming.Resolve(parsed.Entity, settings), parsed.Locations?.Type);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // An entity the generator cannot read is reported by the generator; here it only contributes nothing.
                }
            }
            // 2. CREATE TABLE / CREATE INDEX in string literals.
            foreach (var tree in _compilation.SyntaxTrees)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var root = tree.GetRoot(cancellationToken);
                foreach (var token in root.DescendantTokens())
                {
                    if (!token.IsKind(SyntaxKind.StringLiteralToken) && !token.IsKind(SyntaxKind.SingleLineRawStringLiteralToken)
                        && !token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken)) continue;
                    var text = token.ValueText;
                    if (text.IndexOf("CREATE", StringComparison.OrdinalIgnoreCase) < 0) continue;
                    builder.AddSql(text, LocationInfo.From(token.GetLocation()));
                }
            }
            // 3. .sql files passed as AdditionalFiles.
            foreach (var file in _additionalFiles.Files)
            {
                if (!file.Path.EndsWith(".sql", StringComparison.OrdinalIgnoreCase)) continue;
                var text = file.GetText(cancellationToken)?.ToString();
                builder.AddSql(text, null);
            }
            return builder.Build();
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

        /// <summary>Wrapper so the state does not depend on the AnalyzerOptions instance.</summary>
        private sealed class ImmutableAdditionalFiles
        {
            public ImmutableAdditionalFiles(IEnumerable<AdditionalText> files) { Files = new List<AdditionalText>(files); }
            public List<AdditionalText> Files { get; }
        }
    }

    /// <summary>The ADO.NET types the SQL rules look for, resolved once per compilation.</summary>
    internal sealed class SqlTypes
    {
        public INamedTypeSymbol SqliteCommand { get; private set; } = null!;
        public INamedTypeSymbol? DbCommand { get; private set; }
        public INamedTypeSymbol? IDbCommand { get; private set; }
        public INamedTypeSymbol? DbConnection { get; private set; }
        public INamedTypeSymbol? IDbConnection { get; private set; }

        public static SqlTypes? Create(Compilation compilation)
        {
            var sqlite = compilation.GetTypeByMetadataName("Microsoft.Data.Sqlite.SqliteCommand");
            if (sqlite is null) return null;
            return new SqlTypes
            {
                SqliteCommand = sqlite,
                DbCommand = compilation.GetTypeByMetadataName("System.Data.Common.DbCommand"),
                IDbCommand = compilation.GetTypeByMetadataName("System.Data.IDbCommand"),
                DbConnection = compilation.GetTypeByMetadataName("System.Data.Common.DbConnection"),
                IDbConnection = compilation.GetTypeByMetadataName("System.Data.IDbConnection"),
            };
        }

        public bool IsCommand(ITypeSymbol? type) => Is(type, SqliteCommand) || Is(type, DbCommand) || Is(type, IDbCommand);

        public bool IsConnection(ITypeSymbol? type) => Is(type, DbConnection) || Is(type, IDbConnection);

        private static bool Is(ITypeSymbol? type, INamedTypeSymbol? target)
        {
            if (type is null || target is null) return false;
            for (var t = type; t != null; t = t.BaseType)
                if (SymbolEqualityComparer.Default.Equals(t, target)) return true;
            if (target.TypeKind == TypeKind.Interface)
                foreach (var i in type.AllInterfaces)
                    if (SymbolEqualityComparer.Default.Equals(i, target)) return true;
            return false;
        }
    }
}
