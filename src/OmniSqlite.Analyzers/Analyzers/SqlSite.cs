using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
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

        /// <summary>The SQL when the expression is a compile-time constant (or a static readonly string initialised with one); null otherwise.</summary>
        public string? Text { get; }

        /// <summary>
        /// Recognises SQL that reaches SQLite: <c>command.CommandText = sql</c> (object initializers included),
        /// <c>new SqliteCommand(sql, ...)</c>, Dapper-style <c>connection.Query*/Execute*(sql, ...)</c> extension methods,
        /// <c>new CommandDefinition(sql, ...)</c>, and calls of the project's own helpers whose string parameter flows into one
        /// of those (<see cref="SqlSinks"/>) or that <c>omnisqlite.sql_methods</c> names. A command or connection of another
        /// provider is left alone (<see cref="SqlDialect"/>).
        /// </summary>
        public static SqlSite? From(IOperation operation, SqlCompilationState state, AnalyzerOptions? options, int depth = 0)
        {
            var value = SqlValue(operation, state, options, depth);
            if (value is null) return null;
            while (value is IConversionOperation { IsImplicit: true } conversion) value = conversion.Operand;
            return new SqlSite(value, value.Syntax, ConstantSql(value));
        }

        private static IOperation? SqlValue(IOperation operation, SqlCompilationState state, AnalyzerOptions? options, int depth)
        {
            var types = state.Types;
            switch (operation)
            {
                case ISimpleAssignmentOperation assignment
                    when assignment.Target is IPropertyReferenceOperation { Property.Name: "CommandText" } property
                         && types.IsCommand(property.Property.ContainingType):
                    return SqlDialect.ReachesSqlite(property.Instance, types) ? assignment.Value : null;
                case IObjectCreationOperation creation when types.IsCommand(creation.Type):
                    if (!types.IsSqlite(creation.Type) && !SqlDialect.ReachesSqlite(creation, types)) return null;
                    return Argument(creation.Arguments, "commandText");
                case IObjectCreationOperation creation when creation.Type is { Name: "CommandDefinition", ContainingNamespace.Name: "Dapper" }:
                    return SqlDialect.ReachesSqlite(DapperConnectionOf(creation, types), types) ? Argument(creation.Arguments, "commandText") : null;
                case IInvocationOperation invocation when IsDapperStyle(invocation.TargetMethod, types):
                    return SqlDialect.ReachesSqlite(invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null, types)
                        ? Argument(invocation.Arguments, "sql") : null;
                case IInvocationOperation invocation:
                    int ordinal = state.Sinks.SqlParameter(invocation.TargetMethod, options, operation.Syntax.SyntaxTree, depth);
                    if (ordinal < 0) return null;
                    foreach (var argument in invocation.Arguments)
                        if (argument.Parameter?.Ordinal == ordinal && argument.ArgumentKind != ArgumentKind.DefaultValue) return argument.Value;
                    return null;
            }
            return null;
        }

        private static IOperation? Argument(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments, string name)
        {
            foreach (var argument in arguments)
                if (argument.Parameter is { Type.SpecialType: SpecialType.System_String } parameter && parameter.Name == name) return argument.Value;
            return null;
        }

        /// <summary>The connection of the Dapper call a <c>new CommandDefinition(...)</c> is passed to, when it is passed directly.</summary>
        private static IOperation? DapperConnectionOf(IOperation creation, SqlTypes types)
        {
            var current = creation;
            while (current.Parent is IConversionOperation) current = current.Parent;
            if (current.Parent is IArgumentOperation { Parent: IInvocationOperation call } && IsDapperStyle(call.TargetMethod, types) && call.Arguments.Length > 0)
                return call.Arguments[0].Value;
            return null;
        }

        /// <summary>
        /// The text of a constant, or of a <c>static readonly string</c> field initialised with a string literal (read from its
        /// declaration: such a field has no ConstantValue).
        /// </summary>
        internal static string? ConstantSql(IOperation value)
        {
            if (value.ConstantValue.HasValue) return value.ConstantValue.Value as string;
            if (value is IFieldReferenceOperation { Field: { IsStatic: true, IsReadOnly: true, Type.SpecialType: SpecialType.System_String } field })
                return ReadonlyFieldText(field);
            return null;
        }

        internal static string? ReadonlyFieldText(IFieldSymbol field)
        {
            if (field.DeclaringSyntaxReferences.Length != 1) return null;
            if (field.DeclaringSyntaxReferences[0].GetSyntax() is not VariableDeclaratorSyntax { Initializer.Value: LiteralExpressionSyntax literal }) return null;
            return literal.IsKind(SyntaxKind.StringLiteralExpression) ? literal.Token.ValueText : null;
        }

        internal static bool IsDapperStyle(IMethodSymbol method, SqlTypes types)
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
