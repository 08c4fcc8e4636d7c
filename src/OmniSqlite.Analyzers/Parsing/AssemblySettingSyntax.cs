using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace OmniSqlite.Analyzers.Parsing
{
    /// <summary>
    /// Whether any file may apply one of OmniSqlite's assembly attributes (<c>[assembly: OmniSqliteNaming(...)]</c>,
    /// <c>OmniSqliteGeneration</c>, <c>OmniSqliteDialects</c>), read from syntax. The generator's settings come from the
    /// compilation it is given, before its own files are added: binding that compilation's assembly attributes (the SDK's
    /// AssemblyInfo alone has a dozen) is work the compiler throws away, and it was the largest single cost of the generator
    /// in a real build. So they are bound only when some <c>[assembly: ...]</c> attribute is named OmniSqlite* or by an alias.
    /// </summary>
    internal static class AssemblySettingSyntax
    {
        private const string Prefix = "OmniSqlite";

        /// <summary>False only when no file can apply an OmniSqlite assembly attribute (the settings are then the defaults).</summary>
        public static bool MayDeclare(Compilation compilation)
        {
            HashSet<string>? aliases = null;
            List<string>? others = null;
            foreach (SyntaxTree tree in compilation.SyntaxTrees)
            {
                if (tree.GetRoot() is not CompilationUnitSyntax unit) continue;
                foreach (UsingDirectiveSyntax directive in unit.Usings)
                {
                    if (directive.Alias != null) (aliases ??= new HashSet<string>(StringComparer.Ordinal)).Add(directive.Alias.Name.Identifier.ValueText);
                }

                foreach (AttributeListSyntax list in unit.AttributeLists)
                {
                    if (list.Target is null || !list.Target.Identifier.IsKind(SyntaxKind.AssemblyKeyword)) continue;
                    foreach (AttributeSyntax attribute in list.Attributes)
                    {
                        string name = RightmostName(attribute.Name);
                        if (name.StartsWith(Prefix, StringComparison.Ordinal)) return true;
                        (others ??= new List<string>()).Add(LeftmostName(attribute.Name));
                    }
                }
            }

            // An alias may be declared in another file (global using), so names are matched once all files are read.
            if (aliases is null || others is null) return false;
            foreach (string name in others)
            {
                if (aliases.Contains(name)) return true;
            }

            return false;
        }

        private static string RightmostName(NameSyntax name) => name switch
        {
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax aliased => aliased.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => "",
        };

        private static string LeftmostName(NameSyntax name)
        {
            while (name is QualifiedNameSyntax qualified) name = qualified.Left;
            return name switch
            {
                AliasQualifiedNameSyntax aliased => aliased.Alias.Identifier.ValueText,
                SimpleNameSyntax simple => simple.Identifier.ValueText,
                _ => "",
            };
        }
    }
}
