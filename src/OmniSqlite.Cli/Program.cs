using System;
using OmniSqlite.Cli;

// Ctrl+C and SIGTERM cancel the running command (System.CommandLine's process termination handling): exit code 130.
return await CliApp.RunAsync(args, Console.Out, Console.Error, interactive: !Console.IsErrorRedirected).ConfigureAwait(false);
