using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using OmniSqlite.Analyzers.Analyzers.Common;
using OmniSqlite.Analyzers.Diagnostics;

namespace OmniSqlite.Analyzers.Analyzers
{
    /// <summary>
    /// OSQL004 (Info): a relative database (or backup) path such as <c>Data Source=example.db</c>. It resolves
    /// against the working directory, which in a container is inside the image and lost on restart.
    /// In-memory databases, <c>|DataDirectory|</c> and <c>%VAR%</c> forms are not reported.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class RelativeDatabasePathAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.RelativeDatabasePath);

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
            foreach (AppSettingsPath found in AppSettingsPaths.Read(context.AdditionalFile, context.CancellationToken))
            {
                if (DatabasePaths.Classify(found.Path, ImmutableArray<string>.Empty) != DatabasePathKind.Relative) continue;
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.RelativeDatabasePath, found.Location, found.Path));
            }
        }

        private static void Analyze(IOperation operation, AnalyzerOptions options, Action<Diagnostic> report)
        {
            if (!DatabasePathSites.TryGetSite(operation, out DatabasePathSite site)) return;
            // Network prefixes do not matter here: a relative path never starts with one.
            if (DatabasePaths.Classify(site.Path, ImmutableArray<string>.Empty) != DatabasePathKind.Relative) return;
            report(Diagnostic.Create(Descriptors.RelativeDatabasePath, site.Value.Syntax.GetLocation(), site.Path));
        }
    }
}
