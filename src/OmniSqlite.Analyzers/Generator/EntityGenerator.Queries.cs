using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using OmniSqlite.Analyzers.Analysis;
using OmniSqlite.Analyzers.Emitting;
using OmniSqlite.Analyzers.Model;
using OmniSqlite.Analyzers.Parsing;

namespace OmniSqlite.Analyzers.Generator
{
    /// <summary>
    /// The [Query] pipeline: methods with [Query] -> one model per method (values only) -> grouped by containing class ->
    /// resolved against the schema of the collected entities (SELECT * expansion, column types) -> one file per class.
    /// Problems are reported by the analyzer (OSQL020-OSQL025); here a method with an error gets a body that throws.
    /// </summary>
    public sealed partial class EntityGenerator
    {
        public const string QueryMethodsStep = "QueryMethods";
        public const string QueryClassesStep = "QueryClasses";
        public const string QuerySchemaStep = "QuerySchema";
        public const string QuerySpecsStep = "QuerySpecs";

        private static void InitializeQueries(IncrementalGeneratorInitializationContext context, IncrementalValueProvider<EquatableArray<EntityModel>> entities, IncrementalValueProvider<bool> native, IncrementalValueProvider<bool> postgreSql)
        {
            var methods = context.SyntaxProvider.ForAttributeWithMetadataName(
                    QueryParser.QueryAttribute,
                    static (node, _) => node is MethodDeclarationSyntax,
                    static (ctx, ct) => QueryParser.Parse((IMethodSymbol)ctx.TargetSymbol, ct))
                .Where(static c => c is not null)
                .Select(static (c, _) => c!)
                .WithTrackingName(QueryMethodsStep);

            var classes = methods.Collect()
                .SelectMany(static (list, _) => Group(list))
                .WithTrackingName(QueryClassesStep);

            var schema = entities
                .Select(static (list, _) => SchemaModel.FromEntities(list))
                .WithTrackingName(QuerySchemaStep);

            var specs = classes.Combine(schema).Combine(postgreSql)
                .Select(static (pair, _) => ResolveClass(pair.Left.Left, pair.Left.Right, pair.Right))
                .Where(static s => s.Methods.Length > 0)
                .WithTrackingName(QuerySpecsStep);

            context.RegisterSourceOutput(specs.Combine(native), static (spc, pair) =>
                spc.AddSource(pair.Left.Class.HintName + ".Queries.g.cs", SourceText.From(QueryEmitter.Emit(pair.Left, pair.Right), Encoding.UTF8)));

            // With the PostgreSQL dialect: a repository's methods again on XxxPostgreSqlRepository and IXxxRepository.
            context.RegisterSourceOutput(specs.Combine(postgreSql), static (spc, pair) =>
            {
                if (pair.Right && pair.Left.IsRepository)
                    spc.AddSource(pair.Left.Class.HintName + ".PostgreSqlQueries.g.cs", SourceText.From(PostgresQueryEmitter.Emit(pair.Left), Encoding.UTF8));
            });
        }

        /// <summary>One model per containing class, methods in declaration order.</summary>
        private static ImmutableArray<QueryClassModel> Group(ImmutableArray<QueryClassModel> methods)
        {
            var order = new List<string>();
            var byClass = new Dictionary<string, List<QueryClassModel>>();
            foreach (var m in methods)
            {
                if (!byClass.TryGetValue(m.HintName, out var list)) { list = new List<QueryClassModel>(); byClass[m.HintName] = list; order.Add(m.HintName); }
                list.Add(m);
            }
            var result = ImmutableArray.CreateBuilder<QueryClassModel>(order.Count);
            foreach (var hint in order)
            {
                var parts = byClass[hint];
                result.Add(parts[0] with { Methods = parts.SelectMany(p => p.Methods).ToEquatableArray() });
            }
            return result.ToImmutable();
        }

        private static QueryClassSpec ResolveClass(QueryClassModel model, SchemaModel schema, bool postgreSql)
        {
            bool isRepository = IsRepository(model, schema);
            var specs = new List<QueryMethodSpec>();
            var problems = new List<QueryProblem>();
            foreach (var method in model.Methods)
            {
                // Nothing can be written for a method that is not a partial definition (or sits in a non-partial type).
                if (method.Problem != null) continue;
                problems.Clear();
                specs.Add(QueryResolver.Resolve(method, schema, isRepository, problems, postgreSql));
            }
            return new QueryClassSpec(model, isRepository, specs.ToEquatableArray());
        }

        internal static bool IsRepository(QueryClassModel model, SchemaModel schema)
            => model.RepositoryEntity != null && schema.Tables.Any(t => t.EntityTypeName == model.RepositoryEntity);
    }
}
