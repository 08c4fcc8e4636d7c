using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace OmniSqlite.CodeFixes
{
    /// <summary>
    /// OSQL014: turns the spliced values of <c>command.CommandText = "..." + x</c> / <c>$"...{x}..."</c> (and of
    /// <c>var command = new SqliteCommand(...)</c>) into <c>$x</c> parameters bound with <c>command.Parameters.AddWithValue</c>.
    /// Quotes written around a spliced value (<c>'" + name + "'</c>) are removed. Offered for SqliteCommand receivers.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ParameterizeSqlCodeFixProvider))]
    public sealed class ParameterizeSqlCodeFixProvider : CodeFixProvider
    {
        public const string EquivalenceKey = "OSQL014.Parameterize";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("OSQL014");

        public override FixAllProvider? GetFixAllProvider() => null; // each site is fixed as a whole; one action per site

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || model is null) return;
            var node = root.FindNode(context.Span);
            var plan = Plan(node, model, context.CancellationToken);
            if (plan is null) return;
            context.RegisterCodeFix(
                CodeAction.Create("Pass the value as a parameter", ct => Task.FromResult(context.Document.WithSyntaxRoot(Rewrite(root, plan))), EquivalenceKey),
                context.Diagnostics);
        }

        private sealed class FixPlan
        {
            public ExpressionSyntax Sql = null!;
            public StatementSyntax Statement = null!;
            public ExpressionSyntax Command = null!;
            public string Text = "";
            public List<(string Name, ExpressionSyntax Value)> Parameters = new List<(string, ExpressionSyntax)>();
        }

        private static FixPlan? Plan(SyntaxNode node, SemanticModel model, CancellationToken cancellationToken)
        {
            // The whole SQL expression: the top of the '+' chain or the interpolated string.
            ExpressionSyntax? sql = node.AncestorsAndSelf().OfType<InterpolatedStringExpressionSyntax>().FirstOrDefault();
            if (sql is null)
            {
                var add = node.AncestorsAndSelf().OfType<BinaryExpressionSyntax>().LastOrDefault(b => b.IsKind(SyntaxKind.AddExpression));
                if (add is null) return null;
                sql = add;
            }
            while (sql.Parent is ParenthesizedExpressionSyntax p) sql = p;

            var plan = new FixPlan { Sql = sql };
            ExpressionSyntax? typed = null;
            switch (sql.Parent)
            {
                case AssignmentExpressionSyntax { Left: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "CommandText" } target, Parent: ExpressionStatementSyntax statement }:
                    plan.Command = target.Expression;
                    plan.Statement = statement;
                    typed = target.Expression;
                    break;
                case ArgumentSyntax { Parent: ArgumentListSyntax { Parent: ObjectCreationExpressionSyntax { Parent: EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator } } creation } }
                    when declarator.Parent?.Parent is LocalDeclarationStatementSyntax local:
                    plan.Command = SyntaxFactory.IdentifierName(declarator.Identifier.ValueText);
                    plan.Statement = local;
                    typed = creation;
                    break;
                default:
                    return null;
            }
            if (plan.Statement.Parent is not BlockSyntax) return null;
            var commandType = model.GetTypeInfo(typed!, cancellationToken).Type;
            if (commandType?.Name != "SqliteCommand") return null;

            var text = new StringBuilder();
            var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (sql is InterpolatedStringExpressionSyntax interpolated)
            {
                foreach (var content in interpolated.Contents)
                {
                    if (content is InterpolatedStringTextSyntax literal) text.Append(literal.TextToken.ValueText);
                    else if (content is InterpolationSyntax hole)
                    {
                        if (hole.AlignmentClause != null || hole.FormatClause != null) return null;
                        var constant = model.GetConstantValue(hole.Expression, cancellationToken);
                        if (constant.HasValue) { text.Append(Convert.ToString(constant.Value, System.Globalization.CultureInfo.InvariantCulture)); continue; }
                        Placeholder(plan, text, hole.Expression, used);
                    }
                }
            }
            else
            {
                foreach (var leaf in Leaves(sql))
                {
                    var constant = model.GetConstantValue(leaf, cancellationToken);
                    if (constant.HasValue) { text.Append(Convert.ToString(constant.Value, System.Globalization.CultureInfo.InvariantCulture)); continue; }
                    if (leaf is InterpolatedStringExpressionSyntax) return null;
                    Placeholder(plan, text, leaf, used);
                }
            }
            if (plan.Parameters.Count == 0) return null;
            plan.Text = StripQuotes(text.ToString(), plan.Parameters.Select(p => p.Name));
            return plan;
        }

        private static IEnumerable<ExpressionSyntax> Leaves(ExpressionSyntax expression)
        {
            if (expression is ParenthesizedExpressionSyntax p) { foreach (var l in Leaves(p.Expression)) yield return l; yield break; }
            if (expression is BinaryExpressionSyntax b && b.IsKind(SyntaxKind.AddExpression))
            {
                foreach (var l in Leaves(b.Left)) yield return l;
                foreach (var l in Leaves(b.Right)) yield return l;
                yield break;
            }
            yield return expression;
        }

        private static void Placeholder(FixPlan plan, StringBuilder text, ExpressionSyntax value, HashSet<string> used)
        {
            string baseName = value switch
            {
                IdentifierNameSyntax id => id.Identifier.ValueText,
                MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
                _ => "p",
            };
            var name = "$" + baseName;
            for (int i = 1; !used.Add(name); i++) name = "$" + baseName + i;
            plan.Parameters.Add((name, value.WithoutTrivia()));
            text.Append(name);
        }

        /// <summary>'$name' -> $name: the quotes were there for the spliced text, a parameter needs none.</summary>
        private static string StripQuotes(string sql, IEnumerable<string> names)
        {
            foreach (var name in names) sql = sql.Replace("'" + name + "'", name);
            return sql;
        }

        private static SyntaxNode Rewrite(SyntaxNode root, FixPlan plan)
        {
            var block = (BlockSyntax)plan.Statement.Parent!;
            var literal = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(plan.Text)).WithTriviaFrom(plan.Sql);
            var newStatement = plan.Statement.ReplaceNode(plan.Sql, literal);
            var indentation = plan.Statement.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).LastOrDefault();
            var adds = plan.Parameters.Select(p => SyntaxFactory.ParseStatement(
                    plan.Command.WithoutTrivia().ToString() + ".Parameters.AddWithValue(\"" + p.Name + "\", " + p.Value.ToString() + ");")
                .WithLeadingTrivia(indentation)
                .WithTrailingTrivia(plan.Statement.GetTrailingTrivia())
                .WithAdditionalAnnotations(Formatter.Annotation));
            var index = block.Statements.IndexOf(plan.Statement);
            var statements = block.Statements.RemoveAt(index).InsertRange(index, new[] { newStatement }.Concat(adds));
            return root.ReplaceNode(block, block.WithStatements(statements));
        }
    }
}
