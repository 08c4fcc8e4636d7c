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
        // A file's words depend only on its options: they are looked up once per file, not once per code block.
        private readonly ConcurrentDictionary<SyntaxTree, string[]> _wordsByTree = new ConcurrentDictionary<SyntaxTree, string[]>();

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
            if (_wordsByTree.TryGetValue(tree, out var known)) return known;
            options.AnalyzerConfigOptionsProvider.GetOptions(tree).TryGetValue(SqlMethodsOption, out var configured);
            var byOption = _words.GetOrAdd(configured ?? "", text =>
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
            return _wordsByTree.GetOrAdd(tree, byOption);
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
        /// Syntax only: a file whose text holds none of a level's words is passed over; in the others only the declarations
        /// are walked (once), and only the bodies of methods that take a string are searched for the words.
        /// </summary>
        private static string[] HelperNames(Compilation compilation)
        {
            var files = new List<HelperFile>();
            foreach (var tree in compilation.SyntaxTrees)
                if (!tree.FilePath.EndsWith(".g.cs", StringComparison.OrdinalIgnoreCase)) files.Add(new HelperFile(tree, tree.GetText().ToString()));

            var names = new List<string>();
            var allWords = new List<string>(s_sinkWords);
            IReadOnlyList<string> words = s_sinkWords;
            for (int level = 0; level < MaxDepth && words.Count > 0; level++)
            {
                var found = new List<string>();
                foreach (var file in files)
                {
                    if (!Common.BlockFilter.Contains(file.Text, 0, file.Text.Length, words, StringComparison.Ordinal)) continue;
                    // A method is looked at once: at the first level whose words its body holds (then named, or left out
                    // because a shorter word already finds its callers).
                    file.Candidates().RemoveAll(method =>
                    {
                        SyntaxNode body = (SyntaxNode?)method.Body ?? method.ExpressionBody!;
                        if (!Common.BlockFilter.Contains(file.Text, body.SpanStart, body.Span.Length, words, StringComparison.Ordinal)) return false;
                        var name = method.Identifier.ValueText;
                        if (!ContainsWord(allWords, name) && !names.Contains(name))
                        {
                            names.Add(name);
                            found.Add(name);
                        }
                        return true;
                    });
                }
                allWords.AddRange(found);
                words = found;
            }
            return names.ToArray();
        }

        /// <summary>One source file of <see cref="HelperNames"/>: its text, and its methods with a body and a string parameter once asked for.</summary>
        private sealed class HelperFile
        {
            private readonly SyntaxTree _tree;
            private List<MethodDeclarationSyntax>? _candidates;

            public HelperFile(SyntaxTree tree, string text)
            {
                _tree = tree;
                Text = text;
            }

            public string Text { get; }

            public List<MethodDeclarationSyntax> Candidates()
            {
                if (_candidates != null) return _candidates;
                _candidates = new List<MethodDeclarationSyntax>();
                foreach (var member in Common.CodeBlockOperations.Members(_tree, default))
                {
                    if (member is MethodDeclarationSyntax method && (method.Body != null || method.ExpressionBody != null) && HasStringParameterSyntax(method.ParameterList))
                        _candidates.Add(method);
                }
                return _candidates;
            }
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
