using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace OmniSqlite.Analyzers.Analyzers.Common
{
    /// <summary>
    /// The operations of the code blocks worth binding. An operation action makes Roslyn bind every method body of the
    /// project and build its operation tree, and the analyzer that asks first is charged for it: that, not the rules'
    /// own work, was most of these analyzers' time in a real build. A code block action sees syntax only, so each
    /// analyzer first looks in the block's text for a word its rules cannot do without (a SQL rule needs CommandText, a
    /// command, a Dapper call or a helper's name) and binds only the blocks that hold one. The words are a filter, never
    /// a verdict: every rule still decides on the bound operations exactly as an operation action would.
    /// </summary>
    internal static class CodeBlockOperations
    {
        /// <summary>
        /// Every operation of the block (lambdas and local functions included), in the order an operation action would
        /// see them; empty when the block has no operation tree (an attribute argument, a block of half-typed code).
        /// </summary>
        public static IEnumerable<IOperation> All(CodeBlockAnalysisContext context)
        {
            IOperation? root = context.SemanticModel.GetOperation(context.CodeBlock, context.CancellationToken);
            if (root is null)
            {
                // A field, property or enum member is the declaration, not an operation: its initializer or expression body is.
                SyntaxNode? executable = context.CodeBlock switch
                {
                    BaseFieldDeclarationSyntax field => InitializerOf(field, context.OwningSymbol),
                    PropertyDeclarationSyntax property => (SyntaxNode?)property.Initializer ?? property.ExpressionBody,
                    IndexerDeclarationSyntax indexer => indexer.ExpressionBody,
                    EnumMemberDeclarationSyntax member => member.EqualsValue,
                    _ => null,
                };
                if (executable != null) root = context.SemanticModel.GetOperation(executable, context.CancellationToken);
            }

            return root is null ? Array.Empty<IOperation>() : root.DescendantsAndSelf();
        }

        /// <summary>One field's initializer: the block of <c>const string A = "..", B = "..";</c> is the whole declaration, once for each field.</summary>
        private static SyntaxNode? InitializerOf(BaseFieldDeclarationSyntax field, ISymbol owner)
        {
            foreach (VariableDeclaratorSyntax variable in field.Declaration.Variables)
            {
                if (variable.Identifier.ValueText == owner.Name) return variable.Initializer;
            }

            return null;
        }

        /// <summary>
        /// The part of a block where code runs: a method's body and constructor initializer, not its signature (a method that
        /// takes a <c>SqliteConnection</c> parameter names the type without creating one); any other block (a field, a
        /// property and its initializer) whole. Not for SQL: a target-typed <c>new("SELECT ...")</c> names its command type
        /// only in the signature.
        /// </summary>
        public static TextSpan ExecutablePart(SyntaxNode block)
        {
            SyntaxNode? start = block switch
            {
                ConstructorDeclarationSyntax { Initializer: { } initializer } => initializer,
                BaseMethodDeclarationSyntax method => (SyntaxNode?)method.Body ?? method.ExpressionBody,
                _ => null,
            };
            return start is null ? block.Span : TextSpan.FromBounds(start.SpanStart, block.Span.End);
        }

        /// <summary>The member declarations of a file (types' members, not what is inside their bodies): a walk of declarations only.</summary>
        public static IEnumerable<MemberDeclarationSyntax> Members(SyntaxTree tree, CancellationToken cancellationToken)
        {
            foreach (SyntaxNode node in tree.GetRoot(cancellationToken).DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax))
            {
                if (node is MemberDeclarationSyntax member and not BaseNamespaceDeclarationSyntax) yield return member;
            }
        }

        /// <summary>
        /// <paramref name="words"/> and the names of the constant fields whose declarations hold one (<c>const string Prefix =
        /// "PRAGMA synchronous=";</c>), so that a block folding such a constant (<c>Prefix + Off</c>) is bound too.
        /// </summary>
        public static string[] WithConstantsMentioning(Compilation compilation, string[] words, StringComparison comparison, CancellationToken cancellationToken)
        {
            var result = new List<string>(words);
            foreach (SyntaxTree tree in compilation.SyntaxTrees)
            {
                // The entity generator's files hold no constant of the user's (and are most of the text of a project with many entities).
                if (OwnGeneratedFiles.Contains(tree)) continue;
                // The text is the string the compiler holds: a file that never says const, or none of the words, has no
                // member to walk for.
                string text = tree.GetText(cancellationToken).ToString();
                if (text.IndexOf("const", StringComparison.Ordinal) < 0 || !BlockFilter.Contains(text, 0, text.Length, words, comparison)) continue;
                foreach (MemberDeclarationSyntax member in Members(tree, cancellationToken))
                {
                    if (member is not FieldDeclarationSyntax field || !field.Modifiers.Any(SyntaxKind.ConstKeyword)) continue;
                    foreach (VariableDeclaratorSyntax variable in field.Declaration.Variables)
                    {
                        if (variable.Initializer is { } initializer && BlockFilter.Contains(text, initializer.SpanStart, initializer.Span.Length, words, comparison))
                            result.Add(variable.Identifier.ValueText);
                    }
                }
            }

            return result.ToArray();
        }

        /// <summary>The root of the tree an operation of <see cref="All"/> belongs to.</summary>
        public static IOperation Root(IOperation operation)
        {
            while (operation.Parent != null) operation = operation.Parent;
            return operation;
        }
    }
}
