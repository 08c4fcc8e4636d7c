using System.Collections.Generic;
using System.Globalization;
using Microsoft.CodeAnalysis;
using OmniSqlite.Analyzers.Model;

namespace OmniSqlite.Analyzers.Parsing
{
    /// <summary>Reads <c>[RenamedFrom]</c> and <c>[Default]</c>: the attributes schema migration needs.</summary>
    internal static class MigrationAttributes
    {
        private const string RenamedFrom = "RenamedFromAttribute";
        private const string Default = "DefaultAttribute";

        /// <summary>Every <c>[RenamedFrom("old")]</c> name on the symbol, in declaration order (blank ones skipped).</summary>
        public static EquatableArray<string> PreviousNames(ISymbol symbol)
        {
            var names = new List<string>();
            foreach (var a in symbol.GetAttributes())
            {
                if (!IsOurs(a, RenamedFrom) || a.ConstructorArguments.Length != 1) continue;
                if (a.ConstructorArguments[0].Value is string name && !string.IsNullOrWhiteSpace(name) && !names.Contains(name)) names.Add(name);
            }
            return names.ToEquatableArray();
        }

        /// <summary>The <c>[Default]</c> attribute of the member, or null.</summary>
        public static AttributeData? FindDefault(ISymbol symbol)
        {
            foreach (var a in symbol.GetAttributes()) if (IsOurs(a, Default)) return a;
            return null;
        }

        /// <summary>
        /// The DEFAULT as SQL for a member of <paramref name="kind"/>, or null with <paramref name="problem"/> saying why the value
        /// does not fit (not a constant, another type, out of range, a type whose storage has no literal form here).
        /// </summary>
        public static string? DefaultSql(AttributeData attribute, ValueKind kind, ValueKind underlying, string typeName, out string shown, out string? problem)
        {
            problem = null;
            shown = attribute.ApplicationSyntaxReference?.GetSyntax().ToString() ?? "[Default]";
            if (attribute.ConstructorArguments.Length != 1) { problem = "has no value"; return null; }
            var value = attribute.ConstructorArguments[0];
            if (value.Kind is TypedConstantKind.Array or TypedConstantKind.Type or TypedConstantKind.Error)
            {
                problem = "is not a constant string, number or bool";
                return null;
            }
            if (value.IsNull) { problem = "is null: a nullable member already defaults to NULL"; return null; }
            var raw = value.Value;
            var isEnumConstant = value.Kind == TypedConstantKind.Enum;
            if (isEnumConstant && value.Type?.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) != typeName)
            {
                problem = "is a value of " + value.Type?.ToDisplayString() + ", not of the member's type";
                return null;
            }

            switch (kind)
            {
                case ValueKind.String:
                    if (raw is string s) return "'" + s.Replace("'", "''") + "'";
                    break;
                case ValueKind.Boolean:
                    if (raw is bool b) return b ? "1" : "0";
                    break;
                case ValueKind.Single:
                case ValueKind.Double:
                    if (!isEnumConstant && TryDouble(raw, out var d))
                    {
                        if (double.IsNaN(d) || double.IsInfinity(d)) { problem = "is not a finite number"; return null; }
                        var text = d.ToString("R", CultureInfo.InvariantCulture);
                        return text.IndexOfAny(new[] { '.', 'E', 'e' }) < 0 ? text + ".0" : text;
                    }
                    break;
                case ValueKind.Enum:
                    if (TryInteger(raw, out var e, out _)) return InRange(e, underlying, out problem);
                    break;
                case ValueKind.Byte:
                case ValueKind.SByte:
                case ValueKind.Int16:
                case ValueKind.UInt16:
                case ValueKind.Int32:
                case ValueKind.UInt32:
                case ValueKind.Int64:
                case ValueKind.UInt64:
                    if (!isEnumConstant && TryInteger(raw, out var i, out _)) return InRange(i, kind, out problem);
                    break;
                default:
                    problem = "is not supported for a member of type " + typeName.Replace("global::", "") + " (its stored form has no SQL literal here; set the value in code instead)";
                    return null;
            }
            problem = "does not fit the member's type (" + typeName.Replace("global::", "") + ")";
            return null;
        }

        private static string? InRange(decimal value, ValueKind kind, out string? problem)
        {
            problem = null;
            var (min, max) = kind switch
            {
                ValueKind.Byte => (byte.MinValue, byte.MaxValue),
                ValueKind.SByte => (sbyte.MinValue, sbyte.MaxValue),
                ValueKind.Int16 => (short.MinValue, short.MaxValue),
                ValueKind.UInt16 => (ushort.MinValue, ushort.MaxValue),
                ValueKind.Int32 => (int.MinValue, int.MaxValue),
                ValueKind.UInt32 => (uint.MinValue, uint.MaxValue),
                ValueKind.UInt64 => (0m, (decimal)long.MaxValue), // stored as a signed 64-bit INTEGER
                _ => ((decimal)long.MinValue, (decimal)long.MaxValue),
            };
            if (value < min || value > max) { problem = "is out of range for the member's type"; return null; }
            return value.ToString(CultureInfo.InvariantCulture);
        }

        private static bool TryInteger(object? raw, out decimal value, out bool isInteger)
        {
            isInteger = true;
            switch (raw)
            {
                case sbyte v: value = v; return true;
                case byte v: value = v; return true;
                case short v: value = v; return true;
                case ushort v: value = v; return true;
                case int v: value = v; return true;
                case uint v: value = v; return true;
                case long v: value = v; return true;
                case ulong v: value = v; return true;
                default: value = 0; isInteger = false; return false;
            }
        }

        private static bool TryDouble(object? raw, out double value)
        {
            if (TryInteger(raw, out var i, out _)) { value = (double)i; return true; }
            switch (raw)
            {
                case float f: value = f; return true;
                case double d: value = d; return true;
                default: value = 0; return false;
            }
        }

        private static bool IsOurs(AttributeData attribute, string name)
            => attribute.AttributeClass is { } c && c.Name == name && EntityParser.IsAttributeNamespace(c.ContainingNamespace);
    }
}
