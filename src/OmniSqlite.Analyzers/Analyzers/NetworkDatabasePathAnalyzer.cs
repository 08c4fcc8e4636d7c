using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using OmniSqlite.Analyzers.Analyzers.Common;
using OmniSqlite.Analyzers.Diagnostics;

namespace OmniSqlite.Analyzers.Analyzers
{
    /// <summary>
    /// OSQL003: a database (or backup) path on a network filesystem: a UNC path (<c>\\server\share</c>),
    /// <c>//host/share</c>, a <c>file://host/</c> URI, or a path under one of the mount prefixes from
    /// <c>omnisqlite.network_path_prefixes</c> (default: <see cref="DatabasePaths.DefaultNetworkPrefixes"/>).
    /// Paths are read where they are handed to SQLite or OmniSqlite (see <see cref="DatabasePathSites"/>).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class NetworkDatabasePathAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.NetworkDatabasePath);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                if (start.Compilation.GetTypeByMetadataName(SqliteNames.SqliteConnection) is null) return;
                DatabasePathSites.RegisterBlocks(start, Analyze);
                start.RegisterAdditionalFileAction(AnalyzeAppSettings);
            });
        }

        /// <summary>The same check on the paths of appsettings*.json (ConnectionStrings, OmniSqlite:Backups:Directory).</summary>
        private static void AnalyzeAppSettings(AdditionalFileAnalysisContext context)
        {
            if (!AppSettingsPaths.IsAppSettings(context.AdditionalFile.Path)) return;
            // No syntax tree to key .editorconfig options on: the prefixes come from the global options.
            ImmutableArray<string> prefixes = OmniSqliteOptions.GetNetworkPrefixes(context.Options, null);
            foreach (AppSettingsPath found in AppSettingsPaths.Read(context.AdditionalFile, context.CancellationToken))
            {
                if (DatabasePaths.Classify(found.Path, prefixes) != DatabasePathKind.Network) continue;
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.NetworkDatabasePath, found.Location, found.Path));
            }
        }

        private static void Analyze(IOperation operation, AnalyzerOptions options, Action<Diagnostic> report)
        {
            if (!DatabasePathSites.TryGetSite(operation, out DatabasePathSite site)) return;
            ImmutableArray<string> prefixes = OmniSqliteOptions.GetNetworkPrefixes(options, operation.Syntax.SyntaxTree);
            if (DatabasePaths.Classify(site.Path, prefixes) != DatabasePathKind.Network) return;
            report(Diagnostic.Create(Descriptors.NetworkDatabasePath, site.Value.Syntax.GetLocation(), site.Path));
        }
    }
}
