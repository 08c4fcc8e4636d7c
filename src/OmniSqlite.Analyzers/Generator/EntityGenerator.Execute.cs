using System.Linq;
using Microsoft.CodeAnalysis;
using OmniSqlite.Analyzers.Emitting;
using OmniSqlite.Analyzers.Model;

namespace OmniSqlite.Analyzers.Generator
{
    public sealed partial class EntityGenerator
    {
        private static void EmitEntity(SourceProductionContext context, EntityModel entity, bool native, EquatableArray<string> clashing)
        {
            if (clashing.Items.Contains(entity.MetadataName)) return; // OSQL111 says why
            // Namespace, containing types and name: unique per type (two nested Clients in different outer classes differ).
            var hint = entity.MetadataName;
            context.AddSource(hint + ".Repository.g.cs", RepositoryEmitter.Emit(entity, native));
            context.AddSource(hint + ".Schema.g.cs", SchemaEmitter.EmitEntitySchema(entity));
        }

        private static void EmitAssembly(SourceProductionContext context, EquatableArray<EntityModel> all, EquatableArray<string> clashing, AssemblySettings settings)
        {
            var entities = clashing.Length == 0 ? all : all.Items.Where(e => !clashing.Items.Contains(e.MetadataName)).ToEquatableArray();
            if (entities.Length == 0) return;
            // One class, in the namespace the entities share, so code beside the entities (and top-level statements that
            // import it for the entities) finds it without knowing the root namespace; the root namespace when they share none.
            // Never two: a file importing both namespaces would get CS0104.
            var shared = SchemaEmitter.SharedNamespace(entities.Items);
            var ns = shared.Length > 0 ? shared : settings.SchemaNamespace;
            context.AddSource("OmniSqliteSchema.g.cs", SchemaEmitter.EmitAssemblySchema(entities.Items, ns));
            context.AddSource("OmniSqlite.SchemaManifest.g.cs", SchemaManifestEmitter.Emit(entities.Items));
        }
    }
}
