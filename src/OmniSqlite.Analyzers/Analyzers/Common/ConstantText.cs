using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace OmniSqlite.Analyzers.Analyzers.Common
{
    /// <summary>
    /// Folds the text of a string-valued operation when it is known at compile time: literals (regular,
    /// verbatim, raw), const fields and locals, concatenations of constants, and interpolated strings whose
    /// holes are constants. Anything built at run time returns null: the analyzers do not guess.
    /// </summary>
    internal static class ConstantText
    {
        /// <summary>The folded text, or null when any part is not a compile-time constant.</summary>
        public static string? TryFold(IOperation? operation)
        {
            switch (operation)
            {
                case null:
                    return null;
                case { ConstantValue: { HasValue: true } constant }:
                    return constant.Value as string;
                case IConversionOperation conversion when conversion.Type?.SpecialType is SpecialType.System_String or SpecialType.System_Object:
                    return TryFold(conversion.Operand);
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary when binary.Type?.SpecialType == SpecialType.System_String:
                {
                    string? left = FoldPiece(binary.LeftOperand);
                    if (left is null) return null;
                    string? right = FoldPiece(binary.RightOperand);
                    return right is null ? null : left + right;
                }
                case IInterpolatedStringOperation interpolated:
                    return FoldInterpolated(interpolated);
                default:
                    return null;
            }
        }

        /// <summary>
        /// True when <paramref name="operation"/> is part of a larger constant text (an operand of a folded
        /// concatenation or a hole of a folded interpolation), so a rule that reads text reports it once, at the top.
        /// </summary>
        public static bool IsPartOfLargerText(IOperation operation)
        {
            IOperation? parent = operation.Parent;
            while (parent is IConversionOperation)
            {
                if (TryFold(parent) is null) return false;
                parent = parent.Parent;
            }

            switch (parent)
            {
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary when binary.Type?.SpecialType == SpecialType.System_String:
                    return TryFold(binary) is not null;
                case IInterpolationOperation { Parent: IInterpolatedStringOperation outer }:
                    return TryFold(outer) is not null;
                case IInterpolatedStringTextOperation { Parent: IInterpolatedStringOperation outer }:
                    return TryFold(outer) is not null;
                default:
                    return false;
            }
        }

        private static string? FoldInterpolated(IInterpolatedStringOperation interpolated)
        {
            var builder = new StringBuilder();
            foreach (IInterpolatedStringContentOperation part in interpolated.Parts)
            {
                switch (part)
                {
                    case IInterpolatedStringTextOperation text:
                    {
                        string? value = TryFold(text.Text);
                        if (value is null) return null;
                        builder.Append(value);
                        break;
                    }
                    case IInterpolationOperation hole when hole.Alignment is null && hole.FormatString is null:
                    {
                        string? value = FoldPiece(hole.Expression);
                        if (value is null) return null;
                        builder.Append(value);
                        break;
                    }
                    default:
                        return null;
                }
            }

            return builder.ToString();
        }

        /// <summary>
        /// One operand of a concatenation or one hole: strings fold as above; integral, char and bool constants
        /// format the way string concatenation formats them. Floating point and enums are left alone
        /// (culture and names make them run-time values in practice).
        /// </summary>
        private static string? FoldPiece(IOperation operation)
        {
            IOperation inner = operation;
            while (inner is IConversionOperation { IsImplicit: true } conversion) inner = conversion.Operand;

            if (inner.Type?.TypeKind == TypeKind.Enum) return null;
            if (inner.ConstantValue.HasValue)
            {
                switch (inner.ConstantValue.Value)
                {
                    case null: return "";
                    case string s: return s;
                    case char c: return c.ToString();
                    case bool b: return b ? "True" : "False";
                    case int or long or short or sbyte or uint or ulong or ushort or byte:
                        return ((System.IFormattable)inner.ConstantValue.Value).ToString(null, CultureInfo.InvariantCulture);
                    default: return null;
                }
            }

            return TryFold(inner);
        }
    }
}
