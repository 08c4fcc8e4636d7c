using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using OmniSqlite.Analyzers.Analysis;

namespace OmniSqlite.Analyzers.Analyzers
{
    /// <summary>One place where SQL text goes to SQLite: the C# expression that supplies it.</summary>
    internal sealed class SqlSite
    {
        public SqlSite(IOperation? value, SyntaxNode syntax, string? text)
        {
            Value = value;
            Syntax = syntax;
            Text = text;
        }

        /// <summary>The expression (implicit conversions removed); null for an attribute argument such as <c>[Query("...")]</c>.</summary>
        public IOperation? Value { get; }

        /// <summary>The syntax that holds the SQL (diagnostics land inside its string literals).</summary>
        public SyntaxNode Syntax { get; }

        /// <summary>The SQL when the expression is a compile-time constant; null otherwise.</summary>
        public string? Text { get; }

        /// <summary>
        /// Recognises <c>command.CommandText = sql</c> (SqliteCommand, DbCommand, IDbCommand, object initializers included),
        /// <c>new SqliteCommand(sql, ...)</c>, and Dapper-style <c>connection.Query*/Execute*(sql, ...)</c> extension methods
        /// whose first parameter is a DbConnection/IDbConnection and which take a string parameter named <c>sql</c>.
        /// </summary>
        public static SqlSite? From(IOperation operation, SqlTypes types)
        {
            IOperation? value = null;
            switch (operation)
            {
                case ISimpleAssignmentOperation assignment
                    when assignment.Target is IPropertyReferenceOperation { Property.Name: "CommandText" } property
                         && types.IsCommand(property.Property.ContainingType):
                    value = assignment.Value;
                    break;
                case IObjectCreationOperation creation when types.IsCommand(creation.Type):
                    foreach (var argument in creation.Arguments)
                        if (argument.Parameter is { Name: "commandText", Type.SpecialType: SpecialType.System_String }) value = argument.Value;
                    break;
                case IInvocationOperation invocation when IsDapperStyle(invocation.TargetMethod, types):
                    foreach (var argument in invocation.Arguments)
                        if (argument.Parameter is { Name: "sql", Type.SpecialType: SpecialType.System_String }) value = argument.Value;
                    break;
            }
            if (value is null) return null;
            while (value is IConversionOperation { IsImplicit: true } conversion) value = conversion.Operand;
            var constant = value.ConstantValue;
            return new SqlSite(value, value.Syntax, constant.HasValue ? constant.Value as string : null);
        }

        private static bool IsDapperStyle(IMethodSymbol method, SqlTypes types)
        {
            if (!method.IsExtensionMethod && method.ReducedFrom is null) return false;
            var name = method.Name;
            if (!name.StartsWith("Query", StringComparison.Ordinal) && !name.StartsWith("Execute", StringComparison.Ordinal)) return false;
            var definition = method.ReducedFrom ?? method;
            return definition.Parameters.Length > 0 && types.IsConnection(definition.Parameters[0].Type);
        }

        /// <summary>
        /// Where a span of the SQL text is in source: inside the string literal(s) of the expression when the text can be
        /// matched there (the n-th occurrence of the same characters), else the whole expression.
        /// </summary>
        public Location MapSpan(string sql, int start, int length)
        {
            var syntax = Syntax;
            if (length <= 0 || start < 0 || start + length > sql.Length) return syntax.GetLocation();
            var needle = sql.Substring(start, length);
            int occurrence = 0;
            for (int i = sql.IndexOf(needle, 0, StringComparison.Ordinal); i >= 0 && i < start; i = sql.IndexOf(needle, i + needle.Length, StringComparison.Ordinal))
                occurrence++;
            foreach (var token in syntax.DescendantTokens())
            {
                if (!token.IsKind(SyntaxKind.StringLiteralToken) && !token.IsKind(SyntaxKind.SingleLineRawStringLiteralToken)
                    && !token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken) && !token.IsKind(SyntaxKind.InterpolatedStringTextToken)) continue;
                var text = token.Text;
                int quote = 0;
                while (quote < text.Length && (text[quote] == '@' || text[quote] == '"')) quote++;
                for (int i = text.IndexOf(needle, quote, StringComparison.Ordinal); i >= 0; i = text.IndexOf(needle, i + needle.Length, StringComparison.Ordinal))
                {
                    if (occurrence == 0)
                        return Location.Create(syntax.SyntaxTree, new TextSpan(token.SpanStart + i, length));
                    occurrence--;
                }
            }
            return syntax.GetLocation();
        }
    }
}
