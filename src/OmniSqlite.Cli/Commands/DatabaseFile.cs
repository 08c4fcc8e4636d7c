using System.IO;
using System.Text;
using Microsoft.Data.Sqlite;

namespace OmniSqlite.Cli.Commands
{
    /// <summary>Checks on the database a command is pointed at, so a wrong path fails with a message saying what it is instead.</summary>
    internal static class DatabaseFile
    {
        private static readonly byte[] Magic = Encoding.ASCII.GetBytes("SQLite format 3\0");

        /// <summary>The file behind a path or a Microsoft.Data.Sqlite connection string (anything with '=' is taken as one).</summary>
        public static string PathOf(string databaseOrConnectionString)
            => databaseOrConnectionString.Contains('=')
                ? new SqliteConnectionStringBuilder(databaseOrConnectionString).DataSource
                : databaseOrConnectionString;

        /// <summary>
        /// Refuses a directory, a missing file, and anything that is not a SQLite database file (an empty file, a device
        /// such as /dev/null or /dev/zero, another format): SQLite would open those as a new empty database and report success.
        /// </summary>
        public static void RequireExisting(string path)
        {
            string full = Path.GetFullPath(path);
            if (Directory.Exists(full))
            {
                throw new CliException(ExitCodes.Usage, $"'{full}' is a directory; give the database file inside it (for example '{Path.Combine(full, "app.db")}').");
            }

            if (!File.Exists(full))
            {
                throw new CliException(ExitCodes.NotFound, $"The database '{full}' does not exist.");
            }

            var header = new byte[Magic.Length];
            int read = 0;
            using (var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            {
                while (read < header.Length)
                {
                    int n = stream.Read(header, read, header.Length - read);
                    if (n == 0)
                    {
                        break;
                    }

                    read += n;
                }
            }

            if (read == 0)
            {
                throw new CliException(ExitCodes.VerificationFailed, $"'{full}' is empty (or a device such as /dev/null): not a SQLite database.");
            }

            for (int i = 0; i < Magic.Length; i++)
            {
                if (read < Magic.Length || header[i] != Magic[i])
                {
                    throw new CliException(ExitCodes.VerificationFailed, $"'{full}' is not a SQLite database: it does not start with the SQLite header ('SQLite format 3').");
                }
            }
        }

        /// <summary>Fails, naming the folder, when files cannot be created in it (a read-only mount or missing permission) — before SQLite reports a bare error 14.</summary>
        public static void RequireWritableDirectory(string directory, string option)
        {
            string full = Path.GetFullPath(directory);
            string probe = Path.Combine(full, ".omnisqlite-write-test-" + System.Guid.NewGuid().ToString("N"));
            try
            {
                Directory.CreateDirectory(full);
                using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
                {
                }
            }
            catch (System.Exception ex) when (ex is IOException or System.UnauthorizedAccessException)
            {
                throw new CliException(ExitCodes.Failure, $"Cannot write to the {option} folder '{full}': {ex.Message} Choose another folder or fix its permissions or mount.");
            }
        }
    }
}
