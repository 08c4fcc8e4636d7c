using System;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using OmniSqlite.Analyzers.Analyzers;
using OmniSqlite.Analyzers.Diagnostics;

namespace OmniSqlite.CodeFixes
{
    /// <summary>
    /// OSQL002 fix: writes the safe value instead of the unsafe one: <c>synchronous=NORMAL</c>,
    /// <c>journal_mode=WAL</c>, <c>locking_mode=NORMAL</c> in SQL text (in every string literal or interpolated
    /// text piece of the reported expression), or <c>SqliteSynchronous.Normal</c> / <c>SqliteJournalMode.Wal</c>
    /// for an enum member. Not offered when the value is split across pieces of a concatenation.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnsafePragmaCodeFix)), Shared]
    public sealed class UnsafePragmaCodeFix : CodeFixProvider
    {
        public const string EquivalenceKey = "OSQL002.UseSafeValue";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.UnsafePragma);

        public override FixAllProvider GetFixAllProvider()
            => FixAllProvider.Create((context, document, diagnostics) => FixDocumentAsync(document, diagnostics, context.CancellationToken));

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null) return;
            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                SyntaxNode? node = FindNode(root, diagnostic);
                if (node is null || Rewrite(node, diagnostic) is null) continue;
                diagnostic.Properties.TryGetValue(UnsafePragmaAnalyzer.SafeValueProperty, out string? safe);
                diagnostic.Properties.TryGetValue(UnsafePragmaAnalyzer.PragmaProperty, out string? pragma);
                string title = IsEnumMember(node) ? "Use " + ReplaceName(node, safe!)
                    : diagnostic.Properties.ContainsKey(UnsafePragmaAnalyzer.ValueOnlyProperty) ? "Use \"" + safe!.ToLowerInvariant() + "\""
                    : "Use PRAGMA " + pragma + "=" + safe;
                context.RegisterCodeFix(
                    CodeAction.Create(title, ct => FixDocumentAsync(context.Document, ImmutableArray.Create(diagnostic), ct)!, EquivalenceKey),
                    diagnostic);
            }
        }

        private static async Task<Document?> FixDocumentAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null) return document;
            var editor = new SyntaxEditor(root, document.Project.Solution.Workspace.Services);
            bool changed = false;
            foreach (Diagnostic diagnostic in diagnostics)
            {
                SyntaxNode? node = FindNode(root, diagnostic);
                if (node is null || Rewrite(node, diagnostic) is null) continue;
                // Several pragmas in one literal are several diagnostics on one node: apply them one after another.
                editor.ReplaceNode(node, (current, _) => Rewrite(current, diagnostic) ?? current);
                changed = true;
            }

            return changed ? document.WithSyntaxRoot(editor.GetChangedRoot()) : document;
        }

        private static SyntaxNode? FindNode(SyntaxNode root, Diagnostic diagnostic)
        {
            SyntaxNode node = root.FindNode(diagnostic.Location.SourceSpan);
            return node.DescendantNodesAndSelf().FirstOrDefault(n => n.Span == diagnostic.Location.SourceSpan && n is ExpressionSyntax);
        }

        private static bool IsEnumMember(SyntaxNode node) => node is MemberAccessExpressionSyntax or IdentifierNameSyntax;

        /// <summary>The node with the safe value, or null when this fix cannot write it.</summary>
        private static SyntaxNode? Rewrite(SyntaxNode node, Diagnostic diagnostic)
        {
            if (!diagnostic.Properties.TryGetValue(UnsafePragmaAnalyzer.SafeValueProperty, out string? safe) || safe is null) return null;
            if (!diagnostic.Properties.TryGetValue(UnsafePragmaAnalyzer.PragmaProperty, out string? pragma) || pragma is null) return null;

            if (IsEnumMember(node))
            {
                return node switch
                {
                    MemberAccessExpressionSyntax access => access.WithName(SyntaxFactory.IdentifierName(safe).WithTriviaFrom(access.Name)),
                    IdentifierNameSyntax name => SyntaxFactory.IdentifierName(safe).WithTriviaFrom(name),
                    _ => null,
                };
            }

            if (diagnostic.Properties.ContainsKey(UnsafePragmaAnalyzer.ValueOnlyProperty))
            {
                return node is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression)
                    ? SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(safe.ToLowerInvariant())).WithTriviaFrom(literal)
                    : null;
            }

            Regex pattern = UnsafeValuePattern(pragma);
            bool changed = false;
            SyntaxNode result = node.ReplaceTokens(
                node.DescendantTokens().Where(IsTextToken),
                (original, _) =>
                {
                    string text = original.Text;
                    string replaced = pattern.Replace(text, m => m.Groups["head"].Value + safe);
                    if (replaced == text) return original;
                    changed = true;
                    return original.IsKind(SyntaxKind.InterpolatedStringTextToken)
                        ? SyntaxFactory.Token(original.LeadingTrivia, SyntaxKind.InterpolatedStringTextToken, replaced, replaced, original.TrailingTrivia)
                        : SyntaxFactory.ParseToken(replaced).WithTriviaFrom(original);
                });
            return changed ? result : null;
        }

        private static bool IsTextToken(SyntaxToken token)
            => token.Kind() is SyntaxKind.StringLiteralToken or SyntaxKind.InterpolatedStringTextToken
                or SyntaxKind.SingleLineRawStringLiteralToken or SyntaxKind.MultiLineRawStringLiteralToken;

        private static Regex UnsafeValuePattern(string pragma)
        {
            string values = pragma switch
            {
                "synchronous" => "OFF|0",
                "journal_mode" => "OFF|MEMORY",
                _ => "EXCLUSIVE",
            };
            return new Regex(
                @"(?<head>PRAGMA\s+(?:[\w""`\[\]]+\s*\.\s*)?[""`\[]?" + Regex.Escape(pragma) + @"[""`\]]?\s*(?:=|\()\s*['""]?)(?:" + values + @")\b",
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(250));
        }

        private static string ReplaceName(SyntaxNode node, string safe)
            => node is MemberAccessExpressionSyntax access ? access.Expression + "." + safe : safe;
    }
}
