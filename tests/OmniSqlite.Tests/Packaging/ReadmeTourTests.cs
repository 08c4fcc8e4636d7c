using System.Text.RegularExpressions;

namespace OmniSqlite.Tests.Packaging;

/// <summary>
/// The C# blocks of the README and of docs/getting-started.md, as printed, each make a console app that builds against the packed package (warnings as
/// errors, like a careful newcomer's project) and runs. Each block starts with a <c>// File.cs</c> line; blocks that
/// name the same file continue it in order, which is how the README tells a reader to paste them.
/// </summary>
[Collection(PackedPackagesCollection.Name)]
public sealed class ReadmeTourTests
{
    private readonly PackedPackages _packages;

    public ReadmeTourTests(PackedPackages packages) => _packages = packages;

    /// <summary>The README's C# blocks grouped by the file their first line names, in order of appearance.</summary>
    internal static IReadOnlyList<KeyValuePair<string, string>> Files(string markdown)
    {
        var files = new List<KeyValuePair<string, string>>();
        foreach (Match block in Regex.Matches(markdown.Replace("\r\n", "\n"), "^```(?:csharp|cs|c#)\n(.*?)^```", RegexOptions.Singleline | RegexOptions.Multiline))
        {
            string code = block.Groups[1].Value;
            Match name = Regex.Match(code, @"\A// ([A-Za-z0-9_.]+\.cs)\s*\n");
            Assert.True(name.Success, "Every ```csharp block of the README and docs/getting-started.md starts with a '// File.cs' line naming the file it belongs to; this one does not:\n" + code);
            string file = name.Groups[1].Value;
            int existing = files.FindIndex(f => f.Key == file);
            if (existing < 0) files.Add(new(file, code));
            else files[existing] = new(file, files[existing].Value + "\n" + code);
        }

        return files;
    }

    [Fact]
    public void Block_grouping_follows_the_file_comment()
    {
        var files = Files("text\n```csharp\n// A.cs\nclass A {}\n```\n```bash\nls\n```\n```csharp\n// Program.cs\nint x = 1;\n```\n```csharp\n// Program.cs\nx++;\n```\n");
        Assert.Equal(new[] { "A.cs", "Program.cs" }, files.Select(f => f.Key));
        Assert.Contains("int x = 1;", files[1].Value);
        Assert.Contains("x++;", files[1].Value);
    }

    [Fact]
    public void Readme_tour_compiles_against_the_package_and_runs_as_printed()
    {
        string app = WriteApp("README.md", "readme", treatWarningsAsErrors: true);

        var build = PackedPackages.Dotnet(app, "build", "-c", "Release");
        Assert.True(build.Exit == 0, "The README's C# blocks do not build as printed:\n" + build.Output);

        var run = PackedPackages.Dotnet(app, "run", "-c", "Release", "--no-build");
        Assert.True(run.Exit == 0, "The README tour does not run:\n" + run.Output);
        Assert.Contains("campaign 1; client 7 has 1", run.Output);
    }

    [Fact]
    public void Getting_started_builds_with_the_warning_it_promises_and_runs()
    {
        string app = WriteApp("docs/getting-started.md", "getting-started", treatWarningsAsErrors: false);

        var build = PackedPackages.Dotnet(app, "build", "-c", "Release");
        Assert.True(build.Exit == 0, "docs/getting-started.md's C# blocks do not build as printed:\n" + build.Output);
        Assert.Matches("warning OSQL010: .*notes\\.text", build.Output);   // step 4 says dotnet build prints it

        var run = PackedPackages.Dotnet(app, "run", "-c", "Release", "--no-build", "--", Path.Combine(app, "notes.db"));
        Assert.True(run.Exit == 0, "docs/getting-started.md's program does not run:\n" + run.Output);
        Assert.Contains("1 notes, 1 by ann", run.Output);
        Assert.Contains("1 notes say hello", run.Output);
    }

    /// <summary>A console app named MyApp (`dotnet new console -n MyApp`: the namespace the docs use) holding a page's C# blocks.</summary>
    private string WriteApp(string page, string folder, bool treatWarningsAsErrors)
    {
        var files = Files(File.ReadAllText(Path.Combine(PackedPackages.Root, page)));
        Assert.Contains(files, f => f.Key == "Program.cs");
        string app = _packages.NewConsumer(folder);
        File.WriteAllText(Path.Combine(app, "MyApp.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <RootNamespace>MyApp</RootNamespace>
                <AssemblyName>MyApp</AssemblyName>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>{(treatWarningsAsErrors ? "true" : "false")}</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="OmniSqlite" Version="{_packages.Version}" />
              </ItemGroup>
            </Project>
            """);
        foreach (var file in files) File.WriteAllText(Path.Combine(app, file.Key), file.Value);
        return app;
    }
}
