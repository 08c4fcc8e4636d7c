using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace OmniSqlite.Cli.Commands
{
    /// <summary><c>omnisqlite verify &lt;path&gt; [--dir &lt;folder&gt; --all]</c>: complete, intact, checksum as recorded. Exit code 3 when not.</summary>
    internal static class VerifyCommand
    {
        public static Command Create(CliContext context)
        {
            var path = new Argument<string>("path") { Description = "A backup file or database file to check; with --dir, the database whose backups to check." };
            var dir = CommonOptions.Directory(required: false, "Check the newest backup of <path>'s database in this directory.");
            var all = new Option<bool>("--all") { Description = "With --dir: check every backup, not only the newest." };
            var quiet = CommonOptions.Quiet();
            var json = CommonOptions.Json();
            var command = new Command("verify", "Check that backups (or a database) are complete and pass PRAGMA integrity_check. Exit code 3 when any is not.") { path, dir, all, quiet, json };
            command.SetAction(async (result, cancellationToken) =>
            {
                string target = result.GetValue(path)!;
                string? directory = result.GetValue(dir);
                var checks = new List<Func<IProgress<BackupProgress>, Task<BackupVerificationResult>>>();
                if (directory is null)
                {
                    if (!File.Exists(target))
                    {
                        throw new CliException(Directory.Exists(target) ? ExitCodes.Usage : ExitCodes.NotFound,
                            Directory.Exists(target)
                                ? $"'{Path.GetFullPath(target)}' is a directory; to check the backups in it, give the database name and --dir '{target}'."
                                : $"The file '{Path.GetFullPath(target)}' does not exist.");
                    }

                    checks.Add(p => SqliteBackups.VerifyAsync(target, p, cancellationToken));
                }
                else
                {
                    IReadOnlyList<BackupInfo> list = Backups.Open(directory).List(SqliteBackups.GetDatabaseName(target));
                    if (list.Count == 0)
                    {
                        throw new CliException(ExitCodes.NotFound, $"There is no backup of '{SqliteBackups.GetDatabaseName(target)}' in '{Path.GetFullPath(directory)}'.");
                    }

                    foreach (BackupInfo backup in result.GetValue(all) ? list : list.Take(1))
                    {
                        checks.Add(p => SqliteBackups.VerifyAsync(backup, p, cancellationToken));
                    }
                }

                var verifications = new List<BackupVerificationResult>();
                foreach (var check in checks)
                {
                    ConsoleProgress progress = context.Progress(result.GetValue(quiet));
                    try
                    {
                        verifications.Add(await check(progress).ConfigureAwait(false));
                    }
                    finally
                    {
                        progress.Finish();
                    }
                }

                if (result.GetValue(json))
                {
                    context.WriteJson(w =>
                    {
                        w.WriteStartArray();
                        foreach (BackupVerificationResult v in verifications)
                        {
                            w.WriteStartObject();
                            w.WriteString("path", v.Path);
                            w.WriteBoolean("isValid", v.IsValid);
                            w.WriteNumber("pages", v.Pages);
                            if (v.Problem != null)
                            {
                                w.WriteString("problem", v.Problem);
                            }
                            else
                            {
                                w.WriteNull("problem");
                            }

                            w.WriteEndObject();
                        }

                        w.WriteEndArray();
                    });
                }
                else
                {
                    foreach (BackupVerificationResult v in verifications)
                    {
                        context.Output.WriteLine(v.IsValid ? $"ok       {v.Path} ({v.Pages} pages)" : $"FAILED   {v.Path}: {v.Problem}");
                    }
                }

                return verifications.All(v => v.IsValid) ? ExitCodes.Success : ExitCodes.VerificationFailed;
            });
            return command;
        }
    }
}
