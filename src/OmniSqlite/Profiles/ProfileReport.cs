using System;
using System.Collections.Generic;
using System.Text;

namespace OmniSqlite
{
    /// <summary>What happened to one PRAGMA of a profile.</summary>
    public enum PragmaOutcome
    {
        /// <summary>Set, and read back with the requested value.</summary>
        Applied,
        /// <summary>Not applicable here and left as it was (auto_vacuum on an existing database, journal_mode or mmap_size on an in-memory one); <see cref="PragmaResult.Note"/> says why.</summary>
        Skipped,
        /// <summary>Replaced by a safer value (journal_mode=DELETE instead of WAL on a network filesystem).</summary>
        FellBack,
    }

    /// <summary>One PRAGMA: the value the profile asked for and the value SQLite reported afterwards.</summary>
    public sealed class PragmaResult
    {
        public PragmaResult(string name, string requested, string actual, PragmaOutcome outcome, string? note)
        {
            Name = name ?? throw new ArgumentNullException(nameof(name));
            Requested = requested ?? throw new ArgumentNullException(nameof(requested));
            Actual = actual ?? throw new ArgumentNullException(nameof(actual));
            Outcome = outcome;
            Note = note;
        }

        public string Name { get; }
        public string Requested { get; }
        /// <summary>What <c>PRAGMA name</c> returned after applying (the same text SQLite prints).</summary>
        public string Actual { get; }
        public PragmaOutcome Outcome { get; }
        /// <summary>Why a PRAGMA was skipped or fell back, and how to fix it; null when applied.</summary>
        public string? Note { get; }

        public override string ToString()
        {
            var text = Outcome == PragmaOutcome.Applied
                ? $"{Name}={Actual}"
                : $"{Name}={Actual} ({Outcome.ToString().ToLowerInvariant()}; requested {Requested})";
            return Note is null ? text : text + ": " + Note;
        }
    }

    /// <summary>The read-back result of applying a <see cref="SqliteProfile"/>: log it, or assert on it in tests.</summary>
    public sealed class ProfileReport
    {
        public ProfileReport(string dataSource, bool isInMemory, bool isNewDatabase, FileSystemCheck? fileSystem, IReadOnlyList<PragmaResult> pragmas, IReadOnlyList<string> warnings)
        {
            DataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
            IsInMemory = isInMemory;
            IsNewDatabase = isNewDatabase;
            FileSystem = fileSystem;
            Pragmas = pragmas ?? throw new ArgumentNullException(nameof(pragmas));
            Warnings = warnings ?? throw new ArgumentNullException(nameof(warnings));
        }

        /// <summary>The database file (empty for an in-memory database).</summary>
        public string DataSource { get; }
        public bool IsInMemory { get; }
        /// <summary>True when the database had no pages yet (so auto_vacuum could be set).</summary>
        public bool IsNewDatabase { get; }
        /// <summary>The filesystem found for the database file, when the network guard looked (WAL requested on a file database).</summary>
        public FileSystemCheck? FileSystem { get; }
        /// <summary>Every PRAGMA of the profile, in the order applied.</summary>
        public IReadOnlyList<PragmaResult> Pragmas { get; }
        /// <summary>Things worth a log line: skipped or fallen-back PRAGMAs and why.</summary>
        public IReadOnlyList<string> Warnings { get; }

        /// <summary>True when every PRAGMA was applied as requested.</summary>
        public bool AllApplied
        {
            get
            {
                foreach (var p in Pragmas) if (p.Outcome != PragmaOutcome.Applied) return false;
                return true;
            }
        }

        /// <summary>The result for one PRAGMA by name (<c>report["journal_mode"]</c>).</summary>
        public PragmaResult this[string name]
        {
            get
            {
                foreach (var p in Pragmas)
                {
                    if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) return p;
                }
                throw new KeyNotFoundException($"The report has no PRAGMA '{name}'. It has: {string.Join(", ", PragmaNames.All)}.");
            }
        }

        public override string ToString()
        {
            var sb = new StringBuilder();
            sb.Append("SQLite profile on ").Append(IsInMemory ? "(in-memory)" : DataSource);
            if (IsNewDatabase) sb.Append(" (new database)");
            if (FileSystem is not null) sb.Append(" [").Append(FileSystem).Append(']');
            sb.Append(": ");
            for (var i = 0; i < Pragmas.Count; i++)
            {
                if (i > 0) sb.Append(", ");
                var p = Pragmas[i];
                sb.Append(p.Name).Append('=').Append(p.Actual);
                if (p.Outcome != PragmaOutcome.Applied) sb.Append(" (").Append(p.Outcome.ToString().ToLowerInvariant()).Append(')');
            }
            foreach (var w in Warnings) sb.Append("\n  warning: ").Append(w);
            return sb.ToString();
        }
    }

    /// <summary>A PRAGMA of a profile did not take, or the database cannot take the profile at all. Nothing was changed that the message does not name.</summary>
    public class SqliteProfileException : Exception
    {
        public SqliteProfileException(string message, string? dataSource = null, string? pragma = null, string? requested = null, string? actual = null, Exception? innerException = null)
            : base(message, innerException)
        {
            DataSource = dataSource;
            Pragma = pragma;
            Requested = requested;
            Actual = actual;
        }

        /// <summary>The database file, when known.</summary>
        public string? DataSource { get; }
        /// <summary>The PRAGMA that did not take (null when the failure came before any PRAGMA).</summary>
        public string? Pragma { get; }
        public string? Requested { get; }
        /// <summary>What SQLite reported instead (null when it raised an error).</summary>
        public string? Actual { get; }
    }

    /// <summary>WAL was asked for on a database that sits on a network filesystem, and the profile's policy is <see cref="NetworkFileSystemPolicy.Refuse"/>.</summary>
    public sealed class NetworkFileSystemException : SqliteProfileException
    {
        public NetworkFileSystemException(string message, FileSystemCheck check)
            : base(message, check?.DatabasePath, PragmaNames.JournalMode, "wal", null)
        {
            Check = check ?? throw new ArgumentNullException(nameof(check));
        }

        /// <summary>The filesystem that was found.</summary>
        public FileSystemCheck Check { get; }
    }
}
