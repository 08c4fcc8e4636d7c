using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace OmniSqlite.CodeFixes
{
    /// <summary>
    /// OSQL010: when the table maps to an entity class in source, add <c>[Indexed]</c> to the member (one column) or
    /// <c>[Index(nameof(A), nameof(B))]</c> to the class (several columns). Fix All adds each index once.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddIndexCodeFixProvider))]
    public sealed class AddIndexCodeFixProvider : CodeFixProvider
    {
        public const string EquivalenceKey = "OSQL010.AddIndex";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("OSQL010");

        public override FixAllProvider GetFixAllProvider() => AddIndexFixAllProvider.Instance;

        public override Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            foreach (var diagnostic in context.Diagnostics)
            {
                var request = IndexRequest.From(diagnostic);
                if (request is null) continue;
                context.RegisterCodeFix(
                    CodeAction.Create(request.Title, ct => Apply(context.Document.Project.Solution, new[] { request }, ct), EquivalenceKey),
                    diagnostic);
            }
            return Task.CompletedTask;
        }

        internal static async Task<Solution> Apply(Solution solution, IEnumerable<IndexRequest> requests, CancellationToken cancellationToken)
        {
            foreach (var request in requests.Distinct())
                solution = await ApplyOne(solution, request, cancellationToken).ConfigureAwait(false);
            return solution;
        }

        private static async Task<Solution> ApplyOne(Solution solution, IndexRequest request, CancellationToken cancellationToken)
        {
            foreach (var project in solution.Projects)
            {
                var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
                var type = compilation is null ? null : FindType(compilation, request.EntityType);
                if (type is null) continue;
                foreach (var reference in type.DeclaringSyntaxReferences)
                {
                    if (await reference.GetSyntaxAsync(cancellationToken).ConfigureAwait(false) is not TypeDeclarationSyntax declaration) continue;
                    var document = solution.GetDocument(declaration.SyntaxTree);
                    if (document is null) continue;
                    var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                    if (root is null) continue;
                    var prefix = ImportsOmniSqlite(root, declaration) ? "" : "OmniSqlite.";
                    SyntaxNode? newRoot = request.Members.Length == 1
                        ? AddIndexed(root, declaration, request.Members[0], prefix)
                        : AddIndex(root, declaration, request.Members, type, prefix);
                    if (newRoot is null) continue;
                    return solution.WithDocumentSyntaxRoot(document.Id, newRoot);
                }
                return solution;
            }
            return solution;
        }

        private static INamedTypeSymbol? FindType(Compilation compilation, string fullyQualifiedName)
        {
            var name = fullyQualifiedName.StartsWith("global::", StringComparison.Ordinal) ? fullyQualifiedName.Substring(8) : fullyQualifiedName;
            var type = compilation.GetTypeByMetadataName(name);
            if (type != null && type.Locations.Any(l => l.IsInSource)) return type;
            return null;
        }

        private static SyntaxNode? AddIndexed(SyntaxNode root, TypeDeclarationSyntax type, string member, string prefix)
        {
            var property = type.Members.OfType<PropertyDeclarationSyntax>().FirstOrDefault(p => p.Identifier.ValueText == member);
            if (property != null)
            {
                if (HasAttribute(property.AttributeLists, "Indexed")) return null;
                return root.ReplaceNode(property, WithAttribute(property, property.AttributeLists, Attribute(prefix + "Indexed"), (p, lists) => p.WithAttributeLists(lists)));
            }
            // A positional record parameter: [property: Indexed]
            if (type is RecordDeclarationSyntax { ParameterList: { } parameters })
            {
                var parameter = parameters.Parameters.FirstOrDefault(p => p.Identifier.ValueText == member);
                if (parameter is null || HasAttribute(parameter.AttributeLists, "Indexed")) return null;
                var list = ParseList("[property: " + prefix + "Indexed]").WithTrailingTrivia(SyntaxFactory.Space);
                var updated = parameter.WithoutLeadingTrivia().WithAttributeLists(parameter.AttributeLists.Insert(0, list.WithLeadingTrivia(parameter.GetLeadingTrivia())));
                return root.ReplaceNode(parameter, updated);
            }
            return null;
        }

        private static T WithAttribute<T>(T node, SyntaxList<AttributeListSyntax> lists, AttributeSyntax attribute, Func<T, SyntaxList<AttributeListSyntax>, T> with)
            where T : SyntaxNode
        {
            if (lists.Count > 0)
            {
                // [PrimaryKey] -> [PrimaryKey, Indexed]
                var last = lists[lists.Count - 1];
                return with(node, lists.Replace(last, last.AddAttributes(attribute)));
            }
            var leading = node.GetLeadingTrivia();
            var list = ParseList("[" + attribute + "]")
                .WithLeadingTrivia(leading)
                .WithTrailingTrivia(SyntaxFactory.Space);
            return with(node.WithoutLeadingTrivia(), SyntaxFactory.SingletonList(list));
        }

        private static SyntaxNode? AddIndex(SyntaxNode root, TypeDeclarationSyntax type, ImmutableArray<string> members, INamedTypeSymbol symbol, string prefix)
        {
            // Already there? (an [Index] with exactly these members, in order)
            foreach (var attribute in symbol.GetAttributes())
            {
                if (attribute.AttributeClass?.Name != "IndexAttribute" || attribute.ConstructorArguments.Length != 1) continue;
                var values = attribute.ConstructorArguments[0].Values.Select(v => v.Value as string).ToArray();
                if (values.SequenceEqual(members)) return null;
            }
            var index = Attribute(prefix + "Index" + "(" + string.Join(", ", members.Select(m => "nameof(" + m + ")")) + ")");
            var indentation = Indentation(type.GetLeadingTrivia());
            var eol = type.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
            var newLine = eol.IsKind(SyntaxKind.EndOfLineTrivia) ? eol : SyntaxFactory.CarriageReturnLineFeed;
            var list = ParseList("[" + index + "]");
            TypeDeclarationSyntax updated;
            if (type.AttributeLists.Count > 0)
            {
                updated = type.WithAttributeLists(type.AttributeLists.Add(list.WithLeadingTrivia(indentation).WithTrailingTrivia(newLine)));
            }
            else
            {
                var leading = type.GetLeadingTrivia();
                updated = type.WithoutLeadingTrivia().WithLeadingTrivia(indentation);
                updated = updated.WithAttributeLists(SyntaxFactory.SingletonList(list.WithLeadingTrivia(leading).WithTrailingTrivia(newLine)));
            }
            return root.ReplaceNode(type, updated);
        }

        private static SyntaxTriviaList Indentation(SyntaxTriviaList leading)
        {
            var last = leading.LastOrDefault();
            return last.IsKind(SyntaxKind.WhitespaceTrivia) ? SyntaxFactory.TriviaList(last) : SyntaxFactory.TriviaList();
        }

        /// <summary>An attribute from text, e.g. "Indexed" or "OmniSqlite.Index(nameof(A), nameof(B))" (the prefix is "" when the file imports OmniSqlite).</summary>
        private static AttributeSyntax Attribute(string text) => ParseList("[" + text + "]").Attributes[0];

        /// <summary>An attribute list parsed from text: real (not elastic) trivia, so the formatter leaves the layout alone.</summary>
        private static AttributeListSyntax ParseList(string text)
            => ((PropertyDeclarationSyntax)SyntaxFactory.ParseMemberDeclaration(text + " int X { get; }")!).AttributeLists[0].WithoutTrivia();

        private static bool ImportsOmniSqlite(SyntaxNode root, TypeDeclarationSyntax type)
        {
            foreach (var u in root.DescendantNodes().OfType<UsingDirectiveSyntax>())
                if (u.Alias is null && u.StaticKeyword.IsKind(SyntaxKind.None) && u.Name?.ToString() == "OmniSqlite") return true;
            foreach (var ns in type.Ancestors().OfType<BaseNamespaceDeclarationSyntax>())
                if (ns.Name.ToString() == "OmniSqlite" || ns.Name.ToString().StartsWith("OmniSqlite.", StringComparison.Ordinal)) return true;
            return false;
        }

        private static bool HasAttribute(SyntaxList<AttributeListSyntax> lists, string name)
            => lists.SelectMany(l => l.Attributes).Any(a =>
            {
                var text = a.Name.ToString();
                return text == name || text == name + "Attribute" || text.EndsWith("." + name, StringComparison.Ordinal) || text.EndsWith("." + name + "Attribute", StringComparison.Ordinal);
            });
    }

    /// <summary>What one OSQL010 asks for: an index on these members of this entity (from the diagnostic's properties).</summary>
    internal sealed class IndexRequest : IEquatable<IndexRequest>
    {
        private IndexRequest(string entityType, ImmutableArray<string> members) { EntityType = entityType; Members = members; }

        public string EntityType { get; }
        public ImmutableArray<string> Members { get; }

        public string Title
        {
            get
            {
                var type = EntityType.Substring(EntityType.LastIndexOf('.') + 1);
                return Members.Length == 1
                    ? "Add [Indexed] to " + type + "." + Members[0]
                    : "Add [Index(" + string.Join(", ", Members.Select(m => "nameof(" + m + ")")) + ")] to " + type;
            }
        }

        public static IndexRequest? From(Diagnostic diagnostic)
        {
            if (!diagnostic.Properties.TryGetValue("EntityType", out var type) || string.IsNullOrEmpty(type)) return null;
            if (!diagnostic.Properties.TryGetValue("Members", out var members) || string.IsNullOrEmpty(members)) return null;
            return new IndexRequest(type!, members!.Split(',').ToImmutableArray());
        }

        public bool Equals(IndexRequest? other) => other != null && EntityType == other.EntityType && Members.SequenceEqual(other.Members);
        public override bool Equals(object? obj) => Equals(obj as IndexRequest);
        public override int GetHashCode() => EntityType.GetHashCode() ^ string.Join(",", Members).GetHashCode();
    }

    /// <summary>Fix All for OSQL010: every distinct index once, across documents (the entity may live elsewhere).</summary>
    internal sealed class AddIndexFixAllProvider : FixAllProvider
    {
        public static readonly AddIndexFixAllProvider Instance = new AddIndexFixAllProvider();

        public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
        {
            var diagnostics = new List<Diagnostic>();
            switch (fixAllContext.Scope)
            {
                case FixAllScope.Document when fixAllContext.Document != null:
                    diagnostics.AddRange(await fixAllContext.GetDocumentDiagnosticsAsync(fixAllContext.Document).ConfigureAwait(false));
                    break;
                case FixAllScope.Project:
                    diagnostics.AddRange(await fixAllContext.GetAllDiagnosticsAsync(fixAllContext.Project).ConfigureAwait(false));
                    break;
                case FixAllScope.Solution:
                    foreach (var project in fixAllContext.Solution.Projects)
                        diagnostics.AddRange(await fixAllContext.GetAllDiagnosticsAsync(project).ConfigureAwait(false));
                    break;
                default:
                    return null;
            }
            var requests = diagnostics.Select(IndexRequest.From).Where(r => r != null).Select(r => r!).Distinct().ToList();
            if (requests.Count == 0) return null;
            var solution = fixAllContext.Solution;
            return CodeAction.Create("Add the missing indexes", ct => AddIndexCodeFixProvider.Apply(solution, requests, ct), AddIndexCodeFixProvider.EquivalenceKey);
        }
    }
}
