using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace OmniSqlite.Analyzers.Analyzers.Common
{
    /// <summary>The .editorconfig options of the connection rules (documented on each rule's page).</summary>
    internal static class OmniSqliteOptions
    {
        /// <summary>OSQL003: comma separated path prefixes that are network mounts; replaces the default list.</summary>
        public const string NetworkPathPrefixes = "omnisqlite.network_path_prefixes";

        /// <summary>OSQL001: comma separated methods (<c>Type.Method</c> or <c>Namespace.Type.Method</c>) that apply the setup.</summary>
        public const string ConnectionFactories = "omnisqlite.connection_factories";

        /// <summary>OSQL002: <c>true</c> also reports <c>locking_mode=EXCLUSIVE</c> (off by default).</summary>
        public const string ReportExclusiveLocking = "omnisqlite.report_exclusive_locking_mode";

        /// <summary>The prefixes for a file; with no syntax tree (an appsettings.json), from the global options (.globalconfig or MSBuild).</summary>
        public static ImmutableArray<string> GetNetworkPrefixes(AnalyzerOptions options, SyntaxTree? tree)
        {
            return TryGet(options, tree, NetworkPathPrefixes, out string? value)
                ? DatabasePaths.ParseList(value)
                : DatabasePaths.DefaultNetworkPrefixes;
        }

        public static ImmutableArray<string> GetConnectionFactories(AnalyzerOptions options, SyntaxTree tree)
            => TryGet(options, tree, ConnectionFactories, out string? value) ? DatabasePaths.ParseList(value) : ImmutableArray<string>.Empty;

        public static bool GetReportExclusiveLocking(AnalyzerOptions options, SyntaxTree tree)
            => TryGet(options, tree, ReportExclusiveLocking, out string? value)
               && string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

        /// <summary>True when <paramref name="method"/> is named in the list (<c>Method</c>, <c>Type.Method</c> or <c>Namespace.Type.Method</c>).</summary>
        public static bool IsListedMethod(IMethodSymbol method, ImmutableArray<string> list)
        {
            if (list.IsDefaultOrEmpty) return false;
            IMethodSymbol m = method.ReducedFrom ?? method;
            string shortName = m.ContainingType is null ? m.Name : m.ContainingType.Name + "." + m.Name;
            string fullName = m.ContainingType is null ? m.Name : m.ContainingType.ToDisplayString() + "." + m.Name;
            foreach (string entry in list)
            {
                if (entry == m.Name || entry == shortName || entry == fullName) return true;
            }

            return false;
        }

        private static bool TryGet(AnalyzerOptions options, SyntaxTree? tree, string key, out string? value)
        {
            value = null;
            var provider = options.AnalyzerConfigOptionsProvider;
            return tree is null ? provider.GlobalOptions.TryGetValue(key, out value) : provider.GetOptions(tree).TryGetValue(key, out value);
        }
    }
}
