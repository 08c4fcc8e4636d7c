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
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using OmniSqlite.Analyzers.Diagnostics;

namespace OmniSqlite.CodeFixes
{
    /// <summary>
    /// OSQL001 fix: inserts <c>connection.ApplyProfile(SqliteProfile.Production);</c> right after the statement that
    /// opens the connection (<c>await connection.ApplyProfileAsync(...)</c> after an awaited OpenAsync, when the
    /// runtime has it), and <c>using OmniSqlite;</c> when the file lacks it. Offered when the Open call is a
    /// statement of its own in a block (or a top-level statement).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MissingConnectionSetupCodeFix)), Shared]
    public sealed class MissingConnectionSetupCodeFix : CodeFixProvider
    {
        public const string EquivalenceKey = "OSQL001.ApplyProfile";
        private const string Title = "Apply SqliteProfile.Production after opening";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.MissingConnectionSetup);

        public override FixAllProvider GetFixAllProvider()
            => FixAllProvider.Create((context, document, diagnostics) => FixDocumentAsync(document, diagnostics, context.CancellationToken));

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null) return;
            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                if (!TryFindOpenStatement(root, diagnostic, out _, out _)) continue;
                context.RegisterCodeFix(
                    CodeAction.Create(Title, ct => FixDocumentAsync(context.Document, ImmutableArray.Create(diagnostic), ct)!, EquivalenceKey),
                    diagnostic);
            }
        }

        private static async Task<Document?> FixDocumentAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null) return document;
            SemanticModel? model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            bool hasAsync = model?.Compilation.GetTypeByMetadataName("OmniSqlite.SqliteProfileExtensions")?.GetMembers("ApplyProfileAsync").Length > 0;
            var editor = new SyntaxEditor(root, document.Project.Solution.Workspace.Services);
            string eol = DetectEndOfLine(root);
            var done = new HashSet<StatementSyntax>();
            foreach (Diagnostic diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
            {
                if (!TryFindOpenStatement(root, diagnostic, out StatementSyntax? statement, out ExpressionSyntax? receiver)) continue;
                if (!done.Add(statement!)) continue;

                string target = receiver!.WithoutTrivia().ToString();
                // After an awaited OpenAsync the setup is awaited too (and keeps ConfigureAwait(false) when the Open had it).
                string code = hasAsync && IsAwaited(statement!, out bool configureAwait)
                    ? "await " + target + ".ApplyProfileAsync(SqliteProfile.Production)" + (configureAwait ? ".ConfigureAwait(false)" : "") + ";"
                    : target + ".ApplyProfile(SqliteProfile.Production);";
                StatementSyntax setup = SyntaxFactory.ParseStatement(code)
                    .WithLeadingTrivia(Indentation(statement!))
                    .WithTrailingTrivia(SyntaxFactory.EndOfLine(eol));
                SyntaxNode anchor = statement!.Parent is GlobalStatementSyntax global ? global : statement!;
                SyntaxNode inserted = anchor is GlobalStatementSyntax ? SyntaxFactory.GlobalStatement(setup) : setup;
                editor.InsertAfter(anchor, inserted);
            }

            if (done.Count == 0) return document;
            SyntaxNode newRoot = editor.GetChangedRoot();
            if (newRoot is CompilationUnitSyntax unit && !await HasOmniSqliteUsingAsync(document, unit, cancellationToken).ConfigureAwait(false))
            {
                newRoot = UsingDirectives.Add(unit, "OmniSqlite", eol);
            }

            return document.WithSyntaxRoot(newRoot);
        }

        /// <summary>The statement that holds the Open/OpenAsync call of the diagnostic, and the connection expression.</summary>
        private static bool TryFindOpenStatement(SyntaxNode root, Diagnostic diagnostic, out StatementSyntax? statement, out ExpressionSyntax? receiver)
        {
            statement = null;
            receiver = null;
            SyntaxNode? node = root.FindNode(diagnostic.Location.SourceSpan);
            InvocationExpressionSyntax? open = node.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>()
                .FirstOrDefault(n => n.Span == diagnostic.Location.SourceSpan);
            if (open?.Expression is not MemberAccessExpressionSyntax access) return false;

            // Walk out of await, .ConfigureAwait(false) and parentheses to the expression statement.
            SyntaxNode current = open;
            while (current.Parent is AwaitExpressionSyntax or ParenthesizedExpressionSyntax
                   || (current.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } && current.Parent.Parent is InvocationExpressionSyntax))
            {
                current = current.Parent is MemberAccessExpressionSyntax ? current.Parent.Parent! : current.Parent!;
            }

            if (current.Parent is not ExpressionStatementSyntax expressionStatement) return false;
            if (expressionStatement.Parent is not (BlockSyntax or GlobalStatementSyntax or SwitchSectionSyntax)) return false;
            statement = expressionStatement;
            receiver = access.Expression;
            return true;
        }

        private static bool IsAwaited(StatementSyntax statement, out bool configureAwait)
        {
            configureAwait = false;
            if (statement is not ExpressionStatementSyntax { Expression: AwaitExpressionSyntax awaited }) return false;
            configureAwait = awaited.Expression is InvocationExpressionSyntax
            {
                Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" },
                ArgumentList.Arguments: [{ Expression: LiteralExpressionSyntax literal }],
            } && literal.IsKind(SyntaxKind.FalseLiteralExpression);
            return true;
        }

        private static SyntaxTriviaList Indentation(StatementSyntax statement)
        {
            SyntaxTriviaList leading = statement.Parent is GlobalStatementSyntax global ? global.GetLeadingTrivia() : statement.GetLeadingTrivia();
            return leading.Count > 0 && leading.Last().IsKind(SyntaxKind.WhitespaceTrivia)
                ? SyntaxFactory.TriviaList(leading.Last())
                : SyntaxTriviaList.Empty;
        }

        internal static string DetectEndOfLine(SyntaxNode root)
        {
            foreach (SyntaxTrivia trivia in root.DescendantTrivia())
            {
                if (trivia.IsKind(SyntaxKind.EndOfLineTrivia)) return trivia.ToString();
            }

            return "\n";
        }

        private static async Task<bool> HasOmniSqliteUsingAsync(Document document, CompilationUnitSyntax unit, CancellationToken cancellationToken)
        {
            if (UsingDirectives.Contains(unit, "OmniSqlite")) return true;
            foreach (Document other in document.Project.Documents)
            {
                if (other.Id == document.Id) continue;
                if (await other.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is CompilationUnitSyntax otherUnit
                    && otherUnit.Usings.Any(u => u.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword) && u.Alias is null && u.StaticKeyword.IsKind(SyntaxKind.None) && u.Name?.ToString() == "OmniSqlite"))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
