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
            context.AddSource("OmniSqliteSchema.g.cs", SourceText.From(SchemaEmitter.EmitAssemblySchema(entities.Items, settings), Encoding.UTF8));
        }
    }
}
