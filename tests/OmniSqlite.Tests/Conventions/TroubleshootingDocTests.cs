using System.Text.RegularExpressions;
using OmniSqlite.Tests.Packaging;

namespace OmniSqlite.Tests.Conventions;

/// <summary>
/// docs/troubleshooting.md lists every message the runtime, Hosting, the CLI and OmniSqlite.PostgreSql can throw: each literal piece (between
/// the interpolated parts) of every thrown or validation message in their sources must appear on the page.
/// </summary>
public sealed class TroubleshootingDocTests
{
    private static readonly string[] Sources = { "src/OmniSqlite", "src/OmniSqlite.Hosting", "src/OmniSqlite.Cli", "src/OmniSqlite.PostgreSql" };

    private static readonly Regex Site = new(
        @"throw new (?<type>\w+)\(|errors\.Add\(|new (?<type>RestoreRefusedException|BackupException|BackupVerificationException|SqliteProfileException|NetworkFileSystemException|CliException|PostgresMigrationException|PostgreSqlSchemaException)\(",
        RegexOptions.Compiled);

    /// <summary>
    /// The message at the start of a throw's arguments: the first string literal and the literals joined to it by '+',
    /// with each interpolation hole (which may hold quotes and braces of its own) replaced by \u0001.
    /// </summary>
    internal static string? FirstMessage(string code)
    {
        int i = code.IndexOf('"');
        if (i < 0) return null;
        var text = new System.Text.StringBuilder();
        while (true)
        {
            bool interpolated = i > 0 && code[i - 1] == '$';
            i++;
            while (i < code.Length && code[i] != '"')
            {
                char c = code[i];
                // \n, \r and \t are white space on the page (where a message breaks into lines); other escapes stand for themselves.
                if (c == '\\' && i + 1 < code.Length) { text.Append(code[i + 1] is 'n' or 'r' or 't' ? ' ' : code[i + 1]); i += 2; continue; }
                if (interpolated && c == '{' && i + 1 < code.Length && code[i + 1] == '{') { text.Append('{'); i += 2; continue; }
                if (interpolated && c == '{')
                {
                    // Skip the hole: nested braces, and quoted strings inside it.
                    int depth = 0;
                    while (i < code.Length)
                    {
                        char h = code[i];
                        if (h == '"') { i++; while (i < code.Length && code[i] != '"') i += code[i] == '\\' ? 2 : 1; }
                        else if (h == '{') depth++;
                        else if (h == '}' && --depth == 0) break;
                        i++;
                    }
                    text.Append('\u0001');
                    i++;
                    continue;
                }
                text.Append(c);
                i++;
            }

            // Another literal joined with '+'?
            int j = i + 1;
            while (j < code.Length && char.IsWhiteSpace(code[j])) j++;
            if (j >= code.Length || code[j] != '+') break;
            j++;
            while (j < code.Length && char.IsWhiteSpace(code[j])) j++;
            if (j < code.Length && code[j] == '$') j++;
            if (j >= code.Length || code[j] != '"') break;
            i = j;
        }

        return text.ToString();
    }

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
                    string? message = FirstMessage(statement);
                    if (message is null) continue;
                    // String.Format placeholders ({0}) are holes too.
                    foreach (var piece in Regex.Replace(message, @"\{\d+\}", "\u0001").Split('\u0001'))
                    {
                        string text = Normalize(piece).TrimStart('.', ',', ';', ':', ')', '\'', ' ');
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
        Assert.Equal("Accepted: \u0001.", FirstMessage("nameof(x), $\"Accepted: {string.Join(\", \", names)}.\", \"name\""));
        Assert.Equal("one two", FirstMessage("\"one\" + \" two\", nameof(y)"));
        Assert.Equal("lines: \"a\" ", FirstMessage("\"lines: \\\"a\\\"\\n\""));
        var pieces = MessagePieces(PackedPackages.Root).ToList();
        Assert.True(pieces.Count > 80, $"only {pieces.Count} message pieces found: the extraction is broken");
        Assert.Contains(pieces, p => p.Piece.StartsWith("PRAGMA journal_mode=", StringComparison.Ordinal) || p.Piece.Contains("did not take on", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_runtime_hosting_cli_and_postgresql_message_is_on_the_troubleshooting_page()
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
