using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace OmniSqlite.Analyzers.Tests.Infrastructure;

/// <summary>
/// References for test compilations, taken from the running .NET runtime (no download: the testing
/// library's ReferenceAssemblies.Net.* packages cannot be fetched here), plus Microsoft.Data.Sqlite
/// and the OmniSqlite runtime.
/// </summary>
public static class TestReferences
{
    /// <summary>Framework assemblies of the running runtime, Microsoft.Data.Sqlite, and OmniSqlite.</summary>
    public static ImmutableArray<MetadataReference> All { get; } = Build();

    /// <summary>Framework assemblies only: no Microsoft.Data.Sqlite, no OmniSqlite (for "analyzers stay silent" tests).</summary>
    public static ImmutableArray<MetadataReference> FrameworkOnly { get; } = All
        .Where(r => r.Display is { } path && !path.EndsWith("Microsoft.Data.Sqlite.dll", StringComparison.OrdinalIgnoreCase)
                    && !path.EndsWith("OmniSqlite.dll", StringComparison.OrdinalIgnoreCase))
        .ToImmutableArray();

    /// <summary><see cref="All"/> plus Npgsql and OmniSqlite.PostgreSql: what a project with the PostgreSQL dialect references.</summary>
    public static ImmutableArray<MetadataReference> WithPostgreSql { get; } = All.AddRange(new[]
    {
        typeof(Npgsql.NpgsqlConnection).Assembly.Location, typeof(OmniSqlite.PostgreSql.PostgreSqlSchema).Assembly.Location,
    }.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)));

    /// <summary>For the testing library: an empty package set; add <see cref="All"/> to TestState.AdditionalReferences.</summary>
    public static ReferenceAssemblies Empty { get; } = new ReferenceAssemblies("net10.0");

    /// <summary>What the .NET SDK suppresses by default (CS1701/CS1702: reference version unification), for hand-made compilations.</summary>
    public static ImmutableDictionary<string, ReportDiagnostic> SdkSuppressedWarnings { get; } = ImmutableDictionary<string, ReportDiagnostic>.Empty
        .Add("CS1701", ReportDiagnostic.Suppress).Add("CS1702", ReportDiagnostic.Suppress);

    private static ImmutableArray<MetadataReference> Build()
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p =>
            {
                var name = Path.GetFileName(p);
                return name.StartsWith("System.", StringComparison.Ordinal) || name == "System.dll"
                    || name == "netstandard.dll" || name == "mscorlib.dll"
                    || name.StartsWith("Microsoft.Win32", StringComparison.Ordinal)
                    || name == "Microsoft.CSharp.dll" || name == "Microsoft.VisualBasic.Core.dll";
            })
            .ToList();
        paths.Add(typeof(Microsoft.Data.Sqlite.SqliteConnection).Assembly.Location);
        paths.Add(typeof(OmniSqlite.TableAttribute).Assembly.Location);
        // The runtime's public API takes an optional ILogger.
        paths.Add(typeof(Microsoft.Extensions.Logging.ILogger).Assembly.Location);
        return paths.Distinct().Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    }
}
