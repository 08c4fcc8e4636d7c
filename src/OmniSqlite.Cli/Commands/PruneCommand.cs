using System.Collections.Generic;
using System.CommandLine;

namespace OmniSqlite.Cli.Commands
{
    /// <summary><c>omnisqlite prune &lt;db&gt; --dir &lt;folder&gt; --keep N --max-age 30d</c>: retention on demand.</summary>
    internal static class PruneCommand
    {
        public static Command Create(CliContext context)
        {
            var db = CommonOptions.Database("The database (its path or just its name) whose backups to prune.");
            var dir = CommonOptions.Directory(required: true);
            var keep = CommonOptions.Keep();
            var maxAge = CommonOptions.MaxAge();
            var dryRun = new Option<bool>("--dry-run", "-n") { Description = "Print what would be deleted; delete nothing." };
            var json = CommonOptions.Json();
            var command = new Command("prune", "Delete old backups by --keep and/or --max-age; the newest backup is never deleted.") { db, dir, keep, maxAge, dryRun, json };
            command.SetAction(result =>
            {
                int? keepValue = result.GetValue(keep);
                var age = CommonOptions.ParseAge(result.GetValue(maxAge));
                if (keepValue is null && age is null)
                {
                    throw new CliException(ExitCodes.Usage, "prune needs --keep and/or --max-age.");
                }

                Backups.Open(result.GetValue(dir)!);
                var backups = new SqliteBackups(new BackupOptions { Directory = result.GetValue(dir)!, Keep = keepValue, MaxAge = age });
                string name = SqliteBackups.GetDatabaseName(result.GetValue(db)!);
                bool dry = result.GetValue(dryRun);
                IReadOnlyList<BackupInfo> doomed = dry ? backups.PlanPrune(name) : backups.Prune(name);
                int kept = backups.List(name).Count - (dry ? doomed.Count : 0);
                if (result.GetValue(json))
                {
                    context.WriteJson(w =>
                    {
                        w.WriteStartObject();
                        w.WriteBoolean("dryRun", dry);
                        w.WriteStartArray(dry ? "wouldDelete" : "deleted");
                        foreach (BackupInfo b in doomed)
                        {
                            w.WriteStringValue(b.Path);
                        }

                        w.WriteEndArray();
                        w.WriteNumber("kept", kept);
                        w.WriteEndObject();
                    });
                    return ExitCodes.Success;
                }

                foreach (BackupInfo b in doomed)
                {
                    context.Output.WriteLine((dry ? "would delete " : "deleted ") + b.Path);
                }

                context.Output.WriteLine($"{doomed.Count} {(dry ? "would be" : "were")} deleted, {kept} kept.");
                return ExitCodes.Success;
            });
            return command;
        }
    }
}
