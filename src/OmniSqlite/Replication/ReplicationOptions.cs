using System;
using System.Collections.Generic;

namespace OmniSqlite
{
    /// <summary>Settings for <see cref="SqliteReplicator"/>: what to replicate, where, and how often.</summary>
    public sealed class ReplicationOptions
    {
        /// <summary>The database file to replicate (a path; it must be in WAL mode). Required.</summary>
        public string Database { get; set; } = "";

        /// <summary>The replica folder (local or mounted). Required unless <see cref="Destination"/> is set.</summary>
        public string Directory { get; set; } = "";

        /// <summary>Another destination than a folder; when set, <see cref="Directory"/> is not used.</summary>
        public IReplicaDestination? Destination { get; set; }

        /// <summary>How often new WAL frames are shipped: the recovery point objective. Default 1 second; 50 ms to 1 hour.</summary>
        public TimeSpan ShipInterval { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>How often a fresh snapshot starts a new generation (bounding how many segments a restore replays). Default 1 hour; at least 1 minute.</summary>
        public TimeSpan SnapshotInterval { get; set; } = TimeSpan.FromHours(1);

        /// <summary>How far back a restore can go: generations whose last segment is older are deleted (the current one never). Default 24 hours; at least <see cref="SnapshotInterval"/>.</summary>
        public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

        /// <summary>After shipping, once the WAL holds this many frames, the replicator checkpoints it itself so it does not grow without end. Default 1000 (SQLite's own autocheckpoint size); 10 or more.</summary>
        public int CheckpointFrames { get; set; } = 1000;

        /// <summary>
        /// When the current generation holds this many segments in files of their own, the replicator merges them into one
        /// compacted file (each segment kept whole, with its ship time, so a restore reaches the same points in time). Default 100;
        /// 0 turns compaction off; otherwise 2 or more.
        /// </summary>
        public int CompactionSegments { get; set; } = 100;

        /// <summary>How long to wait for another replicator's lock on the replica. Default 10 seconds.</summary>
        public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>Every problem with these settings, each naming the option; empty when valid.</summary>
        public IReadOnlyList<string> GetValidationErrors()
        {
            var errors = new List<string>();
            if (string.IsNullOrWhiteSpace(Database))
            {
                errors.Add("ReplicationOptions.Database is required: the path of the database file to replicate.");
            }
            else if (Database.IndexOf('=') >= 0 || Database.Trim() == ":memory:")
            {
                errors.Add($"ReplicationOptions.Database '{Database}' must be the path of a database file (not a connection string or :memory:): the replicator reads its -wal file.");
            }

            if (Destination is null && string.IsNullOrWhiteSpace(Directory))
            {
                errors.Add("ReplicationOptions.Directory is required (the replica folder), unless ReplicationOptions.Destination is set.");
            }

            if (ShipInterval < TimeSpan.FromMilliseconds(50) || ShipInterval > TimeSpan.FromHours(1))
            {
                errors.Add($"ReplicationOptions.ShipInterval must be between 50 ms and 1 hour (it is {ShipInterval}).");
            }

            if (SnapshotInterval < TimeSpan.FromMinutes(1))
            {
                errors.Add($"ReplicationOptions.SnapshotInterval must be 1 minute or more (it is {SnapshotInterval}).");
            }

            if (Retention < SnapshotInterval)
            {
                errors.Add($"ReplicationOptions.Retention ({Retention}) must be at least ReplicationOptions.SnapshotInterval ({SnapshotInterval}), or no full generation would be kept.");
            }

            if (CheckpointFrames < 10)
            {
                errors.Add($"ReplicationOptions.CheckpointFrames must be 10 or more (it is {CheckpointFrames}).");
            }

            if (CompactionSegments < 0 || CompactionSegments == 1)
            {
                errors.Add($"ReplicationOptions.CompactionSegments must be 0 (no compaction) or 2 or more (it is {CompactionSegments}).");
            }

            if (LockTimeout < TimeSpan.Zero)
            {
                errors.Add("ReplicationOptions.LockTimeout must not be negative.");
            }

            return errors;
        }

        internal void Validate()
        {
            IReadOnlyList<string> errors = GetValidationErrors();
            if (errors.Count > 0)
            {
                throw new ArgumentException("Invalid replication options: " + string.Join(" ", errors), "options");
            }
        }

        internal ReplicationOptions Clone() => (ReplicationOptions)MemberwiseClone();
    }

    /// <summary>Settings for <see cref="SqliteReplica.Restore(string, ReplicaRestoreOptions, System.Threading.CancellationToken)"/>.</summary>
    public sealed class ReplicaRestoreOptions
    {
        /// <summary>Restore the state as of this UTC time (the last shipped segment at or before it); null: the latest.</summary>
        public DateTime? At { get; set; }

        /// <summary>Replace the target database when it exists. Default false.</summary>
        public bool Overwrite { get; set; }

        /// <summary>Keep the replaced database as <c>&lt;target&gt;.pre-restore-&lt;timestamp&gt;</c>. Default false.</summary>
        public bool KeepReplacedCopy { get; set; }
    }
}
