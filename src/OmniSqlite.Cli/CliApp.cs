using System;
using System.CommandLine;
using System.CommandLine.Help;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using OmniSqlite.Cli.Commands;

namespace OmniSqlite.Cli
{
    /// <summary>The <c>omnisqlite</c> command line: backup, list, prune, restore, verify, info, replicate, replicas, migrate-to-postgres and advise (one file each under Commands/).</summary>
    public static class CliApp
    {
        /// <summary>The name users type, shown in help and usage (the assembly is OmniSqlite.Cli).</summary>
        public const string CommandName = "omnisqlite";

        /// <summary>Parses and runs a command; returns one of <see cref="ExitCodes"/>.</summary>
        public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, bool interactive = false, CancellationToken cancellationToken = default)
        {
            var context = new CliContext(output, error, interactive);
            Command root = BuildCommands(context);
            ParseResult parsed = root.Parse(args);
            if (parsed.Errors.Count > 0)
            {
                foreach (System.CommandLine.Parsing.ParseError parseError in parsed.Errors)
                {
                    await error.WriteLineAsync("error: " + parseError.Message).ConfigureAwait(false);
                }

                await error.WriteLineAsync($"Run '{CommandName} --help' for usage.").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
            try
            {
                return await parsed.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                int code = ExitCodes.For(ex);
                await error.WriteLineAsync(code == ExitCodes.Cancelled ? "cancelled: nothing partial was published." : "error: " + Message(ex)).ConfigureAwait(false);
                return code;
            }
        }

        private static string Message(Exception ex)
            => ex is ArgumentException { ParamName: not null } argument ? argument.Message.Replace($" (Parameter '{argument.ParamName}')", "") : ex.Message;

        private static Command BuildCommands(CliContext context)
        {
            // A plain Command rather than RootCommand: RootCommand takes its name from the executable (OmniSqlite.Cli).
            var root = new Command(CommandName, "OmniSqlite: consistent, compressed, verified SQLite backups, with retention and safe restore, and continuous WAL replication with point-in-time restore. Exit codes: 0 ok, 1 failure, 2 usage, 3 verification failed, 4 not found, 5 refused, 130 cancelled.")
            {
                new HelpOption(),
                new VersionOption(),
                BackupCommand.Create(context),
                ListCommand.Create(context),
                PruneCommand.Create(context),
                RestoreCommand.Create(context),
                VerifyCommand.Create(context),
                InfoCommand.Create(context),
                ReplicateCommand.Create(context),
                ReplicasCommand.Create(context),
                MigrateToPostgresCommand.Create(context),
                AdviseCommand.Create(context),
            };
            return root;
        }
    }
}
