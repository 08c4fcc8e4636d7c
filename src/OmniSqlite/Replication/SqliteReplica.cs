using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;

namespace OmniSqlite
{
    /// <summary>
    /// A replica written by <see cref="SqliteReplicator"/>, read: its generations (<see cref="ListGenerations"/>) and
    /// point-in-time restore (<see cref="Restore"/>).
    /// </summary>
    /// <remarks>
    /// A restore takes the newest generation restorable at the requested time, decompresses its snapshot into a temporary file
    /// beside the target, applies the page images of the segments shipped up to that time (format 3: each segment's checksum
    /// verified before any of its pages is written; formats 1 and 2: whole transactions only, each frame's WAL checksum chain
    /// and a format-1 segment's SHA-256 verified), runs <c>PRAGMA integrity_check</c>, and only then swaps
    /// the file into place with the same atomic publish as <see cref="SqliteBackups.RestoreAsync(string, string, RestoreOptions, IProgress{BackupProgress}, CancellationToken)"/>.
    /// A damaged or missing segment stops the replay at the last whole transaction before it; the result says what was lost.
    /// Async policy: all of it is file work, so <see cref="RestoreAsync"/> runs it on the thread pool.
    /// </remarks>
    public sealed class SqliteReplica
    {
        private const string TimeFormat = "yyyy-MM-dd HH:mm:ss.fff'Z'";
        private readonly IReplicaDestination _destination;
        private readonly TimeProvider _time;

        /// <summary>Opens the replica in <paramref name="directory"/>.</summary>
        public SqliteReplica(string directory, TimeProvider? timeProvider = null)
            : this(new DirectoryReplicaDestination(directory), timeProvider)
        {
        }

        /// <summary>Opens the replica at <paramref name="destination"/>.</summary>
        public SqliteReplica(IReplicaDestination destination, TimeProvider? timeProvider = null)
        {
            _destination = destination ?? throw new ArgumentNullException(nameof(destination));
            _time = timeProvider ?? TimeProvider.System;
        }

        public IReplicaDestination Destination => _destination;

        /// <summary>The generations, oldest first, complete or not, with their time ranges and sizes.</summary>
        public IReadOnlyList<ReplicaGeneration> ListGenerations()
        {
            var list = new List<ReplicaGeneration>();
            foreach (string id in GenerationIds(_destination))
            {
                GenerationManifest? manifest = GenerationManifest.TryRead(_destination, id);
                List<SegmentRef> segments = SegmentPack.ListSegments(_destination, id);
                DateTime? last = segments.Count == 0 ? null : segments[segments.Count - 1].ShippedUtc ?? SegmentPack.ReadHeader(_destination, segments[segments.Count - 1])?.ShippedUtc;
                List<ReplicaFile> files = _destination.List("generations/" + id + "/segments/").Where(f => SegmentPack.ParseName(f.Name) != null).ToList();
                int compactedFiles = segments.Where(r => r.IsCompacted).Select(r => r.File).Distinct(StringComparer.Ordinal).Count();
                list.Add(new ReplicaGeneration(id, manifest, segments.Count, files.Sum(s => s.Length), last, segments.Count(r => r.IsCompacted), compactedFiles));
            }

            return list;
        }

        /// <summary>Asynchronous twin of <see cref="Restore"/>; runs on the thread pool (see the remarks).</summary>
        public Task<ReplicaRestoreResult> RestoreAsync(string targetPath, ReplicaRestoreOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.Run(() => Restore(targetPath, options, cancellationToken), cancellationToken);

        /// <summary>Restores the latest state, or the state as of <see cref="ReplicaRestoreOptions.At"/>, to <paramref name="targetPath"/>.</summary>
        /// <exception cref="BackupException">No generation covers the time (<see cref="BackupErrorReason.ReplicaNotFound"/>).</exception>
        /// <exception cref="BackupVerificationException">The snapshot fails its SHA-256 or <c>PRAGMA integrity_check</c>, or the replayed database fails the check; the target is untouched.</exception>
        /// <exception cref="RestoreRefusedException">The target exists without <see cref="ReplicaRestoreOptions.Overwrite"/>, is in use, or belongs to another user.</exception>
        public ReplicaRestoreResult Restore(string targetPath, ReplicaRestoreOptions? options = null, CancellationToken cancellationToken = default)
        {
            if (string.IsNullOrWhiteSpace(targetPath))
            {
                throw new ArgumentException("The target database path is required.", nameof(targetPath));
            }

            options ??= new ReplicaRestoreOptions();
            var stopwatch = Stopwatch.StartNew();
            string targetFull = Path.GetFullPath(targetPath);
            DateTime? at = options.At?.ToUniversalTime();
            List<GenerationManifest> generations = GenerationIds(_destination)
                .Select(id => GenerationManifest.TryRead(_destination, id))
                .Where(m => m != null)
                .Select(m => m!)
                .ToList();
            if (generations.Count == 0)
            {
                throw new BackupException(BackupErrorReason.ReplicaNotFound, _destination.Location,
                    $"The replica '{_destination.Location}' holds no complete generation (no snapshot with its generation.meta). " +
                    "Check the path; a replicator that was just started publishes its first generation after its first snapshot.");
            }

            GenerationManifest? generation = at is DateTime time ? generations.LastOrDefault(g => g.ValidFromUtc <= time) : generations[generations.Count - 1];
            if (generation is null)
            {
                string asked = at!.Value.ToString(TimeFormat, CultureInfo.InvariantCulture);
                string oldest = generations[0].ValidFromUtc.ToString(TimeFormat, CultureInfo.InvariantCulture);
                throw new BackupException(BackupErrorReason.ReplicaNotFound, _destination.Location,
                    $"The replica '{_destination.Location}' cannot restore {asked}: its oldest generation is restorable from {oldest}. " +
                    "Choose a later time (omnisqlite replicas list shows the ranges), or keep more with ReplicationOptions.Retention.");
            }

            PosixFileStatus? targetStatus = SqliteBackups.CheckRestoreTarget(targetFull, options.Overwrite);
            string targetDirectory = Path.GetDirectoryName(targetFull) ?? ".";
            string tag = "." + Path.GetFileName(targetFull) + "." + Guid.NewGuid().ToString("N").Substring(0, 12);
            string tempSnapshot = Path.Combine(targetDirectory, tag + ".snapshot" + SqliteBackups.TempSuffix);
            string tempDatabase = Path.Combine(targetDirectory, tag + ".replica" + SqliteBackups.TempSuffix);
            string snapshotName = GenerationManifest.SnapshotName(generation.Id);
            try
            {
                using (Stream input = _destination.OpenRead(snapshotName))
                using (var output = new FileStream(tempSnapshot, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
                {
                    input.CopyTo(output);
                }

                string sha = SqliteFileCheck.Sha256OfFile(tempSnapshot, null, cancellationToken);
                string reported = _destination.Location + "/" + snapshotName;
                if (!string.Equals(sha, generation.SnapshotSha256, StringComparison.OrdinalIgnoreCase))
                {
                    throw new BackupVerificationException(reported, $"its SHA-256 ({sha}) does not match the one in generation.meta ({generation.SnapshotSha256}); the snapshot changed after it was written.");
                }

                SqliteFileCheck.Extract(tempSnapshot, tempDatabase, reported, null, cancellationToken);
                DurableFile.TryDelete(tempSnapshot);
                Replay replay = ReplaySegments(generation, tempDatabase, at, cancellationToken);
                DurableFile.Sync(tempDatabase);
                CheckedDatabase db = SqliteFileCheck.Check(tempDatabase, _destination.Location + "/generations/" + generation.Id + " (replayed)");
                cancellationToken.ThrowIfCancellationRequested();
                string? keptCopy = SqliteBackups.PublishRestored(tempDatabase, targetFull, targetStatus, options.KeepReplacedCopy, _time);
                return new ReplicaRestoreResult(targetFull, generation.Id, replay.RestoredToUtc ?? generation.ValidFromUtc, replay.SegmentsApplied, replay.FramesApplied, db.Pages,
                    stopwatch.Elapsed, keptCopy, replay.Damage, replay.SegmentsLost, replay.LostUntilUtc);
            }
            finally
            {
                DurableFile.TryDelete(tempSnapshot);
                DurableFile.TryDelete(tempDatabase);
                DurableFile.DeleteSqliteSideFiles(tempDatabase);
            }
        }

        private sealed class Replay
        {
            public DateTime? RestoredToUtc;
            public int SegmentsApplied;
            public long FramesApplied;
            public string? Damage;
            public int SegmentsLost;
            public DateTime? LostUntilUtc;
        }

        /// <summary>Writes the page images of the generation's segments (shipped at or before <paramref name="at"/>) into the database file.</summary>
        private Replay ReplaySegments(GenerationManifest generation, string databaseFile, DateTime? at, CancellationToken cancellationToken)
        {
            var replay = new Replay();
            List<SegmentRef> segments = SegmentPack.ListSegments(_destination, generation.Id);
            WalPosition expected = generation.Start;
            long expectedSequence = 1;
            long databasePages = 0;
            using (var database = new FileStream(databaseFile, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1 << 16))
            {
                for (int i = 0; i < segments.Count; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    string name = segments[i].Describe();
                    using Stream stream = Seekable(_destination.OpenRead(segments[i].File));
                    stream.Seek(segments[i].Offset, SeekOrigin.Begin);
                    SegmentHeader? header = SegmentHeader.TryRead(stream);
                    if (header != null && at is DateTime time && header.ShippedUtc > time)
                    {
                        break;
                    }

                    string? problem = header is null ? "its header is unreadable"
                        : header.Sequence != expectedSequence ? $"segment {expectedSequence} is missing (the next one is {header.Sequence})"
                        : header.PageSize != generation.PageSize && generation.PageSize != 0 ? $"its page size {header.PageSize} differs from the snapshot's {generation.PageSize}"
                        : !Continues(expected, header) ? "it does not continue the WAL where the previous segment ended"
                        : null;
                    if (problem is null && header!.Format >= 3)
                    {
                        // The last image of each page, with one checksum over the header and every page: verified whole before
                        // any page is written, so a damaged segment is lost whole (the state before it is a real one).
                        long payloadStart = stream.Position;
                        long available = Math.Min(stream.Length, segments[i].Offset + segments[i].Length) - payloadStart;
                        string? why = PageSegment.Verify(stream, header, available);
                        if (why != null)
                        {
                            problem = $"{why}; the whole segment is lost: WAL frames {header.FirstFrame} to {header.FirstFrame + header.Frames - 1} " +
                                $"({header.Frames} frames, {header.Pages} pages), shipped {header.ShippedUtc.ToString(TimeFormat, CultureInfo.InvariantCulture)}";
                        }
                        else
                        {
                            stream.Seek(payloadStart, SeekOrigin.Begin);
                            PageSegment.Apply(database, stream, header);
                            databasePages = header.DatabasePages;
                            replay.FramesApplied += header.Frames;
                        }
                    }
                    else if (problem is null)
                    {
                        // Formats 1 and 2 (every frame as it was in the WAL). Two passes over the segment, holding one batch of frames
                        // at a time: check the chain, then apply the whole transactions that verified (all of a transaction or none).
                        long payloadStart = stream.Position;
                        long available = Math.Min(stream.Length, segments[i].Offset + segments[i].Length) - payloadStart;
                        WalFrames frames = WalFrames.Scan(stream, header!.BigEndian, header.PageSize, header.Salt1, header.Salt2, header.ChainStart, Math.Min(available, header.PayloadBytes));
                        string? why = available < header.PayloadBytes ? $"it is cut short ({available} of {header.PayloadBytes} bytes)"
                            : header.Sha256.Length > 0 && !string.Equals(Sha256(stream, payloadStart, header.PayloadBytes), header.Sha256, StringComparison.OrdinalIgnoreCase) ? "its SHA-256 does not match its header"
                            : frames.FrameCount != header.Frames || !frames.EndChecksum.Equals(header.ChainEnd) ? "its frames do not match its header"
                            : null;
                        if (why != null)
                        {
                            problem = $"{why}; {frames.StopReason ?? "its frames end early"}; {frames.FrameCount} of {header.Frames} frames are whole, verified transactions and were applied";
                        }

                        if (frames.FrameCount > 0)
                        {
                            stream.Seek(payloadStart, SeekOrigin.Begin);
                            Apply(database, stream, frames.FrameCount, header.PageSize);
                            databasePages = frames.DatabasePages;
                            replay.FramesApplied += frames.FrameCount;
                        }
                    }

                    if (problem != null)
                    {
                        replay.Damage = $"segment '{name}': {problem}. The replay stopped there.";
                        List<DateTime?> lost = segments.Skip(i).Select(s => s.ShippedUtc ?? SegmentPack.ReadHeader(_destination, s)?.ShippedUtc).ToList();
                        replay.SegmentsLost = lost.Count(shipped => shipped is null || !(at is DateTime t) || shipped <= t);
                        replay.LostUntilUtc = lost.Where(shipped => shipped != null && (!(at is DateTime t) || shipped <= t)).LastOrDefault();
                        break;
                    }

                    replay.SegmentsApplied++;
                    replay.RestoredToUtc = header!.ShippedUtc;
                    expected = new WalPosition(true, header.BigEndian, header.PageSize, header.Salt1, header.Salt2, header.FirstFrame + header.Frames - 1, header.ChainEnd);
                    expectedSequence++;
                }

                if (databasePages > 0)
                {
                    // The last commit's database size, as a checkpoint leaves it (pages past it were freed by a VACUUM or truncation).
                    database.SetLength(databasePages * generation.PageSize);
                }

                database.Flush(flushToDisk: true);
            }

            return replay;
        }

        /// <summary>A segment continues the chain: the same WAL right after the last frame, or the WAL restarted (salt-1 + 1) from frame 1.</summary>
        private static bool Continues(WalPosition expected, SegmentHeader header)
        {
            if (!expected.HasWal)
            {
                return header.FirstFrame == 1;
            }

            if (header.Salt1 == expected.Salt1 && header.Salt2 == expected.Salt2)
            {
                return header.FirstFrame == expected.Frame + 1 && header.ChainStart.Equals(expected.Chain);
            }

            return header.Salt1 == unchecked(expected.Salt1 + 1) && header.FirstFrame == 1;
        }

        /// <summary>Writes the page images of the next <paramref name="frameCount"/> frames of <paramref name="segment"/> where they belong in the database file.</summary>
        private static void Apply(FileStream database, Stream segment, long frameCount, int pageSize)
        {
            int frameSize = WalHeader.FrameHeaderSize + pageSize;
            var frame = new byte[frameSize];
            for (long i = 0; i < frameCount; i++)
            {
                if (WalHeader.ReadFully(segment, frame, 0, frameSize) != frameSize)
                {
                    throw new EndOfStreamException("A segment ended inside frames that were verified a moment before.");
                }

                long page = WalHeader.ReadUInt32(frame, 0);
                database.Seek((page - 1) * pageSize, SeekOrigin.Begin);
                database.Write(frame, WalHeader.FrameHeaderSize, pageSize);
            }
        }

        /// <summary>The destination's stream when it can seek (a file), else a copy in memory (a restore reads each segment twice).</summary>
        private static Stream Seekable(Stream stream)
        {
            if (stream.CanSeek)
            {
                return stream;
            }

            using (stream)
            {
                var copy = new MemoryStream();
                stream.CopyTo(copy);
                copy.Position = 0;
                return copy;
            }
        }

        private static string Sha256(Stream stream, long start, long length)
        {
            stream.Seek(start, SeekOrigin.Begin);
            using var sha = SHA256.Create();
            return SqliteFileCheck.ToHex(sha.ComputeHash(new StreamSlice(stream, length)));
        }

        /// <summary>The generation ids (folder names under generations/), oldest first.</summary>
        internal static IEnumerable<string> GenerationIds(IReplicaDestination destination) =>
            destination.List("generations/")
                .Select(f => f.Name.Split('/'))
                .Where(parts => parts.Length >= 3)
                .Select(parts => parts[1])
                .Distinct(StringComparer.Ordinal)
                .OrderBy(id => id, StringComparer.Ordinal)
                .ToList();

        /// <summary>Deletes a generation: its generation.meta first (so that it stops counting), then the rest.</summary>
        internal static void DeleteGeneration(IReplicaDestination destination, string id)
        {
            destination.Delete(GenerationManifest.Name(id));
            foreach (ReplicaFile file in destination.List("generations/" + id + "/"))
            {
                destination.Delete(file.Name);
            }
        }
    }
}
