using OmniSqlite.Tests.Postgres;

namespace OmniSqlite.Tests.Packaging;

/// <summary>
/// A consumer built from the packed OmniSqlite and OmniSqlite.PostgreSql packages (warnings as errors, IsAotCompatible)
/// that turns the PostgreSQL dialect on, then runs one round trip on the throwaway cluster: EnsureCreated, the Npgsql
/// repository through the generated interface, a repository [Query] and a static [Query] on the NpgsqlConnection.
/// </summary>
[Collection(PackedPackagesCollection.Name)]
public sealed class PostgreSqlPackageConsumerTests
{
    private readonly PackedPackages _packages;

    public PostgreSqlPackageConsumerTests(PackedPackages packages) => _packages = packages;

    [PostgresFact]
    public void A_consumer_of_the_PostgreSql_package_builds_and_round_trips_on_PostgreSQL()
    {
        var consumer = _packages.NewConsumer("postgresql");
        File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <IsAotCompatible>true</IsAotCompatible>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="OmniSqlite" Version="{_packages.Version}" />
                <PackageReference Include="OmniSqlite.PostgreSql" Version="{_packages.Version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(consumer, "Program.cs"), """
            using Npgsql;
            using OmniSqlite;

            [assembly: OmniSqliteDialects(Dialect.Sqlite | Dialect.PostgreSql)]

            using (var connection = new NpgsqlConnection(args[0]))
            {
                connection.Open();
                var created = Consumer.OmniSqliteSchema.EnsureCreated(connection);
                Consumer.INoteRepository notes = new Consumer.NotePostgreSqlRepository(connection);
                var id = notes.Insert(new Consumer.Note { Author = "ann", Text = "hello", Done = true });
                notes.InsertMany(new[] { new Consumer.Note { Author = "ann", Text = "again" }, new Consumer.Note { Author = "bob", Text = "x" } });
                Console.WriteLine($"RESULT created={string.Join(",", created)} id={id} byAuthor={notes.FindByAuthor("ann").Count} done={notes.GetById(id)!.Done}");
                Console.WriteLine($"QUERY texts={string.Join("|", notes.TextsOf("ann"))} count={Consumer.NoteQueries.CountIn(connection, new long[] { id, id + 2 })}");
                notes.Dispose();
            }

            namespace Consumer
            {
                [Table("notes")]
                public sealed class Note
                {
                    [PrimaryKey, AutoIncrement] public long Id { get; set; }
                    [Indexed] public string Author { get; set; } = "";
                    public string Text { get; set; } = "";
                    public bool Done { get; set; }
                }

                public sealed partial class NoteRepository
                {
                    [Query("SELECT text FROM notes WHERE author = $author ORDER BY id")]
                    public partial List<string> TextsOf(string author);
                }

                public static partial class NoteQueries
                {
                    [Query("SELECT count(*) FROM notes WHERE id IN $ids")]
                    public static partial long CountIn(NpgsqlConnection connection, long[] ids);
                }
            }
            """);

        var build = PackedPackages.Dotnet(consumer, "build", "-c", "Release");
        Assert.True(build.Exit == 0, build.Output);
        Assert.Contains("0 Warning(s)", build.Output);

        var run = PackedPackages.Dotnet(consumer, "run", "-c", "Release", "--no-build", "--", PostgresCluster.Shared.CreateDatabase("pack"));
        Assert.True(run.Exit == 0, run.Output);
        Assert.Contains("RESULT created=notes id=1 byAuthor=2 done=True", run.Output);
        Assert.Contains("QUERY texts=hello|again count=2", run.Output);
    }
}
