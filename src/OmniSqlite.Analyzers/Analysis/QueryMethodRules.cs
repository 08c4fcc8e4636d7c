using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using OmniSqlite.Analyzers.Generator;
using OmniSqlite.Analyzers.Model;
using OmniSqlite.Analyzers.Parsing;

namespace OmniSqlite.Analyzers.Analysis
{
    /// <summary>
    /// OSQL020-OSQL025 for one [Query] method: reads the method like the generator does (<see cref="QueryParser"/>), resolves it
    /// with the same <see cref="QueryResolver"/>, and turns each problem into a diagnostic at its place (inside the string
    /// literal for SQL problems, at the parameter, the return type or the method name otherwise).
    /// </summary>
    internal static class QueryMethodRules
    {
        public static void Analyze(IMethodSymbol method, SchemaModel schema, Action<Diagnostic> report, CancellationToken cancellationToken)
        {
            if (method.PartialDefinitionPart != null) return; // the implementation part: reported on the definition
            var attribute = QueryParser.FindQueryAttribute(method);
            if (attribute is null) return;
            var model = QueryParser.Parse(method, cancellationToken);
            if (model is null || model.Methods.Length != 1) return;
            var problems = new List<QueryProblem>();
            var m = model.Methods[0];
            QueryResolver.Resolve(m, schema, EntityGenerator.IsRepository(model, schema), problems);
            if (problems.Count == 0) return;

            var declaration = method.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).OfType<MethodDeclarationSyntax>().FirstOrDefault();
            var argument = (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax)?.ArgumentList?.Arguments.FirstOrDefault()?.Expression;
            foreach (var p in problems)
            {
                Location location;
                switch (p.Anchor)
                {
                    case QueryAnchor.Sql:
                        location = argument is null ? method.Locations[0] : SqlLiteralLocation.Map(argument, m.Sql ?? "", p.Start, p.Length);
                        break;
                    case QueryAnchor.Parameter:
                        var parameter = method.Parameters.FirstOrDefault(x => QueryParser.Escape(x.Name) == p.Parameter);
                        location = parameter?.Locations.FirstOrDefault() ?? method.Locations[0];
                        break;
                    case QueryAnchor.ReturnType:
                        location = declaration?.ReturnType.GetLocation() ?? method.Locations[0];
                        break;
                    default:
                        location = method.Locations[0];
                        break;
                }
                report(Diagnostic.Create(p.Descriptor, location, p.Args));
            }
        }
    }

    /// <summary>Where an offset of a SQL text is inside the C# string literal that holds it (regular, verbatim or raw).</summary>
    internal static class SqlLiteralLocation
    {
        /// <summary>The span inside the literal; the whole expression when the text is not one literal or cannot be matched.</summary>
        public static Location Map(ExpressionSyntax expression, string sql, int start, int length)
        {
            var whole = expression.GetLocation();
            if (expression is not LiteralExpressionSyntax literal) return whole;
            var token = literal.Token;
            if (token.ValueText != sql) return whole;
            var offsets = Offsets(token);
            if (offsets is null || start < 0 || start > sql.Length) return whole;
            if (length <= 0)
                return start == 0 && length == 0 ? whole : Location.Create(expression.SyntaxTree, new TextSpan(token.SpanStart + offsets[start], 0));
            int end = Math.Min(sql.Length, start + length);
            int from = offsets[start];
            int to = offsets[end - 1] + CharWidth(token.Text, offsets[end - 1]);
            return Location.Create(expression.SyntaxTree, TextSpan.FromBounds(token.SpanStart + from, token.SpanStart + to));
        }

        private static int CharWidth(string text, int at)
        {
            if (at < text.Length - 1 && text[at] == '\\') return text[at + 1] == 'u' ? 6 : text[at + 1] == 'U' ? 10 : 2;
            if (at < text.Length - 1 && text[at] == '"' && text[at + 1] == '"') return 2;
            return 1;
        }

        /// <summary>For each character of the value (and one past the end), its offset in the token text; null when unsure.</summary>
        private static int[]? Offsets(SyntaxToken token)
        {
            var text = token.Text;
            var value = token.ValueText;
            var map = new int[value.Length + 1];
            int v = 0;
            if (token.IsKind(SyntaxKind.StringLiteralToken))
            {
                bool verbatim = text.StartsWith("@", StringComparison.Ordinal);
                int i = verbatim ? 2 : 1;
                while (v < value.Length && i < text.Length - 1)
                {
                    map[v] = i;
                    if (verbatim && text[i] == '"') { i += 2; v++; continue; }
                    if (!verbatim && text[i] == '\\')
                    {
                        char e = text[i + 1];
                        if (e == 'u') { i += 6; v++; continue; }
                        if (e == 'U') { i += 10; v += char.IsHighSurrogate(value[v]) ? 2 : 1; continue; }
                        if (e == 'x') { int j = i + 2; while (j < text.Length - 1 && j < i + 6 && Uri.IsHexDigit(text[j])) j++; i = j; v++; continue; }
                        i += 2; v++; continue;
                    }
                    i++; v++;
                }
                map[value.Length] = i;
                return v == value.Length ? map : null;
            }
            if (token.IsKind(SyntaxKind.SingleLineRawStringLiteralToken) || token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken))
            {
                // No escapes: the value's characters appear in order; indentation and the opening/closing lines are skipped.
                int quotes = 0;
                while (quotes < text.Length && text[quotes] == '"') quotes++;
                int i = quotes;
                if (token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken))
                {
                    while (i < text.Length && text[i] != '\n') i++;
                    i++;
                }
                for (; v < value.Length; v++)
                {
                    while (i < text.Length && text[i] != value[v]) i++;
                    if (i >= text.Length) return null;
                    map[v] = i++;
                }
                map[value.Length] = i;
                return map;
            }
            return null;
        }
    }
}
