using System.Collections.Generic;
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
        /// <summary>
        /// The folded text, or null when any part is not a compile-time constant. Iterative and linear in the number of
        /// pieces: an 11,000-piece concatenation is one pass with one StringBuilder.
        /// </summary>
        public static string? TryFold(IOperation? operation)
        {
            if (operation is null) return null;
            var builder = new StringBuilder();
            var stack = new Stack<(IOperation Operation, bool Piece)>();
            stack.Push((operation, false));
            while (stack.Count > 0)
            {
                var (current, piece) = stack.Pop();
                if (piece)
                {
                    while (current is IConversionOperation { IsImplicit: true } implicitConversion) current = implicitConversion.Operand;
                    if (current.Type?.TypeKind == TypeKind.Enum) return null;
                    if (current.ConstantValue.HasValue)
                    {
                        string? value = FormatPiece(current.ConstantValue.Value);
                        if (value is null) return null;
                        builder.Append(value);
                        continue;
                    }
                }
                switch (current)
                {
                    case { ConstantValue: { HasValue: true } constant }:
                        if (constant.Value is not string constantText) return null;
                        builder.Append(constantText);
                        break;
                    case IConversionOperation conversion when conversion.Type?.SpecialType is SpecialType.System_String or SpecialType.System_Object:
                        stack.Push((conversion.Operand, false));
                        break;
                    case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary when binary.Type?.SpecialType == SpecialType.System_String:
                        stack.Push((binary.RightOperand, true));
                        stack.Push((binary.LeftOperand, true));
                        break;
                    case IInterpolatedStringOperation interpolated:
                        for (int i = interpolated.Parts.Length - 1; i >= 0; i--)
                        {
                            switch (interpolated.Parts[i])
                            {
                                case IInterpolatedStringTextOperation text:
                                    stack.Push((text.Text, false));
                                    break;
                                case IInterpolationOperation hole when hole.Alignment is null && hole.FormatString is null:
                                    stack.Push((hole.Expression, true));
                                    break;
                                default:
                                    return null;
                            }
                        }
                        break;
                    default:
                        return null;
                }
            }
            return builder.ToString();
        }

        /// <summary>True when the operation is an operand of a string concatenation or a hole/text of an interpolation.</summary>
        public static bool IsPieceOfStringExpression(IOperation operation)
        {
            IOperation? parent = operation.Parent;
            while (parent is IConversionOperation or IParenthesizedOperation) parent = parent.Parent;
            return parent is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary && binary.Type?.SpecialType == SpecialType.System_String
                || parent is IInterpolationOperation or IInterpolatedStringTextOperation;
        }

        /// <summary>
        /// The largest constant parts of a string expression with their text: the whole expression when it folds, else each
        /// maximal constant operand or interpolation below it. One bottom-up pass decides what folds, so the cost is linear.
        /// </summary>
        public static List<(IOperation Operation, string Text)> MaximalConstantParts(IOperation top)
        {
            var result = new List<(IOperation, string)>();
            var folds = new Dictionary<IOperation, bool>();
            var stack = new Stack<(IOperation Operation, bool ChildrenDone)>();
            stack.Push((top, false));
            while (stack.Count > 0)
            {
                var (current, childrenDone) = stack.Pop();
                var children = Children(current);
                if (children is null) { folds[current] = FoldsAsPiece(current); continue; }
                if (!childrenDone)
                {
                    stack.Push((current, true));
                    foreach (var child in children) stack.Push((child, false));
                    continue;
                }
                bool all = true;
                foreach (var child in children) all &= folds[child];
                folds[current] = all && (current is not IInterpolatedStringOperation interpolated || HolesArePlain(interpolated));
            }
            var walk = new Stack<IOperation>();
            walk.Push(top);
            while (walk.Count > 0)
            {
                var current = walk.Pop();
                if (folds[current])
                {
                    var text = TryFold(current);
                    if (text != null) result.Add((current, text));
                    continue;
                }
                var children = Children(current);
                if (children is null) continue;
                for (int i = children.Count - 1; i >= 0; i--) walk.Push(children[i]);
            }
            return result;
        }

        /// <summary>The operands the folding looks through, or null for a leaf.</summary>
        private static List<IOperation>? Children(IOperation operation)
        {
            switch (operation)
            {
                case IConversionOperation conversion when !operation.ConstantValue.HasValue:
                    return new List<IOperation> { conversion.Operand };
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary when binary.Type?.SpecialType == SpecialType.System_String && !operation.ConstantValue.HasValue:
                    return new List<IOperation> { binary.LeftOperand, binary.RightOperand };
                case IInterpolatedStringOperation interpolated:
                    var holes = new List<IOperation>();
                    foreach (var part in interpolated.Parts)
                        if (part is IInterpolationOperation hole) holes.Add(hole.Expression);
                    return holes;
                default:
                    return null;
            }
        }

        private static bool HolesArePlain(IInterpolatedStringOperation interpolated)
        {
            foreach (var part in interpolated.Parts)
                if (part is IInterpolationOperation hole && (hole.Alignment != null || hole.FormatString != null)) return false;
            return true;
        }

        private static bool FoldsAsPiece(IOperation leaf)
            => leaf.Type?.TypeKind != TypeKind.Enum && leaf.ConstantValue.HasValue && FormatPiece(leaf.ConstantValue.Value) != null;

        /// <summary>
        /// One operand of a concatenation or one hole: strings as they are; integral, char and bool constants format the way
        /// string concatenation formats them. Floating point (culture) returns null.
        /// </summary>
        private static string? FormatPiece(object? value)
        {
            switch (value)
            {
                case null: return "";
                case string s: return s;
                case char c: return c.ToString();
                case bool b: return b ? "True" : "False";
                case int or long or short or sbyte or uint or ulong or ushort or byte:
                    return ((System.IFormattable)value).ToString(null, CultureInfo.InvariantCulture);
                default: return null;
            }
        }
    }
}
