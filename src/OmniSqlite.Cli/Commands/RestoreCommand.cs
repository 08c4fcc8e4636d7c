using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;

namespace OmniSqlite.Cli.Commands
{
    /// <summary>
    /// <c>omnisqlite restore &lt;db&gt; --from &lt;file&gt; | --dir &lt;folder&gt; | --from-replica &lt;folder&gt; [--at &lt;UTC time&gt;]</c>:
    /// check a backup (or replay a replica to a point in time), then swap it into place.
    /// </summary>
    internal static class RestoreCommand
    {
        public static Command Create(CliContext context)
        {
            var db = CommonOptions.Database("The database file to restore (replaced atomically; its -wal and -shm are removed). Its folder must exist.");
            var from = new Option<string?>("--from", "-f") { Description = "The backup file to restore (.db.gz or .db)." };
            var dir = CommonOptions.Directory(required: false, "Restore the newest verified backup from this directory (instead of --from).");
            var database = new Option<string?>("--database") { Description = "With --dir: whose backups to use (a database name such as 'app'); default: the target's name, or the only database the directory holds." };
            var force = new Option<bool>("--force") { Description = "Replace the database when it exists." };
            var keepReplaced = new Option<bool>("--keep-replaced") { Description = "Keep the replaced database as <db>.pre-restore-<timestamp>." };
            var fromReplica = new Option<string?>("--from-replica") { Description = "Restore from a replica written by 'replicate' (instead of --from/--dir): the latest state, or the state at --at." };
            var at = new Option<string?>("--at") { Description = "With --from-replica: the point in time to restore, in UTC (2026-05-01T09:30:00Z); default the latest." };
            var requireManifest = new Option<bool>("--require-manifest") { Description = "Refuse a backup without its .meta manifest (whose SHA-256 proves the file is the one written); without it a plain .db is checked by SQLite alone." };
            var quiet = CommonOptions.Quiet();
            var json = CommonOptions.Json();
            var command = new Command("restore", "Check a backup and swap it into place. Stop the application first: a database in use is refused.")
            {
                db, from, dir, fromReplica, at, database, force, keepReplaced, requireManifest, quiet, json,
            };
            command.SetAction(async (result, cancellationToken) =>
            {
                string target = result.GetValue(db)!;
                string? file = result.GetValue(from);
                string? directory = result.GetValue(dir);
                string? replica = result.GetValue(fromReplica);
                if ((file is null ? 0 : 1) + (directory is null ? 0 : 1) + (replica is null ? 0 : 1) != 1)
                {
                    throw new CliException(ExitCodes.Usage, "restore needs exactly one of --from <backup file>, --dir <backup directory> or --from-replica <replica folder>.");
                }

                if (result.GetValue(at) != null && replica is null)
                {
                    throw new CliException(ExitCodes.Usage, "--at needs --from-replica: point-in-time restore replays a replica (a backup file has one moment only).");
                }

                string targetFolder = Path.GetDirectoryName(Path.GetFullPath(target))!;
                if (Directory.Exists(Path.GetFullPath(target)))
                {
                    throw new CliException(ExitCodes.Usage, $"The restore target '{Path.GetFullPath(target)}' is a directory; give the database file to write.");
                }

                if (!Directory.Exists(targetFolder))
                {
                    throw new CliException(ExitCodes.NotFound, $"The folder '{targetFolder}' of the restore target does not exist; create it first (restore never creates folders, so a typo cannot scatter databases).");
                }

                if (replica != null)
                {
                    return await ReplicaRestore.RunAsync(context, replica, target, result.GetValue(at), result.GetValue(force), result.GetValue(keepReplaced), result.GetValue(json), cancellationToken).ConfigureAwait(false);
                }

                SqliteBackups backups;
                if (file is null)
                {
                    backups = Backups.Open(directory!);
                    file = NewestVerified(backups, target, result.GetValue(database), directory!).Path;
                }
                else
                {
                    backups = new SqliteBackups(new BackupOptions { Directory = Path.GetDirectoryName(Path.GetFullPath(file))! });
                }

                ConsoleProgress progress = context.Progress(result.GetValue(quiet));
                RestoreResult restored;
                try
                {
                    var options = new RestoreOptions { Overwrite = result.GetValue(force), KeepReplacedCopy = result.GetValue(keepReplaced), RequireManifest = result.GetValue(requireManifest) };
                    restored = await backups.RestoreAsync(file, target, options, progress, cancellationToken).ConfigureAwait(false);
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
                        w.WriteString("backupPath", restored.BackupPath);
                        w.WriteString("targetPath", restored.TargetPath);
                        w.WriteNumber("pages", restored.Pages);
                        if (restored.ReplacedCopyPath != null)
                        {
                            w.WriteString("replacedCopyPath", restored.ReplacedCopyPath);
                        }
                        else
                        {
                            w.WriteNull("replacedCopyPath");
                        }

                        w.WriteEndObject();
                    });
                    return ExitCodes.Success;
                }

                context.Output.WriteLine($"restored {restored.BackupPath} -> {restored.TargetPath} ({restored.Pages} pages, integrity_check ok)");
                if (restored.ReplacedCopyPath != null)
                {
                    context.Output.WriteLine("  previous database kept as " + restored.ReplacedCopyPath);
                }

                return ExitCodes.Success;
            });
            return command;
        }

        /// <summary>
        /// The newest verified backup of <paramref name="name"/> (default: the target's own name). Restoring to a new path
        /// names a database the directory has never seen: when the directory holds backups of exactly one database, that one is meant.
        /// </summary>
        private static BackupInfo NewestVerified(SqliteBackups backups, string target, string? name, string directory)
        {
            string wanted = name ?? SqliteBackups.GetDatabaseName(target);
            BackupInfo? newest = backups.List(wanted).FirstOrDefault(b => b.Verified);
            if (newest != null)
            {
                return newest;
            }

            List<string> names = backups.List().Where(b => b.Verified).Select(b => b.Database).Distinct(StringComparer.Ordinal).ToList();
            if (name is null && names.Count == 1)
            {
                return backups.List(names[0]).First(b => b.Verified);
            }

            string known = names.Count == 0 ? "it holds no verified backup at all" : "it holds backups of " + string.Join(", ", names.Select(n => "'" + n + "'")) + "; choose one with --database <name>";
            throw new CliException(ExitCodes.NotFound, $"There is no verified backup of '{wanted}' in '{Path.GetFullPath(directory)}': {known}.");
        }
    }
}
