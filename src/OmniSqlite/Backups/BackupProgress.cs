using System;

namespace OmniSqlite
{
    /// <summary>The stage that a backup, restore or verification is in.</summary>
    public enum BackupStage
    {
        /// <summary>Copying the database into a temporary file.</summary>
        Copying,
        /// <summary>Running <c>PRAGMA integrity_check</c> on a copy.</summary>
        Verifying,
        /// <summary>Compressing the copy with gzip.</summary>
        Compressing,
        /// <summary>Checking a backup file's SHA-256 against its metadata.</summary>
        Checksumming,
        /// <summary>Decompressing or copying a backup file into a temporary file.</summary>
        Extracting,
        /// <summary>Renaming the finished file into place.</summary>
        Publishing,
        /// <summary>Done.</summary>
        Completed,
    }

    /// <summary>Progress of long backup work. All amounts are bytes of the (uncompressed) database unless the stage says otherwise.</summary>
    public sealed class BackupProgress
    {
        public BackupProgress(BackupStage stage, long completed, long total)
        {
            Stage = stage;
            Completed = completed;
            Total = total;
        }

        /// <summary>What is being done.</summary>
        public BackupStage Stage { get; }

        /// <summary>Bytes done in this stage.</summary>
        public long Completed { get; }

        /// <summary>Bytes this stage will handle (an estimate for <see cref="BackupMethod.VacuumInto"/>); 0 when unknown.</summary>
        public long Total { get; }

        /// <summary>0 to 100 for this stage.</summary>
        public double Percent => Total <= 0 ? 0 : Math.Min(100.0, 100.0 * Completed / Total);

        public override string ToString() => $"{Stage} {Percent:0.0}% ({Completed}/{Total} bytes)";
    }
}
