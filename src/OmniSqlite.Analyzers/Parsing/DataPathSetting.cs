using Microsoft.CodeAnalysis;

namespace OmniSqlite.Analyzers.Parsing
{
    /// <summary>
    /// Reads <c>[assembly: OmniSqliteGeneration(DataPath = DataPath.AdoNet)]</c>: true (the default) when generated code
    /// runs on prepared native statements, false for the ADO.NET path. A plain bool, so the pipeline stays cached.
    /// </summary>
    internal static class DataPathSetting
    {
        private const string GenerationAttribute = "OmniSqlite.OmniSqliteGenerationAttribute";

        /// <summary>The value of <c>DataPath.AdoNet</c>.</summary>
        private const int AdoNet = 1;

        public static bool ReadNative(Compilation compilation)
        {
            if (!AssemblySettingSyntax.MayDeclare(compilation)) return true;
            foreach (var a in compilation.Assembly.GetAttributes())
            {
                if (a.AttributeClass?.ToDisplayString() != GenerationAttribute) continue;
                foreach (var named in a.NamedArguments)
                {
                    if (named.Key == "DataPath" && named.Value.Value is int v) return v != AdoNet;
                }
            }
            return true;
        }
    }
}
