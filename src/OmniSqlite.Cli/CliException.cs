using System;

namespace OmniSqlite.Cli
{
    /// <summary>A problem the CLI itself found in what it was asked (before or instead of calling the library), with its exit code.</summary>
    public sealed class CliException : Exception
    {
        public CliException(int exitCode, string message)
            : base(message)
        {
            ExitCode = exitCode;
        }

        /// <summary>One of <see cref="ExitCodes"/>.</summary>
        public int ExitCode { get; }
    }
}
