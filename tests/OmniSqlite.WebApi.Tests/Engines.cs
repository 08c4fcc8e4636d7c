using System.Reflection;
using OmniSqlite.Tests.Postgres;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace OmniSqlite.WebApi.Tests;

/// <summary>The values of the sample's <c>Database:Engine</c>; a test that takes one runs once per engine.</summary>
public static class Engine
{
    public const string Sqlite = "sqlite", PostgreSql = "postgresql";
}

/// <summary>
/// A theory whose first argument is the engine: the PostgreSQL rows are skipped, with the reason, only when the throwaway
/// cluster cannot start at all (<see cref="PostgresCluster.SkipReason"/>); the SQLite rows always run.
/// </summary>
[XunitTestCaseDiscoverer("OmniSqlite.WebApi.Tests.EngineTheoryDiscoverer", "OmniSqlite.WebApi.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class EngineTheoryAttribute : TheoryAttribute;

/// <summary>The rows <c>("sqlite")</c> and <c>("postgresql")</c> of an <see cref="EngineTheoryAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BothEnginesAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[Engine.Sqlite], [Engine.PostgreSql]];
}

public sealed class EngineTheoryDiscoverer(IMessageSink diagnosticMessageSink) : TheoryDiscoverer(diagnosticMessageSink)
{
    protected override IEnumerable<IXunitTestCase> CreateTestCasesForDataRow(
        ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo theoryAttribute, object[] dataRow) =>
        dataRow is [Engine.PostgreSql, ..] && PostgresCluster.Shared.SkipReason is { } reason
            ? CreateTestCasesForSkippedDataRow(discoveryOptions, testMethod, theoryAttribute, dataRow, reason)
            : base.CreateTestCasesForDataRow(discoveryOptions, testMethod, theoryAttribute, dataRow);
}
