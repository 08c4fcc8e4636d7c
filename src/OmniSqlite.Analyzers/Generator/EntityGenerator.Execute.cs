using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using System.Text;
using OmniSqlite.Analyzers.Emitting;
using OmniSqlite.Analyzers.Model;

namespace OmniSqlite.Analyzers.Generator
{
    public sealed partial class EntityGenerator
    {
        private static void EmitEntity(SourceProductionContext context, EntityModel entity)
        {
            // Namespace, containing types and name: unique per type (two nested Clients in different outer classes differ).
            var hint = entity.MetadataName;
            context.AddSource(hint + ".Repository.g.cs", SourceText.From(RepositoryEmitter.Emit(entity), Encoding.UTF8));
            context.AddSource(hint + ".Schema.g.cs", SourceText.From(SchemaEmitter.EmitEntitySchema(entity), Encoding.UTF8));
        }

        private static void EmitAssembly(SourceProductionContext context, EquatableArray<EntityModel> entities, AssemblySettings settings)
        {
            if (entities.Length == 0) return;
            // In the assembly's root namespace, and in the namespace the entities share, so code beside the entities
            // (and top-level statements that import it) finds OmniSqliteSchema without knowing the root namespace.
            context.AddSource("OmniSqliteSchema.g.cs", SourceText.From(SchemaEmitter.EmitAssemblySchema(entities.Items, settings.SchemaNamespace), Encoding.UTF8));
            var shared = SchemaEmitter.SharedNamespace(entities.Items);
            if (shared != settings.SchemaNamespace)
                context.AddSource("OmniSqliteSchema." + (shared.Length == 0 ? "global" : shared) + ".g.cs", SourceText.From(SchemaEmitter.EmitAssemblySchema(entities.Items, shared), Encoding.UTF8));
        }
    }
}
