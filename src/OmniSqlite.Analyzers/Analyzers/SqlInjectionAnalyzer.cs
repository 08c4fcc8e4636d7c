using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using OmniSqlite.Analyzers.Diagnostics;

namespace OmniSqlite.Analyzers.Analyzers
{
    /// <summary>
    /// OSQL014: SQL text built by concatenation (<c>+</c>, <c>string.Concat</c>) or interpolation of non-constant values.
    /// Reported on each non-constant part.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class SqlInjectionAnalyzer : SqlRuleAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.SqlInjection);

        internal override void AnalyzeSite(OperationAnalysisContext context, SqlSite site, Analysis.SqlCompilationState state)
        {
            if (site.Text != null) return; // constant: nothing was spliced in
            var parts = new List<IOperation>();
            Collect(site.Value, parts, top: true);
            foreach (var part in parts)
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.SqlInjection, part.Syntax.GetLocation(), part.Syntax.ToString()));
        }

        private static void Collect(IOperation operation, List<IOperation> parts, bool top)
        {
            while (operation is IConversionOperation { IsImplicit: true } conversion) operation = conversion.Operand;
            if (operation.ConstantValue.HasValue) return;
            switch (operation)
            {
                case IInterpolatedStringOperation interpolated:
                    foreach (var content in interpolated.Parts)
                        if (content is IInterpolationOperation interpolation && !interpolation.Expression.ConstantValue.HasValue)
                            parts.Add(Unwrap(interpolation.Expression));
                    return;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } add when add.Type?.SpecialType == SpecialType.System_String:
                    Collect(add.LeftOperand, parts, false);
                    Collect(add.RightOperand, parts, false);
                    return;
                case IInvocationOperation { TargetMethod: { Name: "Concat" or "Format", ContainingType.SpecialType: SpecialType.System_String } } call:
                    for (int i = 0; i < call.Arguments.Length; i++)
                    {
                        if (call.TargetMethod.Name == "Format" && i == 0) continue;
                        var value = call.Arguments[i].Value;
                        if (value is IArrayCreationOperation { Initializer: { } init })
                            foreach (var element in init.ElementValues) Collect(element, parts, false);
                        else Collect(value, parts, false);
                    }
                    return;
            }
            // A leaf: only a part of a built string counts (a plain variable holding SQL is not a concatenation here).
            if (!top) parts.Add(operation);
        }

        private static IOperation Unwrap(IOperation operation)
        {
            while (operation is IConversionOperation { IsImplicit: true } conversion) operation = conversion.Operand;
            return operation;
        }
    }
}
