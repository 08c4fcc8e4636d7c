using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;

namespace OmniSqlite.Cli.Commands
{
    /// <summary><c>omnisqlite list &lt;db&gt; --dir &lt;folder&gt;</c>: the completed backups of a database, newest first.</summary>
    internal static class ListCommand
    {
        public static Command Create(CliContext context)
        {
            var db = CommonOptions.Database("The database (its path or just its name) whose backups to list.");
            var dir = CommonOptions.Directory(required: true);
            var json = CommonOptions.Json();
            var command = new Command("list", "List the completed backups of a database, newest first.") { db, dir, json };
            command.SetAction(result =>
            {
                SqliteBackups backups = Backups.Open(result.GetValue(dir)!);
                IReadOnlyList<BackupInfo> list = backups.List(SqliteBackups.GetDatabaseName(result.GetValue(db)!));
                if (result.GetValue(json))
                {
                    context.WriteJson(w =>
                    {
                        w.WriteStartArray();
                        foreach (BackupInfo b in list)
                        {
                            w.WriteStartObject();
                            Json.WriteBackup(w, b);
                            w.WriteEndObject();
                        }

                        w.WriteEndArray();
                    });
                }
                else
                {
                    foreach (BackupInfo b in list)
                    {
                        context.Output.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0:yyyy-MM-dd HH:mm:ss}Z  {1,10}  {2,-8} {3}  {4}",
                            b.CreatedUtc, ConsoleProgress.Size(b.FileBytes), b.Verified ? "verified" : "-", b.Method == BackupMethod.VacuumInto ? "vacuum" : "online", b.Path));
                    }
                }

                return ExitCodes.Success;
            });
            return command;
        }
    }

    /// <summary>Opening an existing backup directory, for the commands that read one.</summary>
    internal static class Backups
    {
        public static SqliteBackups Open(string directory)
        {
            if (File.Exists(directory))
            {
                throw new CliException(ExitCodes.Usage, $"--dir '{Path.GetFullPath(directory)}' is a file; give the backup directory.");
            }

            if (!Directory.Exists(directory))
            {
                throw new CliException(ExitCodes.NotFound, $"The backup directory '{Path.GetFullPath(directory)}' does not exist.");
            }

            return new SqliteBackups(new BackupOptions { Directory = directory });
        }
    }
}
