using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace OmniSqlite.CodeFixes
{
    /// <summary>Adds a using directive where a person would: System first, then alphabetical.</summary>
    internal static class UsingDirectives
    {
        public static bool Contains(CompilationUnitSyntax unit, string ns)
            => unit.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax)
                .OfType<UsingDirectiveSyntax>()
                .Any(u => u.Alias is null && u.StaticKeyword.IsKind(SyntaxKind.None) && u.Name?.ToString() == ns);

        public static CompilationUnitSyntax Add(CompilationUnitSyntax unit, string ns, string eol)
        {
            UsingDirectiveSyntax directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(ns))
                .WithUsingKeyword(SyntaxFactory.Token(SyntaxKind.UsingKeyword).WithTrailingTrivia(SyntaxFactory.Space))
                .WithTrailingTrivia(SyntaxFactory.EndOfLine(eol));

            if (unit.Usings.Count == 0)
            {
                // No usings yet: put it first, followed by a blank line, and keep the file's leading comments above it.
                SyntaxTriviaList leading = unit.GetLeadingTrivia();
                CompilationUnitSyntax stripped = unit.WithoutLeadingTrivia();
                return stripped
                    .WithUsings(SyntaxFactory.SingletonList(directive.WithLeadingTrivia(leading).WithTrailingTrivia(SyntaxFactory.EndOfLine(eol), SyntaxFactory.EndOfLine(eol))));
            }

            int index = 0;
            for (int i = 0; i < unit.Usings.Count; i++)
            {
                UsingDirectiveSyntax existing = unit.Usings[i];
                if (existing.Alias is not null || !existing.StaticKeyword.IsKind(SyntaxKind.None)) break;
                string name = existing.Name?.ToString() ?? "";
                bool isSystem = name == "System" || name.StartsWith("System.", StringComparison.Ordinal);
                if (existing.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword) || isSystem || string.CompareOrdinal(name, ns) < 0) index = i + 1;
            }

            return unit.WithUsings(unit.Usings.Insert(index, directive));
        }
    }
}
