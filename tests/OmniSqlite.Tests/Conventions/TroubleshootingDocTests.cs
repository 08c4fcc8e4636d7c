using System.Text.RegularExpressions;
using OmniSqlite.Tests.Packaging;

namespace OmniSqlite.Tests.Conventions;

/// <summary>
/// docs/troubleshooting.md lists every message the runtime, Hosting and the CLI can throw: each literal piece (between
/// the interpolated parts) of every thrown or validation message in their sources must appear on the page.
/// </summary>
public sealed class TroubleshootingDocTests
{
    private static readonly string[] Sources = { "src/OmniSqlite", "src/OmniSqlite.Hosting", "src/OmniSqlite.Cli" };

    private static readonly Regex Site = new(
        @"throw new (?<type>\w+)\(|errors\.Add\(|new (?<type>RestoreRefusedException|BackupException|BackupVerificationException|SqliteProfileException|NetworkFileSystemException|CliException)\(",
        RegexOptions.Compiled);

    private static readonly Regex Literal = new(@"\$?""((?:[^""\\]|\\.)*)""", RegexOptions.Compiled);

    /// <summary>The literal pieces (20 characters or more) of each message, with the file they come from.</summary>
    internal static IEnumerable<(string File, string Piece)> MessagePieces(string root)
    {
        foreach (var folder in Sources)
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
            {
                if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")) continue;
                string source = File.ReadAllText(file);
                foreach (Match site in Site.Matches(source))
                {
                    string type = site.Groups["type"].Value;
                    if (type is "ArgumentNullException" or "NotSupportedException") continue;
                    string rest = source.Substring(site.Index + site.Length, Math.Min(1200, source.Length - site.Index - site.Length));
                    string statement = Regex.Split(rest, @";\s*\n")[0];
                    string message = string.Concat(Literal.Matches(statement).Select(m => m.Groups[1].Value));
                    foreach (var piece in Regex.Split(Regex.Replace(message, @"\{[^}]*\}", "\u0001"), "\u0001"))
                    {
                        string text = Normalize(piece.Replace("\\\"", "\"").Replace("\\\\", "\\"));
                        if (text.Length >= 20) yield return (Path.GetRelativePath(root, file), text);
                    }
                }
            }
        }
    }

    private static string Normalize(string text) => Regex.Replace(text, @"\s+", " ").Trim();

    [Fact]
    public void Finds_the_messages_it_checks()
    {
        var pieces = MessagePieces(PackedPackages.Root).ToList();
        Assert.True(pieces.Count > 80, $"only {pieces.Count} message pieces found: the extraction is broken");
        Assert.Contains(pieces, p => p.Piece.StartsWith("PRAGMA journal_mode=", StringComparison.Ordinal) || p.Piece.Contains("did not take on", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_runtime_hosting_and_cli_message_is_on_the_troubleshooting_page()
    {
        string page = Normalize(File.ReadAllText(Path.Combine(PackedPackages.Root, "docs", "troubleshooting.md")));
        var missing = MessagePieces(PackedPackages.Root)
            .Where(p => !page.Contains(p.Piece, StringComparison.Ordinal))
            .Select(p => $"{p.File}: \"{p.Piece}\"")
            .Distinct()
            .ToList();
        Assert.True(missing.Count == 0,
            "docs/troubleshooting.md misses these messages (add each with what it means and what to do):\n" + string.Join("\n", missing));
    }
}
