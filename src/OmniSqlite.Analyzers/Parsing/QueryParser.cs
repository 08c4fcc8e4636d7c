using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using OmniSqlite.Analyzers.Model;

namespace OmniSqlite.Analyzers.Parsing
{
    /// <summary>
    /// Reads a [Query] method symbol into a <see cref="QueryClassModel"/> holding that one method: the signature to repeat,
    /// the return shape, the row type's members, the parameters' roles. Used by the generator's transform and by the analyzer.
    /// Never throws on half-typed code: what cannot be read becomes <see cref="QueryMethodModel.Problem"/> or an Unsupported kind.
    /// </summary>
    internal static class QueryParser
    {
        public const string QueryAttribute = "OmniSqlite.QueryAttribute";

        /// <summary>Fully qualified, with nullable annotations: what the implementing declaration must repeat.</summary>
        internal static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
            .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        public static bool IsQueryAttribute(AttributeData attribute)
            => attribute.AttributeClass is { Name: "QueryAttribute" } c && EntityParser.IsAttributeNamespace(c.ContainingNamespace);

        public static AttributeData? FindQueryAttribute(IMethodSymbol method)
        {
            foreach (var a in method.GetAttributes()) if (IsQueryAttribute(a)) return a;
            return null;
        }

        public static QueryClassModel? Parse(IMethodSymbol method, CancellationToken cancellationToken)
        {
            var type = method.ContainingType;
            if (type is null) return null;
            cancellationToken.ThrowIfCancellationRequested();

            var attribute = FindQueryAttribute(method);
            string? sql = attribute is { ConstructorArguments.Length: 1 } a && a.ConstructorArguments[0].Value is string s ? s : null;

            string? problem = null;
            if (!method.IsPartialDefinition) problem = "declare it 'partial' (with no body) so the generator can implement it";
            else if (method.PartialImplementationPart is { } impl && !IsGenerated(impl)) problem = "it already has a body; remove it so the generator can implement it";
            else if (method.IsGenericMethod) problem = "a [Query] method cannot be generic";
            else if (!AllPartial(type)) problem = "the containing type '" + type.Name + "' (and every type around it) must be 'partial'";

            var (shape, async, nullable, element) = ClassifyReturn(method.ReturnType);
            QueryRowType? row = element is null ? null : ClassifyRow(element);

            var parameters = new List<QueryParameterModel>();
            foreach (var p in method.Parameters)
            {
                var parameter = ClassifyParameter(p);
                if (method.IsExtensionMethod && p.Ordinal == 0) parameter = parameter with { RefKind = "this " + parameter.RefKind };
                parameters.Add(parameter);
            }

            bool onNpgsql = method.IsStatic && parameters.Count > 0 && parameters[0].Role == QueryParameterRole.Connection && IsNpgsql(parameters[0]);
            // The generated Npgsql code calls OmniSqlite.PostgreSql's helpers: without the package it would not compile.
            if (onNpgsql && problem is null && !References(method.ContainingAssembly, PostgreSqlPackage))
                problem = "a [Query] on an NpgsqlConnection needs the OmniSqlite.PostgreSql package: add <PackageReference Include=\"OmniSqlite.PostgreSql\" />";

            var model = new QueryMethodModel(
                Name: method.Name,
                Signature: Signature(method),
                ReturnTypeText: method.ReturnType.ToDisplayString(TypeFormat),
                Sql: sql,
                IsStatic: method.IsStatic,
                Shape: shape,
                Async: async,
                ReturnsNullable: nullable,
                Row: row,
                Parameters: parameters.ToEquatableArray(),
                Problem: problem)
            {
                PostgreSqlOverride = PostgreSqlOverride(attribute),
                OnNpgsql = onNpgsql,
            };

            var declarations = new List<string>();
            var names = new List<string>();
            for (var t = type; t is not null; t = t.ContainingType)
            {
                declarations.Insert(0, Declaration(t));
                names.Insert(0, t.MetadataName.Replace('`', '_'));
            }
            var ns = type.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() : "";
            string? repositoryEntity = null;
            if (type.ContainingType is null && !type.IsStatic && type.Name.Length > "Repository".Length && type.Name.EndsWith("Repository", StringComparison.Ordinal) && type.Arity == 0)
                repositoryEntity = "global::" + (ns.Length > 0 ? ns + "." : "") + type.Name.Substring(0, type.Name.Length - "Repository".Length);
            var hint = (ns.Length > 0 ? ns + "." : "") + string.Join(".", names);
            return new QueryClassModel(ns, hint, declarations.ToEquatableArray(), repositoryEntity, new[] { model }.ToEquatableArray());
        }

        private const string PostgreSqlPackage = "OmniSqlite.PostgreSql";

        /// <summary>An <c>NpgsqlConnection</c> or <c>NpgsqlTransaction</c> parameter (the connection and transaction roles on PostgreSQL).</summary>
        internal static bool IsNpgsql(QueryParameterModel p) => p.TypeText.StartsWith("global::Npgsql.", StringComparison.Ordinal);

        private static bool References(IAssemblySymbol assembly, string name)
        {
            if (assembly.Name == name) return true;
            foreach (var module in assembly.Modules)
                foreach (var referenced in module.ReferencedAssemblySymbols)
                    if (referenced.Name == name) return true;
            return false;
        }

        private static string? PostgreSqlOverride(AttributeData? attribute)
        {
            if (attribute is null) return null;
            foreach (var named in attribute.NamedArguments)
                if (named.Key == "PostgreSql" && named.Value.Value is string text) return text;
            return null;
        }

        private static bool IsGenerated(IMethodSymbol implementation)
            => implementation.Locations.All(l => l.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.OrdinalIgnoreCase) == true);

        private static bool AllPartial(INamedTypeSymbol type)
        {
            for (INamedTypeSymbol? t = type; t is not null; t = t.ContainingType)
            {
                bool partial = false;
                foreach (var r in t.DeclaringSyntaxReferences)
                    if (r.GetSyntax() is TypeDeclarationSyntax d && d.Modifiers.Any(m => m.IsKind(SyntaxKind.PartialKeyword))) partial = true;
                if (!partial) return false;
            }
            return true;
        }

        private static string Declaration(INamedTypeSymbol t)
        {
            string kind = t.IsRecord ? (t.IsValueType ? "record struct" : "record") : t.TypeKind switch
            {
                TypeKind.Struct => "struct",
                TypeKind.Interface => "interface",
                _ => "class",
            };
            var typeParameters = t.TypeParameters.Length == 0 ? "" : "<" + string.Join(", ", t.TypeParameters.Select(p => p.Name)) + ">";
            return "partial " + kind + " " + Escape(t.Name) + typeParameters;
        }

        /// <summary>The declaration's modifiers (without partial/async), then the return type and name.</summary>
        private static string Signature(IMethodSymbol method)
        {
            var modifiers = new List<string>();
            foreach (var r in method.DeclaringSyntaxReferences)
            {
                if (r.GetSyntax() is not MethodDeclarationSyntax syntax) continue;
                foreach (var m in syntax.Modifiers)
                    if (!m.IsKind(SyntaxKind.PartialKeyword) && !m.IsKind(SyntaxKind.AsyncKeyword)) modifiers.Add(m.Text);
                break;
            }
            return string.Join(" ", modifiers);
        }

        internal static string Escape(string name) => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

        private static (QueryShape Shape, QueryAsync Async, bool Nullable, ITypeSymbol? Element) ClassifyReturn(ITypeSymbol type)
        {
            var async = QueryAsync.None;
            if (type.SpecialType == SpecialType.System_Void) return (QueryShape.Execute, async, false, null);
            if (type is INamedTypeSymbol named && IsIn(named, "System.Threading.Tasks"))
            {
                if (named.Name == "Task" || named.Name == "ValueTask")
                {
                    async = named.Name == "Task" ? QueryAsync.Task : QueryAsync.ValueTask;
                    if (named.TypeArguments.Length == 0) return (QueryShape.Execute, async, false, null);
                    type = named.TypeArguments[0];
                }
            }
            if (type is INamedTypeSymbol { TypeArguments.Length: 1 } generic)
            {
                var arg = generic.TypeArguments[0];
                var name = generic.Name;
                if (name == "IAsyncEnumerable" && IsIn(generic, "System.Collections.Generic"))
                    return (async == QueryAsync.None ? QueryShape.Stream : QueryShape.Unsupported, async, false, arg);
                if (name == "List" && IsIn(generic, "System.Collections.Generic")) return (QueryShape.List, async, false, arg);
                if (name == "IReadOnlyList" && IsIn(generic, "System.Collections.Generic")) return (QueryShape.ReadOnlyList, async, false, arg);
            }
            if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } n)
                return (QueryShape.FirstOrNull, async, true, type);
            if (type.IsReferenceType && type.NullableAnnotation == NullableAnnotation.Annotated)
                return (QueryShape.FirstOrNull, async, true, type);
            if (type.TypeKind == TypeKind.Error) return (QueryShape.Unsupported, async, false, null);
            return (QueryShape.Single, async, false, type);
        }

        private static bool IsIn(INamedTypeSymbol type, string ns) => type.ContainingNamespace?.ToDisplayString() == ns;

        internal static QueryValueType? Classify(ITypeSymbol type)
        {
            if (!EntityParser.TryClassify(type, type.NullableAnnotation, out var kind, out var underlying, out var typeName, out var nullable, out var nullableValueType))
                return null;
            return new QueryValueType(typeName, kind, underlying, nullable, nullableValueType);
        }

        private static QueryRowType ClassifyRow(ITypeSymbol type)
        {
            var display = type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
            var scalar = Classify(type);
            var typeName = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(TypeFormat);
            if (scalar != null) return new QueryRowType(QueryRowKind.Scalar, scalar.TypeName, display, type.IsValueType, scalar, 0, EquatableArray<QueryMember>.Empty);

            var rowType = type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } n ? n.TypeArguments[0] : type;
            typeName = rowType.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(TypeFormat);
            if (rowType is not INamedTypeSymbol named || named.TypeKind == TypeKind.Error)
                return Unsupported(typeName, display);

            if (named.IsTupleType)
            {
                var elements = new List<QueryMember>();
                foreach (var e in named.TupleElements)
                    elements.Add(new QueryMember(e.Name, null, elements.Count, true, Classify(e.Type), e.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)));
                return new QueryRowType(QueryRowKind.Tuple, typeName, display, true, null, elements.Count, elements.ToEquatableArray());
            }

            if (named.IsAbstract || named.IsStatic || named.TypeKind is not (TypeKind.Class or TypeKind.Struct) || IsSystemCollection(named))
                return Unsupported(typeName, display);

            // Properties a column can fill: visible instance properties with a getter (base types too, most derived wins).
            var properties = new List<IPropertySymbol>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var t = named; t is not null && t.SpecialType != SpecialType.System_Object && t.SpecialType != SpecialType.System_ValueType; t = t.BaseType)
            {
                foreach (var member in t.GetMembers())
                {
                    if (member is not IPropertySymbol p || p.IsStatic || p.IsIndexer) continue;
                    if (!IsVisible(p.DeclaredAccessibility)) continue;
                    if (p.Name == "EqualityContract") continue;
                    if (seen.Add(p.Name)) properties.Add(p);
                }
            }

            // Constructor: parameterless when there is one (structs always have it), else the widest visible one.
            var constructors = named.InstanceConstructors.Where(c => IsVisible(c.DeclaredAccessibility) && !IsCopyConstructor(c, named)).ToList();
            var constructor = constructors.FirstOrDefault(c => c.Parameters.Length == 0)
                ?? constructors.OrderByDescending(c => c.Parameters.Length).FirstOrDefault();
            if (constructor is null && !named.IsValueType) return Unsupported(typeName, display);

            var members = new List<QueryMember>();
            var bound = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (constructor != null)
            {
                foreach (var par in constructor.Parameters)
                {
                    var property = properties.FirstOrDefault(p => string.Equals(p.Name, par.Name, StringComparison.OrdinalIgnoreCase));
                    var column = ColumnName(par) ?? (property is null ? null : ColumnName(property));
                    members.Add(new QueryMember(par.Name, column, members.Count, !par.HasExplicitDefaultValue, Classify(par.Type),
                        par.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)));
                    if (property != null) bound.Add(property.Name);
                }
            }
            int arity = members.Count;
            foreach (var p in properties)
            {
                if (bound.Contains(p.Name)) continue;
                if (p.SetMethod is null || !IsVisible(p.SetMethod.DeclaredAccessibility) || p.IsReadOnly) continue;
                if (EntityParser.HasAttribute(p, "IgnoreAttribute")) continue;
                members.Add(new QueryMember(p.Name, ColumnName(p), -1, p.IsRequired, Classify(p.Type), p.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)));
            }
            return new QueryRowType(QueryRowKind.Object, typeName, display, named.IsValueType, null, arity, members.ToEquatableArray());
        }

        private static bool IsCopyConstructor(IMethodSymbol c, INamedTypeSymbol type)
            => c.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(c.Parameters[0].Type.OriginalDefinition, type.OriginalDefinition);

        private static bool IsSystemCollection(INamedTypeSymbol type)
            => type.ContainingNamespace?.ToDisplayString() is "System.Collections.Generic" or "System.Collections" or "System.Collections.Immutable";

        private static QueryRowType Unsupported(string typeName, string display)
            => new QueryRowType(QueryRowKind.Unsupported, typeName, display, false, null, 0, EquatableArray<QueryMember>.Empty);

        private static string? ColumnName(ISymbol symbol)
        {
            foreach (var a in symbol.GetAttributes())
                if (a.AttributeClass is { Name: "ColumnAttribute" } c && EntityParser.IsAttributeNamespace(c.ContainingNamespace)
                    && a.ConstructorArguments.Length == 1 && a.ConstructorArguments[0].Value is string name)
                    return name;
            return null;
        }

        private static bool IsVisible(Accessibility a) => a is Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal;

        private static QueryParameterModel ClassifyParameter(IParameterSymbol p)
        {
            var typeText = p.Type.ToDisplayString(TypeFormat);
            var refKind = p.RefKind switch { RefKind.Ref => "ref ", RefKind.Out => "out ", RefKind.In => "in ", _ => "" };
            if (p.IsParams) refKind = "params ";
            QueryParameterRole role;
            QueryValueType? value = null;
            var full = p.Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            switch (full)
            {
                case "global::Microsoft.Data.Sqlite.SqliteConnection": role = QueryParameterRole.Connection; break;
                case "global::Microsoft.Data.Sqlite.SqliteTransaction": role = QueryParameterRole.Transaction; break;
                case "global::Npgsql.NpgsqlConnection": role = QueryParameterRole.Connection; break;
                case "global::Npgsql.NpgsqlTransaction": role = QueryParameterRole.Transaction; break;
                case "global::System.Threading.CancellationToken": role = QueryParameterRole.CancellationToken; break;
                default:
                    value = Classify(p.Type);
                    if (value != null) { role = QueryParameterRole.Value; break; }
                    var element = CollectionElement(p.Type);
                    value = element is null ? null : Classify(element);
                    role = value != null && IsListElement(value.Kind) ? QueryParameterRole.Collection : QueryParameterRole.Unsupported;
                    break;
            }
            return new QueryParameterModel(Escape(p.Name), typeText, role, value, refKind);
        }

        /// <summary>
        /// Element kinds an IN list can carry through json_each, each in the form its column stores (JSON has no blobs: Guid
        /// and byte[] cannot; a decimal's column form depends on the column's scale, which a parameter does not know).
        /// </summary>
        internal static bool IsListElement(ValueKind kind) => kind is not (ValueKind.ByteArray or ValueKind.Json);

        /// <summary>T of T[], or of a generic type that is or implements IEnumerable&lt;T&gt; (string and byte[] are values, not lists).</summary>
        private static ITypeSymbol? CollectionElement(ITypeSymbol type)
        {
            if (type is IArrayTypeSymbol { Rank: 1 } array) return array.ElementType;
            if (type is not INamedTypeSymbol named || type.SpecialType == SpecialType.System_String) return null;
            if (IsEnumerableOfT(named)) return named.TypeArguments[0];
            foreach (var i in named.AllInterfaces)
                if (IsEnumerableOfT(i)) return i.TypeArguments[0];
            return null;
        }

        private static bool IsEnumerableOfT(INamedTypeSymbol type)
            => type.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T;
    }
}
