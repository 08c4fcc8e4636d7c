using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using OmniSqlite.Analyzers.Analysis;

namespace OmniSqlite.Analyzers.Analyzers
{
    /// <summary>
    /// The project's own SQL helpers: a method in source whose string parameter flows into CommandText, a SqliteCommand
    /// constructor, a Dapper call or another helper (to <see cref="MaxDepth"/> levels) is itself a SQL sink, so SQL passed to
    /// it is analysed at the caller. Methods in binaries are named with <c>omnisqlite.sql_methods</c> in .editorconfig
    /// (<c>Namespace.Type.Method</c> or <c>Type.Method</c>, comma-separated; the SQL is the string parameter named sql,
    /// commandText or query, else the first string parameter). Each method is looked at once per compilation.
    /// </summary>
    internal sealed class SqlSinks
    {
        public const string SqlMethodsOption = "omnisqlite.sql_methods";

        /// <summary>How many helper levels SQL is followed through (a helper calling a helper calling a sink is 2).</summary>
        public const int MaxDepth = 3;

        private readonly Compilation _compilation;
        private readonly SqlCompilationState _state;
        private readonly ConcurrentDictionary<IMethodSymbol, int> _sourceSinks = new ConcurrentDictionary<IMethodSymbol, int>(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<string, string[]> _configured = new ConcurrentDictionary<string, string[]>();

        // What a code block's text must hold for SQL in it to reach SQLite: CommandText, a command's constructor
        // (SqliteCommand, CommandDefinition), a Dapper-style Query*/Execute* call.
        private static readonly string[] s_sinkWords = { "Command", "Query", "Execute" };

        // Found once, when the compilation's analysis starts: a lazy value that the first code blocks race to build was
        // built by each of the compiler's threads at once.
        private readonly string[] _helperNames;
        private readonly ConcurrentDictionary<string, string[]> _words = new ConcurrentDictionary<string, string[]>();

        public SqlSinks(Compilation compilation, SqlCompilationState state)
        {
            _compilation = compilation;
            _state = state;
            _helperNames = HelperNames(compilation);
        }

        /// <summary>
        /// The words one of which a code block's text must hold for SQL in it to reach SQLite: the sinks' own words, the
        /// names of the project's methods that may be helpers, and the methods <c>omnisqlite.sql_methods</c> names.
        /// A filter only (a block without any is not bound); <see cref="SqlParameter"/> decides.
        /// </summary>
        public IReadOnlyList<string> Words(AnalyzerOptions options, SyntaxTree tree)
        {
            options.AnalyzerConfigOptionsProvider.GetOptions(tree).TryGetValue(SqlMethodsOption, out var configured);
            return _words.GetOrAdd(configured ?? "", text =>
            {
                var words = new List<string>(s_sinkWords);
                foreach (var name in _helperNames)
                    if (!ContainsWord(words, name)) words.Add(name);
                foreach (var entry in text.Split(new[] { ',', ';', ' ' }, StringSplitOptions.RemoveEmptyEntries))
                {
                    var name = entry.Substring(entry.LastIndexOf('.') + 1);
                    if (name.Length > 0 && !ContainsWord(words, name)) words.Add(name);
                }
                return words.ToArray();
            });
        }

        private static bool ContainsWord(List<string> words, string name)
        {
            foreach (var word in words)
                if (name.IndexOf(word, StringComparison.Ordinal) >= 0) return true; // a longer name is found by its shorter word
            return false;
        }

        /// <summary>
        /// The names of the methods in source (generated files left out) that may pass a string parameter on to SQLite:
        /// a string parameter, and a body that holds a sink word or, to <see cref="MaxDepth"/> levels, another such name.
        /// Syntax only: the declarations of each file are walked (not the bodies), and only the bodies of methods that take a
        /// string are searched for the words (a project of thousands of SQL methods that take none searches nothing).
        /// </summary>
        private static string[] HelperNames(Compilation compilation)
        {
            var candidates = new List<(MethodDeclarationSyntax Method, SyntaxNode Body, string Text)>();
            foreach (var tree in compilation.SyntaxTrees)
            {
                if (tree.FilePath.EndsWith(".g.cs", StringComparison.OrdinalIgnoreCase)) continue;
                string? text = null;
                foreach (var member in Common.CodeBlockOperations.Members(tree, default))
                {
                    if (member is not MethodDeclarationSyntax method || !HasStringParameterSyntax(method.ParameterList)) continue;
                    SyntaxNode? body = (SyntaxNode?)method.Body ?? method.ExpressionBody;
                    if (body is null) continue;
                    candidates.Add((method, body, text ??= tree.GetText().ToString()));
                }
            }

            var names = new List<string>();
            var allWords = new List<string>(s_sinkWords);
            IReadOnlyList<string> words = s_sinkWords;
            for (int level = 0; level < MaxDepth && words.Count > 0 && candidates.Count > 0; level++)
            {
                var found = new List<string>();
                // A method is looked at once: at the first level whose words its body holds (then named, or left out
                // because a shorter word already finds its callers).
                candidates.RemoveAll(candidate =>
                {
                    if (!Common.BlockFilter.Contains(candidate.Text, candidate.Body.SpanStart, candidate.Body.Span.Length, words, StringComparison.Ordinal)) return false;
                    var name = candidate.Method.Identifier.ValueText;
                    if (!ContainsWord(allWords, name) && !names.Contains(name))
                    {
                        names.Add(name);
                        found.Add(name);
                    }
                    return true;
                });
                allWords.AddRange(found);
                words = found;
            }
            return names.ToArray();
        }

        private static bool HasStringParameterSyntax(ParameterListSyntax parameters)
        {
            foreach (var parameter in parameters.Parameters)
            {
                var type = parameter.Type is NullableTypeSyntax nullable ? nullable.ElementType : parameter.Type;
                if (type is PredefinedTypeSyntax predefined && predefined.Keyword.IsKind(SyntaxKind.StringKeyword)) return true;
                if (type is IdentifierNameSyntax { Identifier.ValueText: "String" } or QualifiedNameSyntax { Right.Identifier.ValueText: "String" }) return true;
            }
            return false;
        }

        /// <summary>The ordinal of the parameter that carries SQL into SQLite, or -1 when the method is not a sink.</summary>
        public int SqlParameter(IMethodSymbol method, AnalyzerOptions? options, SyntaxTree tree, int depth)
        {
            method = method.OriginalDefinition;
            if (!HasStringParameter(method)) return -1;
            int configured = Configured(method, options, tree);
            if (configured >= 0) return configured;
            // Locations, not DeclaringSyntaxReferences: a source method builds a new array for the latter at every call.
            if (depth >= MaxDepth || method.Locations.Length == 0 || !method.Locations[0].IsInSource) return -1;
            if (_sourceSinks.TryGetValue(method, out var known)) return known;
            int found = FindInSource(method, options, depth);
            _sourceSinks.TryAdd(method, found);
            return found;
        }

        private static bool HasStringParameter(IMethodSymbol method)
        {
            foreach (var parameter in method.Parameters)
                if (parameter.Type.SpecialType == SpecialType.System_String && parameter.RefKind == RefKind.None) return true;
            return false;
        }

        private int Configured(IMethodSymbol method, AnalyzerOptions? options, SyntaxTree tree)
        {
            if (options is null || !options.AnalyzerConfigOptionsProvider.GetOptions(tree).TryGetValue(SqlMethodsOption, out var text)) return -1;
            var entries = _configured.GetOrAdd(text, t => t.Split(new[] { ',', ';', ' ' }, StringSplitOptions.RemoveEmptyEntries));
            string? typeName = null;
            foreach (var entry in entries)
            {
                int dot = entry.LastIndexOf('.');
                if (dot <= 0 || !string.Equals(entry.Substring(dot + 1), method.Name, StringComparison.Ordinal)) continue;
                typeName ??= method.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat).Replace("global::", "");
                var wanted = entry.Substring(0, dot);
                if (typeName == wanted || typeName.EndsWith("." + wanted, StringComparison.Ordinal)) return SqlParameterOf(method);
            }
            return -1;
        }

        private static int SqlParameterOf(IMethodSymbol method)
        {
            int first = -1;
            foreach (var parameter in method.Parameters)
            {
                if (parameter.Type.SpecialType != SpecialType.System_String || parameter.RefKind != RefKind.None) continue;
                if (parameter.Name is "sql" or "commandText" or "query") return parameter.Ordinal;
                if (first < 0) first = parameter.Ordinal;
            }
            return first;
        }

        private int FindInSource(IMethodSymbol method, AnalyzerOptions? options, int depth)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var parameter in method.Parameters)
                if (parameter.Type.SpecialType == SpecialType.System_String && parameter.RefKind == RefKind.None) names.Add(parameter.Name);
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                var node = reference.GetSyntax();
                SyntaxNode? body = node switch
                {
                    BaseMethodDeclarationSyntax m => (SyntaxNode?)m.Body ?? m.ExpressionBody?.Expression,
                    LocalFunctionStatementSyntax f => (SyntaxNode?)f.Body ?? f.ExpressionBody?.Expression,
                    _ => null,
                };
                if (body is null || !MentionsAny(body, names)) continue;
#pragma warning disable RS1030 // Once per helper method with a string parameter that its body passes on (cached): the body must be bound to follow it.
                var model = _compilation.GetSemanticModel(body.SyntaxTree);
#pragma warning restore RS1030
                var operation = model.GetOperation(body);
                if (operation is null) continue;
                foreach (var candidate in operation.DescendantsAndSelf())
                {
                    if (candidate.Kind is not (OperationKind.SimpleAssignment or OperationKind.ObjectCreation or OperationKind.Invocation)) continue;
                    var site = SqlSite.From(candidate, _state, options, depth + 1);
                    if (site?.Value is IParameterReferenceOperation parameter
                        && SymbolEqualityComparer.Default.Equals(parameter.Parameter.ContainingSymbol, method)
                        && names.Contains(parameter.Parameter.Name))
                        return parameter.Parameter.Ordinal;
                }
            }
            return -1;
        }

        private static bool MentionsAny(SyntaxNode body, HashSet<string> names)
        {
            foreach (var token in body.DescendantTokens())
                if (token.IsKind(SyntaxKind.IdentifierToken) && names.Contains(token.ValueText)) return true;
            return false;
        }
    }
}
