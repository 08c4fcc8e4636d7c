using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using OmniSqlite.Analyzers.Diagnostics;

namespace OmniSqlite.Analyzers.Analyzers
{
    /// <summary>
    /// OSQL014: SQL text built by concatenation (<c>+</c>, <c>string.Concat</c>) or interpolation of non-constant values.
    /// Reported on each non-constant part. The walk is iterative (an explicit stack): 10,000-piece concatenations are normal input.
    /// </summary>
    internal static class SqlInjectionRule
    {
        public static void Analyze(SqlSite site, Action<Diagnostic> report)
        {
            if (site.Text != null || site.Value is null) return; // constant: nothing was spliced in
            foreach (var part in NonConstantParts(site.Value))
                report(Diagnostic.Create(Descriptors.SqlInjection, part.Syntax.GetLocation(), part.Syntax.ToString()));
        }

        /// <summary>The non-constant leaves of a built string, in source order (a plain variable holding SQL is not a concatenation).</summary>
        private static List<IOperation> NonConstantParts(IOperation root)
        {
            var parts = new List<IOperation>();
            var stack = new Stack<(IOperation Operation, bool Top)>();
            stack.Push((root, true));
            while (stack.Count > 0)
            {
                var (operation, top) = stack.Pop();
                operation = Unwrap(operation);
                if (operation.ConstantValue.HasValue) continue;
                switch (operation)
                {
                    case IInterpolatedStringOperation interpolated:
                        foreach (var content in interpolated.Parts)
                            if (content is IInterpolationOperation interpolation && !interpolation.Expression.ConstantValue.HasValue)
                                parts.Add(Unwrap(interpolation.Expression));
                        continue;
                    case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } add when add.Type?.SpecialType == SpecialType.System_String:
                        // Right first so the left is popped (and reported) first.
                        stack.Push((add.RightOperand, false));
                        stack.Push((add.LeftOperand, false));
                        continue;
                    case IInvocationOperation { TargetMethod: { Name: "Concat" or "Format", ContainingType.SpecialType: SpecialType.System_String } } call:
                        var pieces = new List<IOperation>();
                        for (int i = 0; i < call.Arguments.Length; i++)
                        {
                            if (call.TargetMethod.Name == "Format" && i == 0) continue;
                            var value = call.Arguments[i].Value;
                            if (value is IArrayCreationOperation { Initializer: { } init }) pieces.AddRange(init.ElementValues);
                            else pieces.Add(value);
                        }
                        for (int i = pieces.Count - 1; i >= 0; i--) stack.Push((pieces[i], false));
                        continue;
                }
                if (!top) parts.Add(operation);
            }
            return parts;
        }

        private static IOperation Unwrap(IOperation operation)
        {
            while (operation is IConversionOperation { IsImplicit: true } conversion) operation = conversion.Operand;
            return operation;
        }
    }
}
