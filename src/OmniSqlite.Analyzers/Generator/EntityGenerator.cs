using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using OmniSqlite.Analyzers.Model;
using OmniSqlite.Analyzers.Parsing;

namespace OmniSqlite.Analyzers.Generator
{
    /// <summary>
    /// Entities in, repositories and DDL out. Entities are classes with [Table], or with a [PrimaryKey] member.
    /// Past the transform only equatable models flow. Source output sees only <see cref="EntityModel"/> (no locations),
    /// so moving an entity inside its file re-emits nothing; diagnostics, which need locations, have their own outputs.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed partial class EntityGenerator : IIncrementalGenerator
    {
        public const string SettingsStep = "Settings";
        public const string ParsedStep = "Parsed";
        public const string EntitiesStep = "Entities";
        public const string ModelsStep = "Models";
        public const string AllModelsStep = "AllModels";
        public const string CollisionsStep = "Collisions";
        public const string DataPathStep = "DataPath";
        public const string NameClashesStep = "NameClashes";

        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var settings = context.CompilationProvider
                .Select(static (compilation, _) => Naming.ReadSettings(compilation))
                .WithTrackingName(SettingsStep);

            // Classes with [Table].
            var tables = context.SyntaxProvider.ForAttributeWithMetadataName(
                    EntityParser.TableAttribute,
                    static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                    static (ctx, ct) => EntityParser.Parse((INamedTypeSymbol)ctx.TargetSymbol, ct))
                .WithTrackingName(ParsedStep);

            // Classes without [Table] whose first [PrimaryKey] member is this one (so each class is seen once).
            var keyed = context.SyntaxProvider.ForAttributeWithMetadataName(
                    EntityParser.PrimaryKeyAttribute,
                    static (node, _) => node is PropertyDeclarationSyntax,
                    static (ctx, ct) => ParseKeyedOnly((IPropertySymbol)ctx.TargetSymbol, ct))
                .Where(static r => r is not null)
                .Select(static (r, _) => r!)
                .WithTrackingName(ParsedStep);

            var fromTables = Resolve(tables, settings);
            var fromKeyed = Resolve(keyed, settings);

            Report(context, fromTables);
            Report(context, fromKeyed);

            // Native statements or ADO.NET commands, for the whole assembly.
            var native = context.CompilationProvider
                .Select(static (compilation, _) => DataPathSetting.ReadNative(compilation))
                .WithTrackingName(DataPathStep);

            var tableModels = Models(fromTables);
            var keyedModels = Models(fromKeyed);
            var allEntities = tableModels.Collect().Combine(keyedModels.Collect())
                .Select(static (pair, _) => pair.Left.AddRange(pair.Right).ToEquatableArray())
                .WithTrackingName(AllModelsStep);
            // Entities whose generated type names another type of the namespace already has (OSQL111): not generated.
            var clashing = allEntities
                .Select(static (all, _) => SchemaCollisions.GeneratedNameClashes(all).Keys.OrderBy(k => k, System.StringComparer.Ordinal).ToEquatableArray())
                .WithTrackingName(NameClashesStep);
            context.RegisterSourceOutput(tableModels.Combine(native).Combine(clashing), static (spc, pair) => EmitEntity(spc, pair.Left.Left, pair.Left.Right, pair.Right));
            context.RegisterSourceOutput(keyedModels.Combine(native).Combine(clashing), static (spc, pair) => EmitEntity(spc, pair.Left.Left, pair.Left.Right, pair.Right));

            var all = allEntities.Combine(clashing).Combine(settings);
            context.RegisterSourceOutput(all, static (spc, pair) => EmitAssembly(spc, pair.Left.Left, pair.Left.Right, pair.Right));

            // Names that collide across entities (tables, indexes): reported, with locations, beside the source.
            var collisions = fromTables.Collect().Combine(fromKeyed.Collect())
                .Select(static (pair, _) => SchemaCollisions.Check(pair.Left.AddRange(pair.Right)))
                .WithTrackingName(CollisionsStep);
            context.RegisterSourceOutput(collisions, static (spc, list) =>
            {
                foreach (var d in list) spc.ReportDiagnostic(d.ToDiagnostic());
            });

            var postgreSql = InitializePostgreSql(context, tableModels, keyedModels, allEntities.Combine(settings));
            InitializeQueries(context, allEntities, native, postgreSql);
        }

        private static IncrementalValuesProvider<EntityParseResult> Resolve(IncrementalValuesProvider<EntityParseResult> parsed, IncrementalValueProvider<AssemblySettings> settings)
            => parsed.Combine(settings)
                .Select(static (pair, _) => Naming.Resolve(pair.Left, pair.Right))
                .WithTrackingName(EntitiesStep);

        private static IncrementalValuesProvider<EntityModel> Models(IncrementalValuesProvider<EntityParseResult> resolved)
            => resolved.Where(static r => r.Entity is not null)
                .Select(static (r, _) => r.Entity!)
                .WithTrackingName(ModelsStep);

        private static void Report(IncrementalGeneratorInitializationContext context, IncrementalValuesProvider<EntityParseResult> resolved)
        {
            var diagnostics = resolved.Select(static (r, _) => r.Diagnostics).Where(static d => d.Length > 0);
            context.RegisterSourceOutput(diagnostics, static (spc, list) =>
            {
                foreach (var d in list) spc.ReportDiagnostic(d.ToDiagnostic());
            });
        }

        private static EntityParseResult? ParseKeyedOnly(IPropertySymbol property, System.Threading.CancellationToken ct)
        {
            var type = property.ContainingType;
            if (type is null || !EntityParser.IsDeclaredType(type) || EntityParser.HasAttribute(type, "TableAttribute")) return null;
            var firstKey = type.GetMembers().OfType<IPropertySymbol>().FirstOrDefault(p => EntityParser.HasAttribute(p, "PrimaryKeyAttribute"));
            if (!SymbolEqualityComparer.Default.Equals(firstKey, property)) return null;
            return EntityParser.Parse(type, ct);
        }
    }
}
