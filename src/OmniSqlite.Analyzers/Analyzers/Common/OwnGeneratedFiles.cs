using System;
using Microsoft.CodeAnalysis;

namespace OmniSqlite.Analyzers.Analyzers.Common
{
    /// <summary>The files OmniSqlite's entity generator wrote into a compilation: most of the text of a project with many entities.</summary>
    internal static class OwnGeneratedFiles
    {
        private static readonly string s_generatorName = typeof(Generator.EntityGenerator).FullName!;

        /// <summary>True for a file the entity generator wrote (its path names the generator, as Roslyn lays generated files out).</summary>
        public static bool Contains(SyntaxTree tree) => tree.FilePath.IndexOf(s_generatorName, StringComparison.Ordinal) >= 0;
    }
}
