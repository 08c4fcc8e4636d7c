using System.Reflection;
using OmniSqlite.Cli;

namespace OmniSqlite.Tests.Conventions;

/// <summary>
/// The API conventions of CONTRIBUTING.md that a machine can check, over every public type of the runtime, Hosting
/// and the CLI library: an async method ends in Async, takes a CancellationToken, and names it cancellationToken.
/// </summary>
public sealed class ApiConventionTests
{
    private static readonly Assembly[] Shipped =
    {
        typeof(SqliteProfile).Assembly,                                // OmniSqlite
        typeof(OmniSqlite.Hosting.OmniSqliteBackupServiceOptions).Assembly, // OmniSqlite.Hosting
        typeof(CliApp).Assembly,                                       // OmniSqlite.Cli
    };

    private static IEnumerable<MethodInfo> PublicAsyncMethods()
        => Shipped.SelectMany(a => a.GetExportedTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => !m.IsSpecialName && IsAwaitable(m.ReturnType));

    private static bool IsAwaitable(Type type)
        => type == typeof(Task) || type == typeof(ValueTask)
           || (type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Task<>) || type.GetGenericTypeDefinition() == typeof(ValueTask<>) || type.GetGenericTypeDefinition() == typeof(IAsyncEnumerable<>)));

    private static string Name(MethodInfo m) => $"{m.DeclaringType!.FullName}.{m.Name}({string.Join(", ", m.GetParameters().Select(p => p.ParameterType.Name + " " + p.Name))})";

    [Fact]
    public void There_are_public_async_methods_to_check()
    {
        Assert.True(PublicAsyncMethods().Count() >= 10, string.Join("\n", PublicAsyncMethods().Select(Name)));
    }

    [Fact]
    public void Every_cancellation_token_parameter_is_named_cancellationToken()
    {
        var wrong = Shipped.SelectMany(a => a.GetExportedTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly).Cast<MethodBase>()
                .Concat(t.GetConstructors()))
            .Where(m => m.GetParameters().Any(p => p.ParameterType == typeof(CancellationToken) && p.Name != "cancellationToken"))
            .Select(m => $"{m.DeclaringType!.FullName}.{m.Name}: " + string.Join(", ", m.GetParameters().Where(p => p.ParameterType == typeof(CancellationToken)).Select(p => p.Name)))
            .ToList();
        Assert.True(wrong.Count == 0, "CancellationToken parameters must be named 'cancellationToken' (CONTRIBUTING.md):\n" + string.Join("\n", wrong));
    }

    [Fact]
    public void Every_public_async_method_takes_a_cancellation_token_and_ends_in_Async()
    {
        var wrong = PublicAsyncMethods()
            .Where(m => !m.Name.EndsWith("Async", StringComparison.Ordinal) || !m.GetParameters().Any(p => p.ParameterType == typeof(CancellationToken)))
            .Select(Name)
            .ToList();
        Assert.True(wrong.Count == 0, "Public async methods end in Async and take a CancellationToken (CONTRIBUTING.md):\n" + string.Join("\n", wrong));
    }
}
