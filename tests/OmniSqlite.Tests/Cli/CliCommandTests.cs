using System.Text.Json;
using Microsoft.Data.Sqlite;
using OmniSqlite.Cli;
using OmniSqlite.Tests.Backups;

namespace OmniSqlite.Tests.Cli;

/// <summary>
/// The CLI as a newcomer and a script meet it: its name in help, one JSON casing, info from GetDatabaseInfo, restore to
/// a new path, a progress line that shows bytes only where it counts bytes, and the wrong inputs of issue 20 item 13,
/// each refused with a message that names the problem, an exit code by type, and nothing changed on disk.
/// </summary>
public sealed class CliCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static async Task<(int Code, string Output, string Error)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await CliApp.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Help_and_usage_name_the_command_users_type()
    {
        var help = await Run("--help");
        Assert.Equal(ExitCodes.Success, help.Code);
        Assert.Contains("omnisqlite [command] [options]", help.Output);
        Assert.DoesNotContain("OmniSqlite.Cli", help.Output);
        foreach (var command in new[] { "backup", "list", "prune", "restore", "verify", "info" })
        {
            var sub = await Run(command, "--help");
            Assert.Contains("omnisqlite " + command, sub.Output);
        }

        var bad = await Run("backup");
        Assert.Equal(ExitCodes.Usage, bad.Code);
        Assert.Contains("Run 'omnisqlite --help'", bad.Error);
    }

    [Fact]
    public async Task Info_reports_what_GetDatabaseInfo_reports_and_all_json_keys_are_camelCase()
    {
        string db = Ledger.Create(_temp.File("app.db"), transfers: 50);
        string dir = _temp.File("backups");
        DatabaseInfo expected;
        using (var connection = new SqliteConnection($"Data Source={db};Pooling=False"))
        {
            connection.Open();
            expected = connection.GetDatabaseInfo();
        }

        var info = await Run("info", db, "--json");
        Assert.True(info.Code == ExitCodes.Success, info.Error);
        using (var json = JsonDocument.Parse(info.Output))
        {
            JsonElement root = json.RootElement;
            Assert.Equal(expected.JournalMode, root.GetProperty("journalMode").GetString());
            Assert.Equal(expected.PageCount, root.GetProperty("pageCount").GetInt64());
            Assert.Equal(expected.PageSize, root.GetProperty("pageSize").GetInt64());
            Assert.Equal(expected.TableCount, root.GetProperty("tableCount").GetInt32());
            Assert.Equal(expected.IndexCount, root.GetProperty("indexCount").GetInt32());
            Assert.Equal(expected.SqliteVersion, root.GetProperty("sqliteVersion").GetString());
        }

        var text = await Run("info", db);
        Assert.Equal(expected.ToString().Replace(expected.DataSource, ""), text.Output.Trim().Replace(Path.GetFullPath(db), ""));

        Assert.Equal(ExitCodes.Success, (await Run("backup", db, "--dir", dir, "--quiet")).Code);
        var outputs = new[]
        {
            info.Output,
            (await Run("list", "app", "--dir", dir, "--json")).Output,
            (await Run("backup", db, "--dir", dir, "--json")).Output,
            (await Run("verify", "app", "--dir", dir, "--all", "--json")).Output,
            (await Run("prune", "app", "--dir", dir, "--keep", "1", "--dry-run", "--json")).Output,
            (await Run("restore", _temp.File("copy.db"), "--dir", dir, "--json")).Output,
        };
        foreach (string output in outputs)
        {
            using var json = JsonDocument.Parse(output);
            foreach (string key in Keys(json.RootElement))
            {
                Assert.Matches("^[a-z][A-Za-z0-9]*$", key);   // camelCase: no snake_case, no PascalCase
            }
        }
    }

    [Fact]
    public async Task Restore_from_a_directory_to_a_new_path_uses_the_only_database_there_or_the_one_named()
    {
        string db = Ledger.Create(_temp.File("app.db"), transfers: 30);
        string other = Ledger.Create(_temp.File("other.db"), transfers: 10);
        string dir = _temp.File("backups");
        Assert.Equal(ExitCodes.Success, (await Run("backup", db, "--dir", dir)).Code);

        string restored = _temp.File("restored.db");
        var toNewPath = await Run("restore", restored, "--dir", dir);
        Assert.True(toNewPath.Code == ExitCodes.Success, toNewPath.Error);
        Assert.Equal(Ledger.Totals(db), Ledger.Totals(restored));

        // Two databases in the directory: the target's name matches neither, so the CLI asks which one, naming both.
        Assert.Equal(ExitCodes.Success, (await Run("backup", other, "--dir", dir)).Code);
        string second = _temp.File("second.db");
        var ambiguous = await Run("restore", second, "--dir", dir);
        Assert.Equal(ExitCodes.NotFound, ambiguous.Code);
        Assert.Contains("'app'", ambiguous.Error);
        Assert.Contains("'other'", ambiguous.Error);
        Assert.Contains("--database", ambiguous.Error);
        Assert.False(File.Exists(second));

        var named = await Run("restore", second, "--dir", dir, "--database", "other");
        Assert.True(named.Code == ExitCodes.Success, named.Error);
        Assert.Equal(Ledger.Totals(other), Ledger.Totals(second));
    }

    [Fact]
    public void Progress_shows_sizes_only_for_stages_that_count_bytes()
    {
        var writer = new StringWriter();
        var progress = new ConsoleProgress(writer, enabled: true);
        progress.Report(new BackupProgress(BackupStage.Copying, 4096, 8192));
        progress.Report(new BackupProgress(BackupStage.Publishing, 2, 2));
        progress.Finish();
        string[] lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("4.0 KiB / 8.0 KiB", lines[0]);
        Assert.Contains("Publishing", lines[1]);
        Assert.Contains("100.0%", lines[1]);
        Assert.DoesNotContain(" B", lines[1].Replace("Publishing", ""));
    }

    [Fact]
    public async Task Backup_of_a_directory_says_it_is_a_directory()
    {
        string dir = _temp.File("backups");
        var result = await Run("backup", _temp.Path, "--dir", dir);
        Assert.Equal(ExitCodes.Usage, result.Code);
        Assert.Contains("is a directory", result.Error);
        Assert.DoesNotContain("does not exist", result.Error);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public async Task Max_age_of_zero_is_refused_as_zero_not_as_an_unknown_duration()
    {
        string db = Ledger.Create(_temp.File("app.db"), transfers: 5);
        var result = await Run("prune", db, "--dir", _temp.Path, "--max-age", "0d");
        Assert.Equal(ExitCodes.Usage, result.Code);
        Assert.Contains("must be longer than zero", result.Error);
        Assert.DoesNotContain("not a duration", result.Error);
    }

    /// <summary>--require-manifest: a plain .db without its .meta is refused (exit 5, nothing written); a backup with its manifest restores.</summary>
    [Fact]
    public async Task Restore_with_require_manifest_refuses_a_plain_file_and_takes_a_backup_with_its_manifest()
    {
        string db = Ledger.Create(_temp.File("app.db"), transfers: 20);
        string plain = _temp.File("copy.db");
        File.Copy(db, plain);
        string target = _temp.File("restored.db");

        var refused = await Run("restore", target, "--from", plain, "--require-manifest");
        Assert.Equal(ExitCodes.Refused, refused.Code);
        Assert.Contains("manifest", refused.Error, StringComparison.OrdinalIgnoreCase);
        Assert.False(File.Exists(target));

        // Without the flag the same plain file is checked by SQLite alone and restores.
        Assert.Equal(ExitCodes.Success, (await Run("restore", target, "--from", plain)).Code);
        File.Delete(target);

        string dir = _temp.File("backups");
        Assert.Equal(ExitCodes.Success, (await Run("backup", db, "--dir", dir)).Code);
        var restored = await Run("restore", target, "--dir", dir, "--database", "app", "--require-manifest");
        Assert.True(restored.Code == ExitCodes.Success, restored.Error);
        Assert.Equal(Ledger.Totals(db), Ledger.Totals(target));
    }

    [Fact]
    public async Task Restore_into_a_missing_folder_is_refused_and_creates_nothing()
    {
        string db = Ledger.Create(_temp.File("app.db"), transfers: 5);
        string dir = _temp.File("backups");
        Assert.Equal(ExitCodes.Success, (await Run("backup", db, "--dir", dir)).Code);
        string missing = _temp.File(Path.Combine("nonexistent", "dir"));
        var result = await Run("restore", Path.Combine(missing, "x.db"), "--dir", dir, "--force");
        Assert.Equal(ExitCodes.NotFound, result.Code);
        Assert.Contains("does not exist", result.Error);
        Assert.False(Directory.Exists(_temp.File("nonexistent")));
    }

    [Theory]
    [InlineData("backup", "/dev/null")]
    [InlineData("info", "/dev/zero")]
    [InlineData("info", "/dev/null")]
    public async Task Devices_are_not_databases(string command, string device)
    {
        if (!File.Exists(device)) return;   // not a Unix machine
        string dir = _temp.File("backups");
        var result = command == "backup" ? await Run(command, device, "--dir", dir) : await Run(command, device);
        Assert.Equal(ExitCodes.VerificationFailed, result.Code);
        Assert.Contains("not a SQLite database", result.Error);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public async Task A_text_file_is_not_a_database_for_info()
    {
        string notes = _temp.File("notes.txt");
        File.WriteAllText(notes, "hello, this is not SQLite");
        var result = await Run("info", notes);
        Assert.Equal(ExitCodes.VerificationFailed, result.Code);
        Assert.Contains("not a SQLite database", result.Error);
        Assert.Equal("hello, this is not SQLite", File.ReadAllText(notes));
    }

    [Fact]
    public async Task An_unwritable_backup_folder_is_named_in_the_error()
    {
        // /proc refuses new files even to root, like a read-only mount (chmod alone does not stop root).
        if (!Directory.Exists("/proc/self")) return;
        string db = Ledger.Create(_temp.File("app.db"), transfers: 5);
        var result = await Run("backup", db, "--dir", "/proc");
        Assert.Equal(ExitCodes.Failure, result.Code);
        Assert.Contains("'/proc'", result.Error);
        Assert.Contains("--dir", result.Error);
    }

    private static IEnumerable<string> Keys(JsonElement element)
    {
        var stack = new Stack<JsonElement>();
        stack.Push(element);
        while (stack.Count > 0)
        {
            JsonElement e = stack.Pop();
            if (e.ValueKind == JsonValueKind.Object)
            {
                foreach (JsonProperty p in e.EnumerateObject())
                {
                    yield return p.Name;
                    stack.Push(p.Value);
                }
            }
            else if (e.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement item in e.EnumerateArray()) stack.Push(item);
            }
        }
    }
}
