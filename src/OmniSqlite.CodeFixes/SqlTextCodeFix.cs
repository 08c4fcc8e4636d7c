using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using OmniSqlite.Analyzers.Diagnostics;

namespace OmniSqlite.CodeFixes
{
    /// <summary>
    /// OSQL016, OSQL018 and OSQL019 fixes: rewrite the reported piece of SQL inside its string literal with the diagnostic's
    /// "Replacement" property: <c>= NULL</c> → <c>IS NULL</c>, <c>&lt;&gt; NULL</c> → <c>IS NOT NULL</c>, <c>"active"</c> →
    /// <c>'active'</c> (the double quotes around the reported text, escaped as the literal escapes them, go too); or add
    /// the "Insert" property after it: the column list after an INSERT's table name. Offered only when the span lies
    /// inside one literal token.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SqlTextCodeFix)), Shared]
    public sealed class SqlTextCodeFix : CodeFixProvider
    {
        public const string ReplacementProperty = "Replacement";
        public const string InsertProperty = "Insert";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.InsertWithoutColumnList, RuleIds.NullComparison, RuleIds.DoubleQuotedStringLiteral);

        public override FixAllProvider GetFixAllProvider()
            => FixAllProvider.Create((context, document, diagnostics) => FixAsync(document, diagnostics, context.CancellationToken));

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null) return;
            foreach (var diagnostic in context.Diagnostics)
            {
                if (Change(root, diagnostic) is not { } change) continue;
                context.RegisterCodeFix(
                    CodeAction.Create((diagnostic.Id == RuleIds.InsertWithoutColumnList ? "Name the columns:" : "Write") + " " + change.NewText!.Trim(), ct => FixAsync(context.Document, ImmutableArray.Create(diagnostic), ct)!, diagnostic.Id + ".Rewrite"),
                    diagnostic);
            }
        }

        private static async Task<Document?> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null) return document;
            var changes = new List<TextChange>();
            foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
                if (Change(root, diagnostic) is { } change && !changes.Any(c => c.Span.OverlapsWith(change.Span))) changes.Add(change);
            if (changes.Count == 0) return document;
            var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
            return document.WithText(text.WithChanges(changes));
        }

        private static TextChange? Change(SyntaxNode root, Diagnostic diagnostic)
        {
            var span = diagnostic.Location.SourceSpan;
            var token = root.FindToken(span.Start);
            if (!(token.IsKind(SyntaxKind.StringLiteralToken) || token.IsKind(SyntaxKind.SingleLineRawStringLiteralToken)
                  || token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken) || token.IsKind(SyntaxKind.InterpolatedStringTextToken))
                || !token.Span.Contains(span)) return null;
            if (diagnostic.Properties.TryGetValue(InsertProperty, out var insert) && insert is not null)
                return new TextChange(new TextSpan(span.End, 0), insert);
            if (!diagnostic.Properties.TryGetValue(ReplacementProperty, out var replacement) || replacement is null) return null;
            if (diagnostic.Id != RuleIds.DoubleQuotedStringLiteral) return new TextChange(span, replacement);
            // The reported text is inside its double quotes; take the quotes as this literal writes them.
            var source = token.Text;
            int start = span.Start - token.SpanStart, end = span.End - token.SpanStart;
            bool verbatim = source.StartsWith("@", System.StringComparison.Ordinal) || source.StartsWith("$@", System.StringComparison.Ordinal) || source.StartsWith("@$", System.StringComparison.Ordinal);
            bool raw = token.IsKind(SyntaxKind.SingleLineRawStringLiteralToken) || token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken);
            string quote = raw ? "\"" : verbatim ? "\"\"" : "\\\"";
            if (start < quote.Length || end + quote.Length > source.Length
                || source.Substring(start - quote.Length, quote.Length) != quote || source.Substring(end, quote.Length) != quote) return null;
            return new TextChange(TextSpan.FromBounds(span.Start - quote.Length, span.End + quote.Length), replacement);
        }
    }
}
