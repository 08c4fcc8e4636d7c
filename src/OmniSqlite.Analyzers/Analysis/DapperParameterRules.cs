using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using OmniSqlite.Analyzers.Analyzers;
using OmniSqlite.Analyzers.Diagnostics;
using OmniSqlite.Analyzers.Parsing.Sql;

namespace OmniSqlite.Analyzers.Analysis
{
    /// <summary>
    /// OSQL021/OSQL022 at Dapper call sites whose parameters are an anonymous object: <c>connection.Query&lt;T&gt;(sql, new { clientId })</c>
    /// and <c>new CommandDefinition(sql, new { clientId }, ..., cancellationToken: ct)</c>. Each named SQL parameter needs a
    /// member (matched case-insensitively, as Dapper does); each member should be used. Constant SQL that parses only;
    /// typed objects and DynamicParameters are left alone.
    /// </summary>
    internal static class DapperParameterRules
    {
        public static void Analyze(IOperation operation, SqlTypes types, Action<Diagnostic> report)
        {
            IOperation? sqlValue = null;
            IOperation? param = null;
            string call;
            switch (operation)
            {
                case IInvocationOperation invocation:
                    var site = SqlSite.From(invocation, types);
                    if (site?.Value is null) return;
                    sqlValue = site.Value;
                    param = Argument(invocation.Arguments, "param");
                    call = invocation.TargetMethod.Name;
                    break;
                case IObjectCreationOperation { Type.Name: "CommandDefinition" } creation:
                    sqlValue = Argument(creation.Arguments, "commandText");
                    param = Argument(creation.Arguments, "parameters");
                    call = "CommandDefinition";
                    break;
                default:
                    return;
            }
            if (sqlValue is null || param is not IAnonymousObjectCreationOperation anonymous) return;
            if (sqlValue.ConstantValue is not { HasValue: true, Value: string sql } || sql.Length == 0) return;

            var members = new List<(string Name, Location Location)>();
            foreach (var initializer in anonymous.Initializers)
                if (initializer is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property })
                    members.Add((property.Property.Name, initializer.Syntax.GetLocation()));

            var script = SqlParser.Parse(sql);
            if (script.Statements.Any(s => s is SqlUnknownStatement { Error: not null })) return; // not sure what it binds
            var site2 = new SqlSite(sqlValue, sqlValue.Syntax, sql);
            var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var owner = "new { " + string.Join(", ", members.Select(m => m.Name)) + " }";
            foreach (var statement in script.Statements)
            {
                foreach (var p in SqlSyntaxWalker.Parameters(statement))
                {
                    if (p.Name is null) continue; // positional: Dapper binds those by order, not name
                    if (members.Any(m => string.Equals(m.Name, p.Name, StringComparison.OrdinalIgnoreCase))) { used.Add(p.Name); continue; }
                    report(Diagnostic.Create(Descriptors.QueryParameterNotFound, site2.MapSpan(sql, p.Start, p.Length), p.Text, owner, p.Name));
                }
            }
            foreach (var m in members)
                if (!used.Contains(m.Name))
                    report(Diagnostic.Create(Descriptors.QueryParameterUnused, m.Location, m.Name, call));
        }

        private static IOperation? Argument(IEnumerable<IArgumentOperation> arguments, string name)
        {
            foreach (var a in arguments)
            {
                if (a.Parameter?.Name != name) continue;
                var value = a.Value;
                while (value is IConversionOperation { IsImplicit: true } conversion) value = conversion.Operand;
                return value;
            }
            return null;
        }
    }
}
