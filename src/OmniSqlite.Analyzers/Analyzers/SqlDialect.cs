using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using OmniSqlite.Analyzers.Analysis;

namespace OmniSqlite.Analyzers.Analyzers
{
    /// <summary>
    /// Does SQL given to this command or connection reach SQLite? Yes for a SqliteCommand/SqliteConnection (or one that a
    /// local, <c>CreateCommand()</c> or <c>.Connection</c> leads back to); no for a concrete command or connection of another
    /// provider; when the origin is unknown (a DbCommand/IDbConnection parameter), yes only if the project references no
    /// other ADO.NET provider. Other providers' SQL (T-SQL for SQL Server, say) gets no SQLite advice.
    /// </summary>
    internal static class SqlDialect
    {
        private enum Verdict { Sqlite, Other, Unknown }

        public static bool ReachesSqlite(IOperation? commandOrConnection, SqlTypes types)
        {
            var verdict = Classify(commandOrConnection, types);
            return verdict == Verdict.Sqlite || verdict == Verdict.Unknown && !types.OtherProviderReferenced;
        }

        private static Verdict Classify(IOperation? expression, SqlTypes types)
        {
            // Bounded: each step goes back one assignment, call or property.
            for (int step = 0; expression != null && step < 8; step++)
            {
                while (expression is IConversionOperation conversion) expression = conversion.Operand;
                var type = expression.Type;
                if (types.IsSqlite(type)) return Verdict.Sqlite;
                if (type is INamedTypeSymbol { TypeKind: TypeKind.Class, IsAbstract: false } && (types.IsCommand(type) || types.IsConnection(type)))
                    return Verdict.Other;
                switch (expression)
                {
                    case IInvocationOperation { TargetMethod.Name: "CreateCommand" } call:
                        expression = call.Instance ?? (call.Arguments.Length > 0 ? call.Arguments[0].Value : null);
                        continue;
                    case IPropertyReferenceOperation { Property.Name: "Connection" } property:
                        expression = property.Instance;
                        continue;
                    case ILocalReferenceOperation local:
                        expression = Initializer(local);
                        continue;
                    default:
                        return Verdict.Unknown;
                }
            }
            return Verdict.Unknown;
        }

        /// <summary>The local's initializer as an operation (same method, so the same semantic model).</summary>
        private static IOperation? Initializer(ILocalReferenceOperation local)
        {
            if (local.SemanticModel is null || local.Local.DeclaringSyntaxReferences.Length != 1) return null;
            if (local.Local.DeclaringSyntaxReferences[0].GetSyntax() is not VariableDeclaratorSyntax { Initializer.Value: { } value }) return null;
            if (value.SyntaxTree != local.SemanticModel.SyntaxTree) return null;
            return local.SemanticModel.GetOperation(value);
        }
    }
}
