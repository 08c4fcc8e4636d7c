using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using OmniSqlite.Analyzers.Diagnostics;
using OmniSqlite.Analyzers.Model;

namespace OmniSqlite.Analyzers.Parsing
{
    /// <summary>Turns an annotated type symbol into an <see cref="EntityModel"/> (plain values) and its problems. Never writes source.</summary>
    internal static class EntityParser
    {
        public const string AttributeNamespace = "OmniSqlite";
        public const string TableAttribute = "OmniSqlite.TableAttribute";
        public const string PrimaryKeyAttribute = "OmniSqlite.PrimaryKeyAttribute";
        private const string AutoIncrementAttribute = "AutoIncrementAttribute";
        private const string ColumnAttribute = "ColumnAttribute";
        private const string IndexedAttribute = "IndexedAttribute";
        private const string IndexAttribute = "IndexAttribute";
        private const string UniqueAttribute = "UniqueAttribute";
        private const string IgnoreAttribute = "IgnoreAttribute";
        private const string ReferencesAttribute = "ReferencesAttribute";
        private const string JsonAttribute = "JsonAttribute";
        private const string ConverterAttribute = "ConverterAttribute";

        /// <summary>True when the type is an entity: it has [Table] or a member with [PrimaryKey].</summary>
        public static bool IsEntity(INamedTypeSymbol type)
        {
            if (HasAttribute(type, "TableAttribute")) return true;
            foreach (var member in type.GetMembers())
                if (member is IPropertySymbol p && HasAttribute(p, "PrimaryKeyAttribute")) return true;
            return false;
        }

        /// <summary>
        /// False for types that only exist in half-typed code (<c>public sealed Client { }</c> puts members into a
        /// compiler-made <c>&lt;invalid-global-code&gt;</c> class): the user is still typing, nothing to generate or report.
        /// </summary>
        public static bool IsDeclaredType(INamedTypeSymbol type)
        {
            for (INamedTypeSymbol? t = type; t is not null; t = t.ContainingType)
                if (t.IsImplicitlyDeclared || t.IsScriptClass || !SyntaxFacts.IsValidIdentifier(t.Name)) return false;
            return true;
        }

        /// <summary>
        /// A type of this assembly's source, in the entity's namespace, named like one of its generated types
        /// (<c>ClientRepository</c>, <c>ClientSchema</c>) that the generated partial class cannot join: a record, struct,
        /// interface, enum, delegate, or a class not declared partial (a [Query] result record named <c>ClientSchema</c>, say).
        /// Without this check it is CS0101 inside generated code. Seen when the entity is parsed, so in the IDE a clashing type
        /// added in another file is noticed at the entity file's next edit; a build always sees it.
        /// </summary>
        private static (string Name, string Holder)? GeneratedNameTakenInSource(INamespaceSymbol ns, string generatedName, CancellationToken cancellationToken)
        {
            foreach (var suffix in new[] { "Repository", "Schema" })
            {
                foreach (var other in ns.GetTypeMembers(generatedName + suffix, 0))
                {
                    if (other.DeclaringSyntaxReferences.Length == 0) continue; // from a referenced assembly: no CS0101
                    bool joinable = other.TypeKind == TypeKind.Class && !other.IsRecord && other.DeclaringSyntaxReferences.All(r =>
                        r.GetSyntax(cancellationToken) is Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax c && c.Modifiers.Any(SyntaxKind.PartialKeyword));
                    if (!joinable) return (generatedName + suffix, "the type '" + other.ToDisplayString() + "' of your code, not a partial class the generated one can join");
                }
            }
            return null;
        }

        public static EntityParseResult Parse(INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            var diagnostics = new List<DiagnosticInfo>();
            var typeLocation = type.Locations.FirstOrDefault();
            var displayName = type.Name;
            if (!IsDeclaredType(type)) return new EntityParseResult(null, null, EquatableArray<DiagnosticInfo>.Empty);

            string? shapeProblem =
                type.IsFileLocal ? "file-local ('file class'), which the generated repository in another file cannot see" :
                type.IsGenericType ? "generic" :
                type.IsAbstract && type.IsStatic ? "static" :
                type.IsAbstract ? "abstract" :
                type.TypeKind == TypeKind.Struct ? "a struct" :
                type.TypeKind != TypeKind.Class ? "not a class" :
                !IsAccessibleFromAssembly(type) ? "private or protected" : null;
            if (shapeProblem is not null)
            {
                diagnostics.Add(DiagnosticInfo.Create(Descriptors.UnsupportedEntityShape, typeLocation, displayName, shapeProblem));
                return Failed(diagnostics);
            }

            // Candidate members: public instance properties with a getter, base types included, [Ignore] and indexers excluded.
            var properties = new List<IPropertySymbol>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var t = type; t is not null && t.SpecialType != SpecialType.System_Object; t = t.BaseType)
            {
                foreach (var member in t.GetMembers())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (member is not IPropertySymbol p || p.IsStatic || p.IsIndexer || p.GetMethod is null) continue;
                    if (!IsVisible(p.DeclaredAccessibility) || !IsVisible(p.GetMethod.DeclaredAccessibility)) continue;
                    if (HasAttribute(p, IgnoreAttribute))
                    {
                        // The repository creates the entity with an object initializer, which must set every required member.
                        if (p.IsRequired)
                            diagnostics.Add(DiagnosticInfo.Create(Descriptors.IgnoredRequiredMember, p.Locations.FirstOrDefault(), displayName, p.Name));
                        continue;
                    }
                    if (!seen.Add(p.Name)) continue; // overridden / hidden in a derived type
                    properties.Add(p);
                }
            }

            // Constructor: a parameterless one when there is one, else the widest whose parameters all match members by name.
            var constructors = type.InstanceConstructors.Where(c => IsVisible(c.DeclaredAccessibility)).ToList();
            IMethodSymbol? constructor = constructors.FirstOrDefault(c => c.Parameters.Length == 0);
            if (constructor is null)
            {
                constructor = constructors
                    .Where(c => c.Parameters.All(par => properties.Any(p => string.Equals(p.Name, par.Name, StringComparison.OrdinalIgnoreCase))))
                    .OrderByDescending(c => c.Parameters.Length)
                    .FirstOrDefault();
            }
            if (constructor is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(Descriptors.NoUsableConstructor, typeLocation, displayName));
                return Failed(diagnostics);
            }

            var columns = new List<ColumnModel>();
            var warnings = new List<DiagnosticInfo>(); // reported, but the entity is still generated
            var memberLocations = new List<OptionalLocation>();
            var failed = false;
            foreach (var p in properties)
            {
                int ctorIndex = -1;
                for (int i = 0; i < constructor.Parameters.Length; i++)
                    if (string.Equals(constructor.Parameters[i].Name, p.Name, StringComparison.OrdinalIgnoreCase)) ctorIndex = i;

                MemberSetter setter;
                if (ctorIndex >= 0) setter = MemberSetter.ConstructorOnly;
                else if (p.SetMethod is not null && IsVisible(p.SetMethod.DeclaredAccessibility))
                    setter = p.SetMethod.IsInitOnly ? MemberSetter.InitOnly : MemberSetter.Settable;
                else continue; // computed, get-only: not stored

                var location = p.Locations.FirstOrDefault();
                string? jsonContext = null, converter = null, storedType = null;
                ValueKind kind, underlying;
                string typeName;
                bool nullable, nullableValueType;
                if (FindAttribute(p, JsonAttribute) is { } json)
                {
                    underlying = ValueKind.Int64;
                    kind = ValueKind.Json;
                    MemberType(p, out var memberType, out typeName, out nullable, out nullableValueType);
                    jsonContext = FindJsonContext(type, json, memberType, out var why);
                    if (jsonContext is null)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(Descriptors.JsonContextMissing, location, displayName, p.Name,
                            memberType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat), why));
                        failed = true;
                        continue;
                    }
                }
                else if (FindAttribute(p, ConverterAttribute) is { } convert)
                {
                    MemberType(p, out var memberType, out typeName, out nullable, out nullableValueType);
                    var problem = ReadConverter(convert, memberType, out converter, out storedType, out kind, out underlying, out var converterName);
                    if (problem is null && HasAttribute(p, "PrimaryKeyAttribute")) problem = "a converted member cannot be the primary key";
                    if (problem is not null)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(Descriptors.ConverterInvalid, location, displayName, p.Name, converterName, problem,
                            memberType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)));
                        failed = true;
                        continue;
                    }
                }
                else if (!TryClassify(p.Type, p.NullableAnnotation, out kind, out underlying, out typeName, out nullable, out nullableValueType))
                {
                    diagnostics.Add(DiagnosticInfo.Create(Descriptors.UnsupportedMemberType, location, displayName, p.Name,
                        p.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)));
                    failed = true;
                    continue;
                }

                var indexed = FindAttribute(p, IndexedAttribute);
                string? defaultSql = null;
                if (MigrationAttributes.FindDefault(p) is { } defaultAttribute)
                {
                    defaultSql = MigrationAttributes.DefaultSql(defaultAttribute, kind, underlying, typeName, out var shown, out var defaultProblem);
                    if (defaultProblem != null)
                        diagnostics.Add(DiagnosticInfo.Create(Descriptors.InvalidDefault,
                            defaultAttribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? location, displayName, p.Name, shown, defaultProblem));
                }
                var column = FindAttribute(p, ColumnAttribute);
                int scale = column is null ? -1 : NamedInt(column, "Scale", -1);
                if (scale != -1 && (kind != ValueKind.Decimal || scale < 0 || scale > MaxDecimalScale))
                {
                    diagnostics.Add(DiagnosticInfo.Create(Descriptors.InvalidDecimalScale, location, displayName, p.Name,
                        kind != ValueKind.Decimal ? "a Scale only applies to a decimal member" : "Scale must be 0 to " + MaxDecimalScale + " (a 64-bit integer holds 18 digits)"));
                    failed = true;
                    continue;
                }
                ForeignKeyModel? foreignKey = null;
                if (FindAttribute(p, ReferencesAttribute) is { } references
                    && !TryReadForeignKey(references, p, displayName, kind, scale, nullable, location, diagnostics, out foreignKey))
                {
                    failed = true;
                    continue;
                }
                if (kind == ValueKind.Decimal && scale < 0)
                    warnings.Add(DiagnosticInfo.Create(Descriptors.DecimalStoredAsText, location, displayName, p.Name));
                if (kind == ValueKind.UInt64 || (kind == ValueKind.Enum && underlying == ValueKind.UInt64))
                    warnings.Add(DiagnosticInfo.Create(Descriptors.UInt64SortsAsSigned, location, displayName, p.Name));
                columns.Add(new ColumnModel(
                    PropertyName: p.Name,
                    ExplicitColumnName: column is null ? null : NamedString(column, "Name") ?? (column.ConstructorArguments.Length == 1 ? column.ConstructorArguments[0].Value as string : null),
                    TypeName: typeName,
                    Kind: kind,
                    EnumUnderlying: underlying,
                    IsNullable: nullable,
                    IsNullableValueType: nullableValueType,
                    IsPrimaryKey: HasAttribute(p, "PrimaryKeyAttribute"),
                    IsAutoIncrement: HasAttribute(p, AutoIncrementAttribute),
                    IsUnique: HasAttribute(p, UniqueAttribute),
                    IsIndexed: indexed is not null,
                    IndexName: indexed is null ? null : NamedString(indexed, "Name") ?? (indexed.ConstructorArguments.Length == 1 ? indexed.ConstructorArguments[0].Value as string : null),
                    IndexUnique: indexed is not null && NamedBool(indexed, "Unique"),
                    Setter: setter,
                    ConstructorIndex: ctorIndex)
                {
                    Scale = scale,
                    ForeignKey = foreignKey,
                    JsonContext = jsonContext,
                    Converter = converter,
                    StoredTypeName = storedType,
                    DefaultSql = defaultSql,
                    PreviousNames = MigrationAttributes.PreviousNames(p),
                });
                memberLocations.Add(new OptionalLocation(LocationInfo.From(location)));
            }

            // Primary key: [PrimaryKey], else a member named Id (EF Core's convention).
            var keys = columns.Where(c => c.IsPrimaryKey).ToList();
            if (keys.Count > 1)
            {
                diagnostics.Add(DiagnosticInfo.Create(Descriptors.MultiplePrimaryKeys, typeLocation, displayName, string.Join(", ", keys.Select(k => k.PropertyName))));
                failed = true;
            }
            else if (keys.Count == 0)
            {
                var byConvention = columns.FindIndex(c => c.PropertyName == "Id" || c.PropertyName == type.Name + "Id");
                if (byConvention >= 0 && !failed)
                    columns[byConvention] = columns[byConvention] with { IsPrimaryKey = true };
                else if (byConvention < 0)
                {
                    diagnostics.Add(DiagnosticInfo.Create(Descriptors.NoPrimaryKey, typeLocation, displayName));
                    failed = true;
                }
            }

            for (int ci = 0; ci < columns.Count; ci++)
            {
                var c = columns[ci];
                if (c.IsAutoIncrement && (!c.IsPrimaryKey || !IsIntegerKind(c.Kind) || c.IsNullable))
                {
                    var why = !c.IsPrimaryKey ? "not the primary key" : "of type " + c.TypeName.Replace("global::", "");
                    diagnostics.Add(new DiagnosticInfo(Descriptors.AutoIncrementNotInteger.Id, memberLocations[ci].Value, new[] { displayName, c.PropertyName, why }.ToEquatableArray()));
                    failed = true;
                }
            }

            var indexes = new List<IndexModel>();
            var indexLocations = new List<OptionalLocation>();
            foreach (var attribute in type.GetAttributes())
            {
                if (!IsOurs(attribute, IndexAttribute)) continue;
                var members = new List<string>();
                if (attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Kind == TypedConstantKind.Array && !attribute.ConstructorArguments[0].IsNull)
                    foreach (var value in attribute.ConstructorArguments[0].Values) members.Add(value.Value as string ?? "");
                var attributeLocation = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? typeLocation;
                if (members.Count == 0)
                {
                    diagnostics.Add(DiagnosticInfo.Create(Descriptors.UnknownIndexMember, attributeLocation, displayName, "(none)"));
                    failed = true;
                    continue;
                }
                foreach (var m in members)
                {
                    if (!columns.Any(c => c.PropertyName == m))
                    {
                        diagnostics.Add(DiagnosticInfo.Create(Descriptors.UnknownIndexMember, attributeLocation, displayName, m));
                        failed = true;
                    }
                }
                indexes.Add(new IndexModel(NamedString(attribute, "Name"), members.ToEquatableArray(), NamedBool(attribute, "IsUnique")));
                indexLocations.Add(new OptionalLocation(LocationInfo.From(attributeLocation)));
            }

            var table = FindAttribute(type, "TableAttribute");
            string? tableName = table is null ? null
                : NamedString(table, "Name") ?? (table.ConstructorArguments.Length == 1 ? table.ConstructorArguments[0].Value as string : null);

            if (failed || diagnostics.Count > 0) return Failed(diagnostics.Concat(warnings).ToList());

            var ns = type.ContainingNamespace.IsGlobalNamespace ? "" : type.ContainingNamespace.ToDisplayString();
            var outer = new List<string>();
            for (var t = type.ContainingType; t is not null; t = t.ContainingType) outer.Insert(0, t.Name);
            var taken = GeneratedNameTakenInSource(type.ContainingNamespace, string.Concat(outer) + type.Name, cancellationToken);
            var model = new EntityModel(
                Namespace: ns,
                TypeName: type.Name,
                GeneratedName: string.Concat(outer) + type.Name,
                MetadataName: string.Join(".", new[] { ns }.Concat(outer).Concat(new[] { type.Name }).Where(x => x.Length > 0)),
                FullyQualifiedName: type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                ExplicitTableName: string.IsNullOrWhiteSpace(tableName) ? null : tableName,
                IsPublic: IsEffectivelyPublic(type),
                Columns: columns.ToEquatableArray(),
                DeclaredIndexes: indexes.ToEquatableArray())
            { PreviousTableNames = MigrationAttributes.PreviousNames(type), GeneratedNameTaken = taken?.Name, GeneratedNameTakenBy = taken?.Holder };
            var locations = new EntityLocations(LocationInfo.From(typeLocation), memberLocations.ToEquatableArray(), indexLocations.ToEquatableArray());
            return new EntityParseResult(model, locations, warnings.ToEquatableArray());
        }

        /// <summary>
        /// Reads [References(typeof(Parent), OnDelete = ..., OnUpdate = ...)]: the parent must be an entity, its key stored like
        /// the member (OSQL120, OSQL121), and SetNull needs a nullable member (OSQL122). The parent's names are read as
        /// declared, without parsing the parent (a self-reference or a cycle needs no recursion); Naming resolves them.
        /// </summary>
        private static bool TryReadForeignKey(AttributeData references, IPropertySymbol member, string entity, ValueKind kind, int scale, bool nullable,
            Location? location, List<DiagnosticInfo> diagnostics, out ForeignKeyModel? foreignKey)
        {
            foreignKey = null;
            var parent = references.ConstructorArguments.Length == 1 ? references.ConstructorArguments[0].Value as INamedTypeSymbol : null;
            if (parent is null || !IsDeclaredType(parent) || !IsEntity(parent))
            {
                diagnostics.Add(DiagnosticInfo.Create(Descriptors.ReferencedTypeNotEntity, location, entity, member.Name,
                    parent?.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) ?? "?"));
                return false;
            }
            var key = ParentKey(parent);
            if (key is null) return false; // the parent reports its own missing key (OSQL100)
            var keyColumn = FindAttribute(key, ColumnAttribute);
            int keyScale = keyColumn is null ? -1 : NamedInt(keyColumn, "Scale", -1);
            if (!TryClassify(key.Type, key.NullableAnnotation, out var keyKind, out _, out _, out _, out _)
                || Naming.SqlType(keyKind, keyScale) != Naming.SqlType(kind, scale))
            {
                diagnostics.Add(DiagnosticInfo.Create(Descriptors.ForeignKeyTypeMismatch, location, entity, member.Name,
                    member.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat), parent.Name, key.Name,
                    key.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)));
                return false;
            }
            var onDelete = (ForeignKeyActionKind)NamedInt(references, "OnDelete", 0);
            var onUpdate = (ForeignKeyActionKind)NamedInt(references, "OnUpdate", 0);
            foreach (var (action, name) in new[] { (onDelete, "OnDelete"), (onUpdate, "OnUpdate") })
            {
                if (action == ForeignKeyActionKind.SetNull && !nullable)
                {
                    diagnostics.Add(DiagnosticInfo.Create(Descriptors.SetNullOnNonNullable, location, entity, member.Name, name));
                    return false;
                }
            }
            var table = FindAttribute(parent, "TableAttribute");
            string? parentTable = table is null ? null : NamedString(table, "Name") ?? (table.ConstructorArguments.Length == 1 ? table.ConstructorArguments[0].Value as string : null);
            string? keyName = keyColumn is null ? null : NamedString(keyColumn, "Name") ?? (keyColumn.ConstructorArguments.Length == 1 ? keyColumn.ConstructorArguments[0].Value as string : null);
            foreignKey = new ForeignKeyModel(parent.Name, string.IsNullOrWhiteSpace(parentTable) ? null : parentTable, key.Name, keyName, onDelete, onUpdate);
            return true;
        }

        /// <summary>The member's type without <c>?</c> (T of <c>T?</c>), its name, and whether NULL is legal.</summary>
        private static void MemberType(IPropertySymbol p, out ITypeSymbol type, out string typeName, out bool nullable, out bool nullableValueType)
        {
            type = p.Type;
            nullable = nullableValueType = false;
            if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } n)
            {
                type = n.TypeArguments[0];
                nullable = nullableValueType = true;
            }
            else if (type.IsReferenceType) nullable = p.NullableAnnotation != NullableAnnotation.NotAnnotated;
            type = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated);
            typeName = type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        }

        private const string JsonContextBase = "System.Text.Json.Serialization.JsonSerializerContext";
        private const string JsonSerializableAttribute = "System.Text.Json.Serialization.JsonSerializableAttribute";

        /// <summary>
        /// The JsonSerializerContext for a [Json] member: the one [Json(typeof(...))] names, else the only one in the entity's
        /// assembly with [JsonSerializable(typeof(T))]. Null, with the reason for OSQL126, when there is none.
        /// </summary>
        private static string? FindJsonContext(INamedTypeSymbol entity, AttributeData json, ITypeSymbol memberType, out string why)
        {
            if (json.ConstructorArguments.Length == 1 && json.ConstructorArguments[0].Value is INamedTypeSymbol named)
            {
                why = !DerivesFrom(named, JsonContextBase) ? "'" + named.Name + "' is not a JsonSerializerContext"
                    : !Serializes(named, memberType) ? "'" + named.Name + "' has no [JsonSerializable] for it" : "";
                return why.Length == 0 ? named.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) : null;
            }
            var found = new List<INamedTypeSymbol>();
            var pending = new Stack<INamespaceOrTypeSymbol>();
            pending.Push(entity.ContainingAssembly.GlobalNamespace);
            while (pending.Count > 0)
            {
                foreach (var m in pending.Pop().GetMembers())
                {
                    if (m is INamespaceSymbol ns) { pending.Push(ns); continue; }
                    if (m is not INamedTypeSymbol t) continue;
                    pending.Push(t);
                    if (t.TypeKind == TypeKind.Class && DerivesFrom(t, JsonContextBase) && Serializes(t, memberType)) found.Add(t);
                }
            }
            why = found.Count == 0 ? "no JsonSerializerContext of this project lists it" : found.Count > 1 ? "several contexts list it (" + string.Join(", ", found.Select(f => f.Name)) + ")" : "";
            return found.Count == 1 ? found[0].ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) : null;
        }

        private static bool DerivesFrom(INamedTypeSymbol type, string baseName)
        {
            for (var t = type.BaseType; t is not null; t = t.BaseType)
                if (t.ToDisplayString() == baseName) return true;
            return false;
        }

        private static bool Serializes(INamedTypeSymbol context, ITypeSymbol type)
        {
            foreach (var a in context.GetAttributes())
                if (a.AttributeClass?.ToDisplayString() == JsonSerializableAttribute && a.ConstructorArguments.Length == 1
                    && a.ConstructorArguments[0].Value is ITypeSymbol listed
                    && SymbolEqualityComparer.Default.Equals(listed.WithNullableAnnotation(NullableAnnotation.NotAnnotated), type))
                    return true;
            return false;
        }

        /// <summary>Checks a [Converter] class: static ToStored(T) returning a stored type S, and FromStored(S) returning T. Null when usable, else what is wrong (OSQL127).</summary>
        private static string? ReadConverter(AttributeData attribute, ITypeSymbol memberType, out string? converter, out string? storedType,
            out ValueKind kind, out ValueKind underlying, out string converterName)
        {
            converter = storedType = null;
            kind = default;
            underlying = ValueKind.Int64;
            var type = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as INamedTypeSymbol : null;
            converterName = type?.Name ?? "?";
            if (type is null) return "the converter type is missing";
            bool Accessible(IMethodSymbol m) => m.IsStatic && IsVisible(m.DeclaredAccessibility) && IsAccessibleFromAssembly(type) && m.Parameters.Length == 1 && !m.IsGenericMethod;
            var to = type.GetMembers("ToStored").OfType<IMethodSymbol>().FirstOrDefault(m => Accessible(m) && SymbolEqualityComparer.Default.Equals(m.Parameters[0].Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated), memberType));
            if (to is null) return "it has no accessible static ToStored method taking a " + memberType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
            if (!TryClassify(to.ReturnType, to.ReturnNullableAnnotation, out kind, out underlying, out var stored, out _, out _) || kind == ValueKind.Enum || to.ReturnType.TypeKind == TypeKind.Enum)
                return "ToStored returns " + to.ReturnType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + ", which OmniSqlite does not store";
            var storedSymbol = to.ReturnType is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } n ? n.TypeArguments[0] : to.ReturnType;
            var from = type.GetMembers("FromStored").OfType<IMethodSymbol>().FirstOrDefault(m => Accessible(m)
                && SymbolEqualityComparer.Default.Equals(m.Parameters[0].Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated), storedSymbol.WithNullableAnnotation(NullableAnnotation.NotAnnotated))
                && SymbolEqualityComparer.Default.Equals(m.ReturnType.WithNullableAnnotation(NullableAnnotation.NotAnnotated), memberType));
            if (from is null) return "it has no accessible static FromStored method taking a " + storedSymbol.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + " and returning a " + memberType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
            converter = type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            storedType = stored;
            return null;
        }

        /// <summary>The parent's key as the parent's own parse finds it: [PrimaryKey], else a member named Id or {Type}Id.</summary>
        private static IPropertySymbol? ParentKey(INamedTypeSymbol parent)
        {
            IPropertySymbol? byConvention = null;
            for (var t = parent; t is not null && t.SpecialType != SpecialType.System_Object; t = t.BaseType)
            {
                foreach (var m in t.GetMembers())
                {
                    if (m is not IPropertySymbol p || p.IsStatic || p.IsIndexer || HasAttribute(p, IgnoreAttribute)) continue;
                    if (HasAttribute(p, "PrimaryKeyAttribute")) return p;
                    if (byConvention is null && (p.Name == "Id" || p.Name == parent.Name + "Id")) byConvention = p;
                }
            }
            return byConvention;
        }

        private static EntityParseResult Failed(List<DiagnosticInfo> diagnostics) => new EntityParseResult(null, null, diagnostics.ToEquatableArray());

        private static bool IsIntegerKind(ValueKind kind) => kind is ValueKind.Int64 or ValueKind.Int32 or ValueKind.Int16 or ValueKind.Byte
            or ValueKind.SByte or ValueKind.UInt16 or ValueKind.UInt32;

        /// <summary>How a member or parameter type is stored (<see cref="ValueKind"/>), its fully qualified name without <c>?</c>, and whether NULL is legal. False for unsupported types.</summary>
        internal static bool TryClassify(ITypeSymbol type, NullableAnnotation annotation, out ValueKind kind, out ValueKind underlying,
            out string typeName, out bool nullable, out bool nullableValueType)
        {
            underlying = ValueKind.Int64;
            nullable = false;
            nullableValueType = false;
            if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } n)
            {
                type = n.TypeArguments[0];
                nullable = nullableValueType = true;
            }
            else if (type.IsReferenceType)
            {
                // Oblivious (nullable disabled) reference types may hold null: store them as NULL-able.
                nullable = annotation != NullableAnnotation.NotAnnotated;
            }
            // A special type is named from the table, without formatting (the generator asks for every member of every entity).
            if (TryClassifySpecial(type.SpecialType, out kind, out var specialName))
            {
                typeName = specialName;
                return true;
            }
            typeName = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);

            if (type.TypeKind == TypeKind.Enum && type is INamedTypeSymbol e && e.EnumUnderlyingType is { } u)
            {
                kind = ValueKind.Enum;
                return TryClassifySpecial(u.SpecialType, out underlying, out _);
            }
            if (type is IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_Byte })
            {
                kind = ValueKind.ByteArray;
                return true;
            }

            switch (typeName)
            {
                case "global::System.Guid": kind = ValueKind.Guid; return true;
                case "global::System.DateTimeOffset": kind = ValueKind.DateTimeOffset; return true;
                case "global::System.DateOnly": kind = ValueKind.DateOnly; return true;
                case "global::System.TimeOnly": kind = ValueKind.TimeOnly; return true;
                case "global::System.TimeSpan": kind = ValueKind.TimeSpan; return true;
            }
            kind = default;
            return false;
        }

        /// <summary>
        /// The special types OmniSqlite stores: how each is stored, and its name as
        /// <c>ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)</c> gives it. False (and "") for any other type.
        /// </summary>
        internal static bool TryClassifySpecial(SpecialType special, out ValueKind kind, out string name)
        {
            (kind, name) = special switch
            {
                SpecialType.System_Boolean => (ValueKind.Boolean, "bool"),
                SpecialType.System_Byte => (ValueKind.Byte, "byte"),
                SpecialType.System_SByte => (ValueKind.SByte, "sbyte"),
                SpecialType.System_Int16 => (ValueKind.Int16, "short"),
                SpecialType.System_UInt16 => (ValueKind.UInt16, "ushort"),
                SpecialType.System_Int32 => (ValueKind.Int32, "int"),
                SpecialType.System_UInt32 => (ValueKind.UInt32, "uint"),
                SpecialType.System_Int64 => (ValueKind.Int64, "long"),
                SpecialType.System_UInt64 => (ValueKind.UInt64, "ulong"),
                SpecialType.System_Single => (ValueKind.Single, "float"),
                SpecialType.System_Double => (ValueKind.Double, "double"),
                SpecialType.System_Decimal => (ValueKind.Decimal, "decimal"),
                SpecialType.System_String => (ValueKind.String, "string"),
                SpecialType.System_DateTime => (ValueKind.DateTime, "global::System.DateTime"),
                _ => (default(ValueKind), ""),
            };
            return name.Length > 0;
        }

        private static bool IsVisible(Accessibility a) => a is Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal;

        private static bool IsAccessibleFromAssembly(INamedTypeSymbol type)
        {
            for (INamedTypeSymbol? t = type; t is not null; t = t.ContainingType)
                if (!IsVisible(t.DeclaredAccessibility)) return false;
            return true;
        }

        private static bool IsEffectivelyPublic(INamedTypeSymbol type)
        {
            for (INamedTypeSymbol? t = type; t is not null; t = t.ContainingType)
                if (t.DeclaredAccessibility != Accessibility.Public) return false;
            return true;
        }

        private static bool IsOurs(AttributeData attribute, string name)
            => attribute.AttributeClass is { } c && c.Name == name && IsAttributeNamespace(c.ContainingNamespace);

        /// <summary>
        /// The namespace is <see cref="AttributeNamespace"/> (<c>OmniSqlite</c>, directly in the global namespace): what
        /// <c>ToDisplayString() == "OmniSqlite"</c> says, without formatting a string for every attribute looked at.
        /// </summary>
        internal static bool IsAttributeNamespace(INamespaceSymbol? ns)
            => ns is { Name: AttributeNamespace } && ns.ContainingNamespace is { IsGlobalNamespace: true };

        private static AttributeData? FindAttribute(ISymbol symbol, string name)
        {
            foreach (var a in symbol.GetAttributes()) if (IsOurs(a, name)) return a;
            return null;
        }

        /// <summary>True when the symbol carries OmniSqlite's attribute of that simple name (e.g. "TableAttribute").</summary>
        internal static bool HasAttribute(ISymbol symbol, string name) => FindAttribute(symbol, name) is not null;

        private static string? NamedString(AttributeData a, string name)
        {
            foreach (var kv in a.NamedArguments) if (kv.Key == name) return kv.Value.Value as string;
            return null;
        }

        /// <summary>A decimal's scale is at most 18: the scaled value must fit a 64-bit INTEGER.</summary>
        internal const int MaxDecimalScale = 18;

        private static int NamedInt(AttributeData a, string name, int fallback)
        {
            foreach (var kv in a.NamedArguments) if (kv.Key == name && kv.Value.Value is int i) return i;
            return fallback;
        }

        private static bool NamedBool(AttributeData a, string name)
        {
            foreach (var kv in a.NamedArguments) if (kv.Key == name && kv.Value.Value is bool b) return b;
            return false;
        }
    }
}
