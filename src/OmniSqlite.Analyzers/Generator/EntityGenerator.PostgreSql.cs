using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using OmniSqlite.Analyzers.Diagnostics;
using OmniSqlite.Analyzers.Emitting;
using OmniSqlite.Analyzers.Model;
using OmniSqlite.Analyzers.Parsing;

namespace OmniSqlite.Analyzers.Generator
{
    /// <summary>
    /// The PostgreSQL dialect (<c>[assembly: OmniSqliteDialects(... | Dialect.PostgreSql)]</c>): per entity the interface both
    /// repositories implement, the Npgsql repository and the PostgreSQL DDL; per assembly EnsureCreated(NpgsqlConnection).
    /// Source outputs see only a bool and the entity models; the attribute's location goes to OSQL027 alone.
    /// </summary>
    public sealed partial class EntityGenerator
    {
        public const string DialectStep = "Dialect";
        public const string PostgreSqlStep = "PostgreSql";

        private static IncrementalValueProvider<bool> InitializePostgreSql(IncrementalGeneratorInitializationContext context,
            IncrementalValuesProvider<EntityModel> tableModels, IncrementalValuesProvider<EntityModel> keyedModels,
            IncrementalValueProvider<(EquatableArray<EntityModel> Left, AssemblySettings Right)> all)
        {
            var dialect = context.CompilationProvider
                .Select(static (compilation, _) => DialectSetting.Read(compilation))
                .WithTrackingName(DialectStep);
            var on = dialect.Select(static (d, _) => d.Emit).WithTrackingName(PostgreSqlStep);

            context.RegisterSourceOutput(dialect, static (spc, d) =>
            {
                if (d.Requested && !d.Referenced)
                    spc.ReportDiagnostic(Diagnostic.Create(Descriptors.PostgreSqlPackageMissing, d.Attribute?.ToLocation() ?? Location.None));
            });
            context.RegisterSourceOutput(tableModels.Combine(on), static (spc, pair) => EmitPostgreSqlEntity(spc, pair.Left, pair.Right));
            context.RegisterSourceOutput(keyedModels.Combine(on), static (spc, pair) => EmitPostgreSqlEntity(spc, pair.Left, pair.Right));
            context.RegisterSourceOutput(all.Combine(on), static (spc, pair) =>
            {
                var entities = pair.Left.Left;
                if (!pair.Right || entities.Length == 0) return;
                var shared = SchemaEmitter.SharedNamespace(entities.Items);
                var ns = shared.Length > 0 ? shared : pair.Left.Right.SchemaNamespace;
                spc.AddSource("OmniSqliteSchema.PostgreSql.g.cs", SourceText.From(PostgresSchemaEmitter.EmitAssemblySchema(entities.Items, ns), Encoding.UTF8));
            });
            return on;
        }

        private static void EmitPostgreSqlEntity(SourceProductionContext context, EntityModel entity, bool on)
        {
            if (!on) return;
            var hint = entity.MetadataName;
            context.AddSource(hint + ".RepositoryInterface.g.cs", SourceText.From(RepositoryInterfaceEmitter.Emit(entity), Encoding.UTF8));
            context.AddSource(hint + ".PostgreSqlRepository.g.cs", SourceText.From(PostgresRepositoryEmitter.Emit(entity), Encoding.UTF8));
            context.AddSource(hint + ".PostgreSqlSchema.g.cs", SourceText.From(PostgresSchemaEmitter.EmitEntitySchema(entity), Encoding.UTF8));
        }
    }
}
