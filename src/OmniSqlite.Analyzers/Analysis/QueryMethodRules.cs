using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
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
        /// <param name="mapSql">Where a span of the SQL text is in source (inside the string literal when it can be matched).</param>
        public static void Analyze(IMethodSymbol method, SchemaModel schema, Func<int, int, Location> mapSql, Action<Diagnostic> report, CancellationToken cancellationToken)
        {
            if (method.PartialDefinitionPart != null) return; // the implementation part: reported on the definition
            var model = QueryParser.Parse(method, cancellationToken);
            if (model is null || model.Methods.Length != 1) return;
            var problems = new List<QueryProblem>();
            var m = model.Methods[0];
            QueryResolver.Resolve(m, schema, EntityGenerator.IsRepository(model, schema), problems, DialectSetting.IsPostgreSqlRequested(method.ContainingAssembly));
            if (problems.Count == 0) return;

            var declaration = method.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).OfType<MethodDeclarationSyntax>().FirstOrDefault();
            foreach (var p in problems)
            {
                Location location;
                switch (p.Anchor)
                {
                    case QueryAnchor.Sql:
                        location = mapSql(p.Start, p.Length);
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
}
