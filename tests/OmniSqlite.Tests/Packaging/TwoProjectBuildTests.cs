namespace OmniSqlite.Tests.Packaging;

/// <summary>
/// Schema across projects, as a user builds it: a Domain project with the entities and an App project that references it,
/// both using the packed OmniSqlite package, built with <c>dotnet build</c>. The App's SQL on the Domain's tables gets
/// OSQL010 for an unindexed column and OSQL013 for a misspelt one, exactly as inside the Domain.
/// </summary>
[Collection(PackedPackagesCollection.Name)]
public sealed class TwoProjectBuildTests
{
    private readonly PackedPackages _packages;

    public TwoProjectBuildTests(PackedPackages packages) => _packages = packages;

    [Fact]
    public void App_reports_the_domain_projects_unindexed_and_misspelt_columns()
    {
        var work = new DirectoryInfo(_packages.NewConsumer("two-projects"));
        try
        {
            var version = _packages.Version;
            var domain = Directory.CreateDirectory(Path.Combine(work.FullName, "Domain")).FullName;
            var app = Directory.CreateDirectory(Path.Combine(work.FullName, "App")).FullName;
            File.WriteAllText(Path.Combine(domain, "Domain.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable></PropertyGroup>
                  <ItemGroup><PackageReference Include="OmniSqlite" Version="{version}" /></ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(domain, "Order.cs"), """
                using OmniSqlite;

                namespace Domain;

                [Table("orders")]
                public sealed class Order
                {
                    [PrimaryKey, AutoIncrement] public long Id { get; set; }
                    [Indexed] public long CustomerId { get; set; }
                    public string Status { get; set; } = "";
                }
                """);
            File.WriteAllText(Path.Combine(app, "App.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable></PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="OmniSqlite" Version="{version}" />
                    <ProjectReference Include="../Domain/Domain.csproj" />
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(app, "Queries.cs"), """
                using Microsoft.Data.Sqlite;

                namespace App;

                public static class Queries
                {
                    public static SqliteCommand ByStatus(SqliteConnection connection) => new("SELECT * FROM orders WHERE status = @s", connection);
                    public static SqliteCommand ByCustomer(SqliteConnection connection) => new("SELECT * FROM orders WHERE customer_id = @c", connection);
                    public static SqliteCommand Misspelt(SqliteConnection connection) => new("SELECT * FROM orders WHERE custmer_id = @c", connection);
                }
                """);

            var build = PackedPackages.Dotnet(app, "build", "-c", "Release");
            var lines = build.Output.Split('\n');
            Assert.Contains(lines, l => l.Contains("Queries.cs") && l.Contains("warning OSQL010") && l.Contains("'orders.status'"));
            Assert.Contains(lines, l => l.Contains("Queries.cs") && l.Contains("error OSQL013") && l.Contains("custmer_id"));
            Assert.DoesNotContain(lines, l => l.Contains("OSQL010") && l.Contains("customer_id"));
            Assert.NotEqual(0, build.Exit); // OSQL013 is an error
        }
        finally
        {
            try { work.Delete(recursive: true); } catch (IOException) { }
        }
    }
}
