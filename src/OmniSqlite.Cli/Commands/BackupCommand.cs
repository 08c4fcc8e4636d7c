using System.CommandLine;
using System.Globalization;

namespace OmniSqlite.Cli.Commands
{
    /// <summary><c>omnisqlite backup &lt;db&gt; --dir &lt;folder&gt;</c>: one consistent, verified, compressed backup, then retention.</summary>
    internal static class BackupCommand
    {
        public static Command Create(CliContext context)
        {
            var db = CommonOptions.Database("The database file (or a Microsoft.Data.Sqlite connection string) to back up.");
            var dir = CommonOptions.Directory(required: true);
            var method = new Option<string>("--method", "-m") { Description = "online (SQLite online backup API, default) or vacuum (VACUUM INTO, compacted).", DefaultValueFactory = _ => "online" };
            method.AcceptOnlyFromAmong("online", "vacuum");
            var noCompress = new Option<bool>("--no-compress") { Description = "Write a plain .db file instead of .db.gz." };
            var noVerify = new Option<bool>("--no-verify") { Description = "Skip PRAGMA integrity_check on the copy." };
            var pattern = new Option<string?>("--pattern") { Description = "File name pattern; default {database}-{timestamp}." };
            var keep = CommonOptions.Keep();
            var maxAge = CommonOptions.MaxAge();
            var quiet = CommonOptions.Quiet();
            var json = CommonOptions.Json();
            var command = new Command("backup", "Take a consistent, verified, gzip-compressed backup of a database; then apply --keep/--max-age.")
            {
                db, dir, method, noCompress, noVerify, pattern, keep, maxAge, quiet, json,
            };
            command.SetAction(async (result, cancellationToken) =>
            {
                string database = result.GetValue(db)!;
                DatabaseFile.RequireExisting(DatabaseFile.PathOf(database));
                string directory = result.GetValue(dir)!;
                var options = new BackupOptions
                {
                    Directory = directory,
                    Method = result.GetValue(method) == "vacuum" ? BackupMethod.VacuumInto : BackupMethod.OnlineBackup,
                    Compress = !result.GetValue(noCompress),
                    Verify = !result.GetValue(noVerify),
                    Keep = result.GetValue(keep),
                    MaxAge = CommonOptions.ParseAge(result.GetValue(maxAge)),
                };
                string? customPattern = result.GetValue(pattern);
                if (customPattern != null)
                {
                    options.FileNamePattern = customPattern;
                }

                var backups = new SqliteBackups(options);
                DatabaseFile.RequireWritableDirectory(directory, "--dir");
                ConsoleProgress progress = context.Progress(result.GetValue(quiet));
                BackupResult backup;
                try
                {
                    backup = await backups.CreateAsync(database, progress, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    progress.Finish();
                }

                if (result.GetValue(json))
                {
                    context.WriteJson(w =>
                    {
                        w.WriteStartObject();
                        Json.WriteBackup(w, backup.Backup);
                        w.WriteNumber("durationMs", (long)backup.Duration.TotalMilliseconds);
                        w.WriteStartArray("pruned");
                        foreach (BackupInfo p in backup.Pruned)
                        {
                            w.WriteStringValue(p.Path);
                        }

                        w.WriteEndArray();
                        w.WriteEndObject();
                    });
                }
                else
                {
                    context.Output.WriteLine(backup.Path);
                    context.Output.WriteLine(string.Format(CultureInfo.InvariantCulture, "  {0} -> {1}, {2} pages, {3}, {4:0.00} s",
                        ConsoleProgress.Size(backup.DatabaseBytes), ConsoleProgress.Size(backup.FileBytes), backup.Pages,
                        backup.Verified ? "integrity_check ok" : "not verified", backup.Duration.TotalSeconds));
                    foreach (BackupInfo p in backup.Pruned)
                    {
                        context.Output.WriteLine("  pruned " + p.Path);
                    }
                }

                return ExitCodes.Success;
            });
            return command;
        }
    }
}
