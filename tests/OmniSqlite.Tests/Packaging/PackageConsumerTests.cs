namespace OmniSqlite.Tests.Packaging;

/// <summary>
/// Builds separate consumers from the packed OmniSqlite package (not a ProjectReference): one for net10.0 and net8.0
/// with warnings as errors and IsAotCompatible that runs the generated repository, and one that must fail to build
/// because the shipped analyzers and generator report on it (proof that they run in the consumer at all).
/// </summary>
[Collection(PackedPackagesCollection.Name)]
public sealed class PackageConsumerTests
{
    private readonly PackedPackages _packages;

    public PackageConsumerTests(PackedPackages packages) => _packages = packages;

    // For HostingPackageConsumerTests (using static): the shared helpers of PackedPackages.
    internal static string Root() => PackedPackages.Root;

    internal static (int Exit, string Output) Dotnet(string workingDirectory, params string[] args) => PackedPackages.Dotnet(workingDirectory, args);

    [Fact]
    public void Consumer_built_from_the_package_runs_the_generated_repository()
    {
        var version = _packages.Version;
        var consumer = _packages.NewConsumer("consumer");
        File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFrameworks>net10.0;net8.0</TargetFrameworks>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <IsAotCompatible>true</IsAotCompatible>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="OmniSqlite" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(consumer, "Program.cs"), """
            using Microsoft.Data.Sqlite;
            using OmniSqlite;

            var path = Path.Combine(Path.GetTempPath(), "consumer-" + Guid.NewGuid().ToString("N") + ".db");
            using (var connection = new SqliteConnection("Data Source=" + path + ";Pooling=False"))
            {
                connection.Open();
                connection.ApplyProfile(SqliteProfile.Production);   // without it OSQL001 (shipped in the package) fails this build
                Consumer.OmniSqliteSchema.EnsureCreated(connection);
                var repo = new Consumer.NoteRepository(connection);
                var id = repo.Insert(new Consumer.Note { Author = "ann", Text = "hello", Tags = new() { "a", "b \"quoted\"" } });
                repo.Insert(new Consumer.Note { Author = "ann", Text = "again" });
                Console.WriteLine($"RESULT id={id} byAuthor={repo.FindByAuthor("ann").Count} text={repo.GetById(id)!.Text}");
                Console.WriteLine($"JSON tags={string.Join("|", repo.GetById(id)!.Tags)} empty={repo.GetById(2)!.Tags.Count}");
                repo.SetText(2, "changed");
                var rows = Consumer.NoteQueries.ByAuthor(connection, "ann", new long[] { 2, 3 });
                Console.WriteLine($"QUERY rows={rows.Count} text={rows[0].Text}");
            }
            File.Delete(path);

            namespace Consumer
            {
                [Table("notes")]
                public sealed class Note
                {
                    [PrimaryKey, AutoIncrement] public long Id { get; set; }
                    [Indexed] public string Author { get; set; } = "";
                    public string Text { get; set; } = "";
                    [Json] public List<string> Tags { get; set; } = new();   // System.Text.Json, source-generated metadata (AOT-safe)
                }

                [System.Text.Json.Serialization.JsonSerializable(typeof(List<string>))]
                internal sealed partial class ConsumerJson : System.Text.Json.Serialization.JsonSerializerContext { }

                public static partial class NoteQueries
                {
                    [Query("SELECT id, text FROM notes WHERE author = $author AND id IN $ids ORDER BY id")]
                    public static partial List<(long Id, string Text)> ByAuthor(SqliteConnection connection, string author, long[] ids);
                }

                public sealed partial class NoteRepository
                {
                    [Query("UPDATE notes SET text = $text WHERE id = $id")]
                    public partial int SetText(long id, string text);
                }
            }
            """);

        var build = PackedPackages.Dotnet(consumer, "build", "-c", "Release");
        Assert.True(build.Exit == 0, build.Output);
        Assert.Contains("0 Warning(s)", build.Output);
        Assert.True(File.Exists(Path.Combine(consumer, "bin", "Release", "net8.0", "Consumer.dll")), "net8.0 build missing");

        var run = PackedPackages.Dotnet(consumer, "run", "-c", "Release", "-f", "net10.0", "--no-build");
        Assert.True(run.Exit == 0, run.Output);
        Assert.Contains("RESULT id=1 byAuthor=2 text=hello", run.Output);
        Assert.Contains("QUERY rows=1 text=changed", run.Output);
        Assert.Contains("JSON tags=a|b \"quoted\" empty=0", run.Output);
    }

    [Fact]
    public void Consumer_build_fails_on_the_shipped_rules_so_the_analyzers_and_generator_run_there()
    {
        // Without this test a package whose analyzers silently failed to load would still pass the test above.
        var consumer = _packages.NewConsumer("negative");
        File.WriteAllText(Path.Combine(consumer, "Negative.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="OmniSqlite" Version="{_packages.Version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(consumer, "Program.cs"), """
            using Microsoft.Data.Sqlite;
            using OmniSqlite;

            using var connection = new SqliteConnection("Data Source=/tmp/negative.db");
            connection.Open();                      // OSQL001 (warning): opened and used with no PRAGMA setup
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            command.ExecuteScalar();

            [Table("keyless")]
            public sealed class Keyless              // OSQL100 (error, from the generator): no primary key
            {
                public string Name { get; set; } = "";
            }
            """);

        // The package hands appsettings*.json to the analyzers (buildTransitive/OmniSqlite.targets): OSQL004, an Info rule
        // that OmniSqliteShowInfoRules=true prints as a warning, points at the relative path inside the JSON file.
        File.WriteAllText(Path.Combine(consumer, "appsettings.json"), """
            { "ConnectionStrings": { "OmniSqlite": "Data Source=data/app.db" } }
            """);

        var build = PackedPackages.Dotnet(consumer, "build", "-c", "Release", "-p:OmniSqliteShowInfoRules=true");
        Assert.True(build.Exit != 0, "the build should have failed on OSQL100:\n" + build.Output);
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(build.Output, @"appsettings\.json\(1,\d+\): warning OSQL004"), "no OSQL004 in appsettings.json:\n" + build.Output);
        Assert.Contains("warning OSQL001", build.Output);
        Assert.Contains("error OSQL100", build.Output);
        Assert.Contains("Keyless", build.Output);
    }
}
