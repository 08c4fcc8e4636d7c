using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using OmniSqlite.Analyzers.Diagnostics;

namespace OmniSqlite.Analyzers.Analyzers
{
    /// <summary>
    /// OSQL014 by value set: SQL text is injection-prone only when some value it can take is spliced together from a piece
    /// that is not a compile-time constant (a parameter, field, property or call result). Ternaries and switch expressions of
    /// constants, concatenation, <c>string.Join</c>/<c>Format</c>/<c>Concat</c> and interpolation of constants, locals
    /// assigned only such values, a List&lt;string&gt; or StringBuilder filled only with them, and integer counters (a loop
    /// index in a placeholder name such as <c>@p{i}</c>) are all constant sets. Each non-constant piece is reported where it
    /// is written (the argument of the offending <c>Append</c>). A bare non-constant value that is the whole SQL (a helper's
    /// <c>sql</c> parameter) is not a concatenation and stays silent; so does anything the walk cannot follow.
    /// The walk is iterative (an explicit stack): 10,000-piece concatenations are normal input.
    /// </summary>
    internal static class SqlInjectionRule
    {
        /// <summary>
        /// Operations popped by this thread's value-set walks: a work counter, so a test can show that a concatenation's
        /// analysis costs steps linear in its pieces (no timing involved). Thread-static: concurrent tests do not mix.
        /// </summary>
        [ThreadStatic] internal static long Steps;

        public static void Analyze(SqlSite site, Action<Diagnostic> report)
        {
            if (site.Text != null || site.Value is null) return; // constant: nothing was spliced in
            foreach (var part in new ValueSetWalk(site.Value).NonConstantParts())
                report(Diagnostic.Create(Descriptors.SqlInjection, part.Syntax.GetLocation(), part.Syntax.ToString()));
        }

        /// <summary>One walk over the values an expression can take, with the writes of the method's locals indexed once.</summary>
        private sealed class ValueSetWalk
        {
            private readonly IOperation _root;
            private Dictionary<ILocalSymbol, List<IOperation>>? _references;

            public ValueSetWalk(IOperation root) { _root = root; }

            public List<IOperation> NonConstantParts()
            {
                var parts = new List<IOperation>();
                var seenParts = new HashSet<IOperation>();
                var visitedLocals = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
                var stack = new Stack<(IOperation Operation, bool Top)>();
                stack.Push((_root, true));
                while (stack.Count > 0)
                {
                    Steps++;
                    var (operation, top) = stack.Pop();
                    operation = Unwrap(operation);
                    if (operation.ConstantValue.HasValue) continue;
                    switch (operation)
                    {
                        case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                            stack.Push((whenFalse, top));
                            stack.Push((conditional.WhenTrue, top));
                            continue;
                        case ISwitchExpressionOperation switchExpression:
                            for (int i = switchExpression.Arms.Length - 1; i >= 0; i--) stack.Push((switchExpression.Arms[i].Value, top));
                            continue;
                        case ICoalesceOperation coalesce:
                            stack.Push((coalesce.WhenNull, top));
                            stack.Push((coalesce.Value, top));
                            continue;
                        case IInterpolatedStringOperation interpolated:
                            for (int i = interpolated.Parts.Length - 1; i >= 0; i--)
                                if (interpolated.Parts[i] is IInterpolationOperation interpolation) stack.Push((interpolation.Expression, false));
                            continue;
                        case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } add when add.Type?.SpecialType == SpecialType.System_String:
                            // Right first so the left is popped (and reported) first.
                            stack.Push((add.RightOperand, false));
                            stack.Push((add.LeftOperand, false));
                            continue;
                        case IInvocationOperation call when IsStringBuilding(call.TargetMethod):
                            PushPieces(stack, call.Arguments);
                            continue;
                        case IInvocationOperation { TargetMethod: { Name: "ToString", Parameters.Length: 0 }, Instance: { } instance } when IsStringBuilder(instance.Type):
                            if (!PushBuilder(stack, instance, visitedLocals)) continue; // not followed: silent
                            continue;
                        case IInvocationOperation { TargetMethod: { Name: "ToString", Parameters.Length: 0 }, Instance: { } value } when IsIntegral(value.Type):
                            stack.Push((value, top));
                            continue;
                        case IObjectCreationOperation { Type.SpecialType: SpecialType.System_String } created when AllConstant(created.Arguments):
                            continue; // new string('x', 200)
                        case IFieldReferenceOperation field when SqlSite.ConstantSql(field) != null:
                            continue; // static readonly string initialised with a literal
                        case ILocalReferenceOperation local:
                            if (!visitedLocals.Add(local.Local)) continue;
                            if (IsIntegral(local.Local.Type))
                            {
                                if (IsCounter(local.Local)) continue;
                            }
                            else if (local.Local.Type?.SpecialType == SpecialType.System_String)
                            {
                                var writes = Writes(local.Local);
                                if (writes is null) break; // a foreach, pattern or out variable: a run-time value
                                for (int i = writes.Count - 1; i >= 0; i--) stack.Push((writes[i], top));
                                continue;
                            }
                            else if (IsStringList(local.Local.Type))
                            {
                                if (!PushListItems(stack, local.Local)) continue;
                                continue;
                            }
                            break;
                    }
                    // A leaf: only a piece of a built string counts (a plain variable holding SQL is not a concatenation here).
                    if (!top && seenParts.Add(operation)) parts.Add(operation);
                }
                return parts;
            }

            private static void PushPieces(Stack<(IOperation, bool)> stack, System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments)
            {
                for (int i = arguments.Length - 1; i >= 0; i--)
                {
                    var value = Unwrap(arguments[i].Value);
                    if (value is IArrayCreationOperation { Initializer: { } init })
                        for (int j = init.ElementValues.Length - 1; j >= 0; j--) stack.Push((init.ElementValues[j], false));
                    else stack.Push((value, false));
                }
            }

            /// <summary>string.Concat/Format/Join: the result is built from the arguments only.</summary>
            private static bool IsStringBuilding(IMethodSymbol method)
                => method.ContainingType?.SpecialType == SpecialType.System_String && method.Name is "Concat" or "Format" or "Join";

            /// <summary>
            /// Pushes every value appended to a StringBuilder: the chain of Append calls ending in ToString, and (for a local)
            /// every Append/AppendLine/Insert/AppendFormat on it and its constructor argument. False when the builder escapes.
            /// </summary>
            private bool PushBuilder(Stack<(IOperation, bool)> stack, IOperation instance, HashSet<ILocalSymbol> visitedLocals)
            {
                var current = Unwrap(instance);
                // sb.Append(a).Append(b).ToString(): walk the chain down to its start.
                while (current is IInvocationOperation { Instance: { } inner } append && IsAppend(append.TargetMethod))
                {
                    PushAppendArguments(stack, append);
                    current = Unwrap(inner);
                }
                switch (current)
                {
                    case IObjectCreationOperation creation:
                        PushPieces(stack, creation.Arguments);
                        return true;
                    case ILocalReferenceOperation local:
                        if (!visitedLocals.Add(local.Local)) return true;
                        var references = References(local.Local);
                        foreach (var reference in references)
                        {
                            var use = reference.Parent;
                            if (use is IVariableDeclaratorOperation or IVariableInitializerOperation) continue;
                            if (use is ISimpleAssignmentOperation assignment && assignment.Target == reference)
                            {
                                if (Unwrap(assignment.Value) is IObjectCreationOperation created) { PushPieces(stack, created.Arguments); continue; }
                                return false;
                            }
                            // Every chain that starts at the local: sb.Append(x).Append(y); sb.ToString(); sb.Length.
                            IOperation link = reference;
                            while (link.Parent is IInvocationOperation call && call.Instance == link)
                            {
                                if (IsAppend(call.TargetMethod)) PushAppendArguments(stack, call);
                                else if (!IsReadOnlyBuilderCall(call.TargetMethod)) return false;
                                link = call;
                            }
                            if (link == reference && link.Parent is not (IPropertyReferenceOperation or IInvocationOperation)) return false; // passed along: not followed
                        }
                        foreach (var declarator in Declarators(local.Local))
                            if (declarator.Initializer?.Value is { } init && Unwrap(init) is IObjectCreationOperation creation) PushPieces(stack, creation.Arguments);
                        return true;
                    default:
                        return false;
                }
            }

            private static void PushAppendArguments(Stack<(IOperation, bool)> stack, IInvocationOperation append)
            {
                for (int i = append.Arguments.Length - 1; i >= 0; i--)
                {
                    var argument = append.Arguments[i];
                    if (append.TargetMethod.Name == "Insert" && argument.Parameter?.Ordinal == 0) continue; // the position
                    var value = Unwrap(argument.Value);
                    if (value is IArrayCreationOperation { Initializer: { } init })
                        for (int j = init.ElementValues.Length - 1; j >= 0; j--) stack.Push((init.ElementValues[j], false));
                    else stack.Push((value, false));
                }
            }

            private static bool IsAppend(IMethodSymbol method) => IsStringBuilder(method.ContainingType) && method.Name is "Append" or "AppendLine" or "AppendFormat" or "Insert";

            private static bool IsReadOnlyBuilderCall(IMethodSymbol method) => IsStringBuilder(method.ContainingType) && method.Name is "ToString" or "Clear";

            /// <summary>Items of a List&lt;string&gt; local that are added only through Add/Insert/initializers; false when it escapes.</summary>
            private bool PushListItems(Stack<(IOperation, bool)> stack, ILocalSymbol list)
            {
                foreach (var reference in References(list))
                {
                    var use = reference.Parent;
                    if (use is IVariableDeclaratorOperation or IVariableInitializerOperation) continue;
                    if (use is IInvocationOperation call && call.Instance == reference)
                    {
                        if (call.TargetMethod.Name is "Add" or "Insert")
                        {
                            foreach (var argument in call.Arguments)
                                if (argument.Parameter?.Type.SpecialType == SpecialType.System_String) stack.Push((argument.Value, false));
                            continue;
                        }
                        if (call.TargetMethod.Name is "Clear" or "Contains" or "Remove" or "RemoveAt") continue;
                        return false;
                    }
                    if (use is IPropertyReferenceOperation { Property.Name: "Count" }) continue;
                    if (use is IArgumentOperation { Parent: IInvocationOperation join } && IsStringBuilding(join.TargetMethod)) continue;
                    return false;
                }
                foreach (var declarator in Declarators(list))
                {
                    if (declarator.Initializer?.Value is not { } init) continue;
                    if (Unwrap(init) is not IObjectCreationOperation creation || creation.Arguments.Length > 0 && creation.Arguments[0].Value.Type?.SpecialType != SpecialType.System_Int32) return false;
                    if (creation.Initializer is { } collection)
                        foreach (var element in collection.Initializers)
                            if (element is IInvocationOperation add) foreach (var argument in add.Arguments) stack.Push((argument.Value, false));
                }
                return true;
            }

            /// <summary>
            /// Values a string local is given (initializer, assignments, <c>+=</c>); null when its value comes from elsewhere
            /// (a foreach or pattern variable, or one written through ref/out).
            /// </summary>
            private List<IOperation>? Writes(ILocalSymbol local)
            {
                var writes = new List<IOperation>();
                bool declared = false;
                foreach (var declarator in Declarators(local))
                {
                    if (declarator.Parent is IForEachLoopOperation loop) return ForEachItems(loop);
                    declared = true;
                    if (declarator.Initializer?.Value is { } init) writes.Add(init);
                }
                if (!declared) return null;
                foreach (var reference in References(local))
                {
                    switch (reference.Parent)
                    {
                        case ISimpleAssignmentOperation assignment when assignment.Target == reference:
                            writes.Add(assignment.Value);
                            break;
                        case ICompoundAssignmentOperation compound when compound.Target == reference:
                            writes.Add(compound.Value);
                            break;
                        case IArgumentOperation { Parameter.RefKind: not RefKind.None }:
                            return null;
                    }
                }
                return writes;
            }

            /// <summary>
            /// The items of a foreach over an inline array or a static readonly array field of string literals; null for any
            /// other collection (its items are run-time values).
            /// </summary>
            private static List<IOperation>? ForEachItems(IForEachLoopOperation loop)
            {
                var collection = loop.Collection;
                while (collection is IConversionOperation conversion) collection = conversion.Operand;
                if (collection is IArrayCreationOperation { Initializer: { } inline }) return new List<IOperation>(inline.ElementValues);
                if (collection is not IFieldReferenceOperation { Field: { IsStatic: true, IsReadOnly: true } field } || field.DeclaringSyntaxReferences.Length != 1) return null;
                if (field.DeclaringSyntaxReferences[0].GetSyntax() is not Microsoft.CodeAnalysis.CSharp.Syntax.VariableDeclaratorSyntax { Initializer.Value: { } value }) return null;
                var initializer = value switch
                {
                    Microsoft.CodeAnalysis.CSharp.Syntax.InitializerExpressionSyntax list => list,
                    Microsoft.CodeAnalysis.CSharp.Syntax.ArrayCreationExpressionSyntax array => array.Initializer,
                    Microsoft.CodeAnalysis.CSharp.Syntax.ImplicitArrayCreationExpressionSyntax array => array.Initializer,
                    _ => null,
                };
                if (initializer is null) return null;
                foreach (var element in initializer.Expressions)
                    if (element is not Microsoft.CodeAnalysis.CSharp.Syntax.LiteralExpressionSyntax literal
                        || !literal.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.StringLiteralExpression)) return null;
                return new List<IOperation>(); // every item is a literal
            }

            /// <summary>An integer local given only constants and changed only by ++/--/+= constant: a counter or loop index.</summary>
            private bool IsCounter(ILocalSymbol local)
            {
                foreach (var declarator in Declarators(local))
                    if (declarator.Initializer?.Value is { } init && !Unwrap(init).ConstantValue.HasValue) return false;
                foreach (var reference in References(local))
                {
                    switch (reference.Parent)
                    {
                        case ISimpleAssignmentOperation assignment when assignment.Target == reference:
                            if (!Unwrap(assignment.Value).ConstantValue.HasValue) return false;
                            break;
                        case ICompoundAssignmentOperation compound when compound.Target == reference:
                            if (!Unwrap(compound.Value).ConstantValue.HasValue) return false;
                            break;
                        case IArgumentOperation { Parameter.RefKind: not RefKind.None }:
                            return false;
                    }
                }
                return true;
            }

            private IEnumerable<IVariableDeclaratorOperation> Declarators(ILocalSymbol local)
            {
                foreach (var operation in MethodBody().Descendants())
                    if (operation is IVariableDeclaratorOperation declarator && SymbolEqualityComparer.Default.Equals(declarator.Symbol, local))
                        yield return declarator;
            }

            private List<IOperation> References(ILocalSymbol local)
            {
                if (_references is null)
                {
                    _references = new Dictionary<ILocalSymbol, List<IOperation>>(SymbolEqualityComparer.Default);
                    foreach (var operation in MethodBody().Descendants())
                    {
                        if (operation is not ILocalReferenceOperation reference) continue;
                        if (!_references.TryGetValue(reference.Local, out var list)) _references[reference.Local] = list = new List<IOperation>();
                        list.Add(reference);
                    }
                }
                return _references.TryGetValue(local, out var found) ? found : new List<IOperation>();
            }

            private IOperation MethodBody()
            {
                var body = _root;
                while (body.Parent != null) body = body.Parent;
                return body;
            }
        }

        private static bool AllConstant(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments)
        {
            foreach (var argument in arguments)
                if (!Unwrap(argument.Value).ConstantValue.HasValue) return false;
            return true;
        }

        private static bool IsStringBuilder(ITypeSymbol? type)
            => type is { Name: "StringBuilder", ContainingNamespace: { Name: "Text", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };

        private static bool IsStringList(ITypeSymbol? type)
            => type is INamedTypeSymbol { Name: "List", TypeArguments.Length: 1 } list && list.TypeArguments[0].SpecialType == SpecialType.System_String;

        private static bool IsIntegral(ITypeSymbol? type) => type?.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64
            or SpecialType.System_Int16 or SpecialType.System_Byte or SpecialType.System_SByte or SpecialType.System_UInt16
            or SpecialType.System_UInt32 or SpecialType.System_UInt64;

        private static IOperation Unwrap(IOperation operation)
        {
            while (operation is IConversionOperation { IsImplicit: true } or IParenthesizedOperation)
                operation = operation is IConversionOperation conversion ? conversion.Operand : ((IParenthesizedOperation)operation).Operand;
            return operation;
        }
    }
}
