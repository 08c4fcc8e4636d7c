using static OmniSqlite.Tests.Packaging.PackageConsumerTests;

namespace OmniSqlite.Tests.Packaging;

/// <summary>
/// Packs OmniSqlite and OmniSqlite.Hosting, builds a generic-host consumer from the packages (warnings as errors,
/// IsAotCompatible) that uses AddOmniSqlite, a scoped generated repository and the health check, and runs it.
/// </summary>
[Collection(PackedPackagesCollection.Name)]   // its own pack must not run beside the shared one (same obj folders)
public sealed class HostingPackageConsumerTests
{
    [Fact]
    public void A_host_built_from_the_packages_resolves_a_repository_per_scope_and_reports_health()
    {
        var work = Directory.CreateTempSubdirectory("omnisqlite-pack-hosting-");
        try
        {
            var version = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff");
            var feed = Path.Combine(work.FullName, "feed");
            foreach (var project in new[] { "src/OmniSqlite/OmniSqlite.csproj", "src/OmniSqlite.Hosting/OmniSqlite.Hosting.csproj" })
            {
                var pack = Dotnet(Root(), "pack", project, "-c", "Release", "-o", feed, "-p:Version=" + version);
                Assert.True(pack.Exit == 0, pack.Output);
            }

            var consumer = Path.Combine(work.FullName, "consumer");
            Directory.CreateDirectory(consumer);
            File.WriteAllText(Path.Combine(consumer, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="local" value="{feed}" />
                    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
                  </packageSources>
                </configuration>
                """);
            File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                    <NoWarn>$(NoWarn);NU1603</NoWarn>
                    <IsAotCompatible>true</IsAotCompatible>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="OmniSqlite" Version="{version}" />
                    <PackageReference Include="OmniSqlite.Hosting" Version="{version}" />
                    <PackageReference Include="Microsoft.Extensions.Hosting" Version="10.0.15" />
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(consumer, "Program.cs"), """
                using Microsoft.Data.Sqlite;
                using Microsoft.Extensions.DependencyInjection;
                using Microsoft.Extensions.Diagnostics.HealthChecks;
                using Microsoft.Extensions.Hosting;
                using OmniSqlite;

                var path = Path.Combine(Path.GetTempPath(), "consumer-" + Guid.NewGuid().ToString("N") + ".db");
                var builder = Host.CreateApplicationBuilder(args);
                builder.Services.AddOmniSqlite(o =>
                {
                    o.ConnectionString = "Data Source=" + path;
                    o.EnsureCreated(Consumer.OmniSqliteSchema.Tables);
                });
                builder.Services.AddScoped<Consumer.NoteRepository>();
                builder.Services.AddHealthChecks().AddOmniSqlite();
                using var host = builder.Build();
                await host.StartAsync();
                using (var scope = host.Services.CreateScope())
                {
                    var notes = scope.ServiceProvider.GetRequiredService<Consumer.NoteRepository>();
                    notes.Insert(new Consumer.Note { Author = "ann", Text = "hello" });
                    Console.WriteLine($"RESULT notes={notes.Count()} same={ReferenceEquals(notes.Connection, scope.ServiceProvider.GetRequiredService<SqliteConnection>())}");
                }
                var health = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
                Console.WriteLine($"HEALTH {health.Status}");
                await host.StopAsync();
                SqliteConnection.ClearAllPools();
                File.Delete(path);

                namespace Consumer
                {
                    [Table("notes")]
                    public sealed class Note
                    {
                        [PrimaryKey, AutoIncrement] public long Id { get; set; }
                        [Indexed] public string Author { get; set; } = "";
                        public string Text { get; set; } = "";
                    }
                }
                """);

            var build = Dotnet(consumer, "build", "-c", "Release");
            Assert.True(build.Exit == 0, build.Output);
            Assert.Contains("0 Warning(s)", build.Output);

            var run = Dotnet(consumer, "run", "-c", "Release", "--no-build");
            Assert.True(run.Exit == 0, run.Output);
            Assert.Contains("RESULT notes=1 same=True", run.Output);
            Assert.Contains("HEALTH Healthy", run.Output);
        }
        finally
        {
            try { work.Delete(recursive: true); } catch (IOException) { }
        }
    }
}
