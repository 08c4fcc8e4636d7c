using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SQLitePCL;

namespace OmniSqlite
{
    /// <summary>
    /// Continuous backup of one SQLite database: new WAL frames are shipped every <see cref="ReplicationOptions.ShipInterval"/>
    /// into checksummed segment files, after a snapshot taken with the online backup; <see cref="SqliteReplica"/> restores any
    /// point in time from them. Runs in the application's process (or as <c>omnisqlite replicate</c> beside it).
    /// </summary>
    /// <remarks>
    /// <para>
    /// How frames are kept until shipped (docs/replication.md has the long form): the replicator holds a read transaction on a
    /// connection of its own at all times. While it is held SQLite cannot reset the WAL to its start, so no frame is overwritten
    /// before it is shipped; checkpoints by the application still run, but copy no further than that reader's snapshot.
    /// Once the WAL holds <see cref="ReplicationOptions.CheckpointFrames"/> frames the replicator takes the write lock for a moment,
    /// ships the last frames, checkpoints (<c>PASSIVE</c>) and takes its read transaction again before letting writers go on: the
    /// next writer then restarts the WAL, and every frame of the old one is already in the replica.
    /// </para>
    /// <para>
    /// Anything that breaks the chain (the WAL's salts change while the replicator was not holding it, the database file is
    /// replaced, the replica's current generation disappears) starts a new generation with a new snapshot; a generation also
    /// starts every <see cref="ReplicationOptions.SnapshotInterval"/>. Generations superseded for the whole
    /// <see cref="ReplicationOptions.Retention"/> window are deleted.
    /// </para>
    /// <para>
    /// Async policy: the work is file I/O (reading the WAL, writing segments, the snapshot's copy and gzip), so
    /// <see cref="ShipAsync"/> runs it on the thread pool; <see cref="Ship"/> runs it on the caller's thread. One call at a time.
    /// </para>
    /// </remarks>
    public sealed class SqliteReplicator : IDisposable
    {
        private static readonly Action<ILogger, string, string, Exception?> LogGeneration =
            LoggerMessage.Define<string, string>(LogLevel.Information, new EventId(5201, "ReplicaGenerationStarted"), "Replica generation {Generation} started: {Reason}");

        private static readonly Action<ILogger, string, long, long, Exception?> LogShipped =
            LoggerMessage.Define<string, long, long>(LogLevel.Debug, new EventId(5202, "ReplicaSegmentShipped"), "Shipped {Segment}: {Frames} frames, {Bytes} bytes");

        private static readonly Action<ILogger, string, Exception?> LogShipFailed =
            LoggerMessage.Define<string>(LogLevel.Warning, new EventId(5203, "ReplicaShipFailed"), "Shipping {Database} failed; the next interval tries again");

        private static readonly Action<ILogger, string, Exception?> LogPruned =
            LoggerMessage.Define<string>(LogLevel.Information, new EventId(5204, "ReplicaGenerationPruned"), "Deleted replica generation {Generation} (outside the retention window)");

        private static readonly Action<ILogger, string, int, Exception?> LogCompacted =
            LoggerMessage.Define<string, int>(LogLevel.Debug, new EventId(5205, "ReplicaSegmentsCompacted"), "Compacted {Segments} segments into {File}");

        // How long a checkpoint waits for the write lock before it is left to the next ship.
        private const int WriteLockWaitMilliseconds = 1000;

        // Frames shipped under the write lock are held in memory up to this size (and written after it); more are written at once.
        private const long MaxPendingBytes = 32L << 20;

        // How many times (1 ms apart) the write-locked checkpoint is tried again while the application's automatic checkpoint holds the checkpoint lock.
        private const int CheckpointLockAttempts = 200;

        // How long a checkpoint waits for the next writer to restart the WAL before it moves its read transaction anyway.
        private const int RestartWaitMilliseconds = 50;

        private readonly ReplicationOptions _options;
        private readonly IReplicaDestination _destination;
        private readonly ILogger _logger;
        private readonly TimeProvider _time;
        private readonly string _databasePath;
        private readonly string _walPath;
        private readonly object _gate = new();

        // The schedule (WaitForNextShipAsync): when the last ship started and how long the last few took.
        private readonly object _scheduleGate = new();
        private readonly TimeSpan[] _recentShips = new TimeSpan[8];
        private int _recentShipIndex;
        private long _lastShipStarted;
        private bool _shipped;
        private IDisposable? _lock;
        private SqliteConnection? _reader;
        private SqliteConnection? _spare;
        private SqliteConnection? _writer;
        private PosixFileStatus? _databaseIdentity;

        // Until the WAL has been read once in the incarnation of _position since the read transaction began, a changed salt
        // cannot be told from a lost stretch of frames: it ends the generation.
        private bool _strict = true;
        private string? _generation;
        private string _pendingReason = "first run";
        private DateTime _generationSnapshotUtc;
        private long _sequence;
        private WalPosition _position;
        private PendingSegment? _pending;

        // Segments of the current generation in files of their own (not yet compacted).
        private int _uncompacted;
        private bool _disposed;
        private long _segmentsShipped;
        private long _generationsStarted;
        private long _indexedShips;
        private long _scannedShips;

        /// <summary>Creates the replicator; <paramref name="options"/> are validated now and copied. Nothing is opened until the first <see cref="Ship"/>.</summary>
        /// <exception cref="ArgumentException">An option is not valid; the message names it.</exception>
        public SqliteReplicator(ReplicationOptions options, ILogger? logger = null, TimeProvider? timeProvider = null)
        {
            if (options is null)
            {
                throw new ArgumentNullException(nameof(options));
            }

            options.Validate();
            _options = options.Clone();
            _databasePath = Path.GetFullPath(options.Database.Trim());
            _walPath = _databasePath + "-wal";
            WalIndexPath = _databasePath + "-shm";
            _destination = options.Destination ?? new DirectoryReplicaDestination(options.Directory);
            _logger = logger ?? NullLogger.Instance;
            _time = timeProvider ?? TimeProvider.System;
        }

        /// <summary>Where the replica is written.</summary>
        public IReplicaDestination Destination => _destination;

        /// <summary>The database replicated (absolute path).</summary>
        public string DatabasePath => _databasePath;

        /// <summary>The generation being written, or null before the first ship.</summary>
        public string? CurrentGeneration => _generation;

        /// <summary>When the last call to <see cref="Ship"/> succeeded, or null.</summary>
        public DateTime? LastShippedUtc { get; private set; }

        /// <summary>The error of the last <see cref="RunAsync"/> iteration when it failed; null after a success.</summary>
        public Exception? LastError { get; private set; }

        /// <summary>Segments written since this replicator was created.</summary>
        public long SegmentsShipped => Interlocked.Read(ref _segmentsShipped);

        /// <summary>Generations (snapshots) started since this replicator was created.</summary>
        public long GenerationsStarted => Interlocked.Read(ref _generationsStarted);

        /// <summary>Ships the WAL frames committed since the last call (starting or resuming a generation first when needed).</summary>
        /// <exception cref="FileNotFoundException">The database does not exist.</exception>
        /// <exception cref="SqliteProfileException">The database is not in WAL mode.</exception>
        /// <exception cref="BackupException">Another replicator holds the replica's lock (<see cref="BackupErrorReason.DirectoryLocked"/>).</exception>
        public ReplicaShipResult Ship(CancellationToken cancellationToken = default)
        {
            lock (_gate)
            {
                if (_disposed)
                {
                    throw new ObjectDisposedException(nameof(SqliteReplicator));
                }

                long started = _time.GetTimestamp();
                try
                {
                    ReplicaShipResult result = ShipCore(cancellationToken);
                    LastShippedUtc = _time.GetUtcNow().UtcDateTime;
                    Scheduled(started, result.NewGenerationReason is null);
                    return result;
                }
                catch (Exception ex) when (!(ex is OperationCanceledException))
                {
                    Scheduled(started, measured: false);
                    // Start from a clean slate next time: new connections, and the WAL checked strictly against the replica.
                    CloseConnections();
                    throw;
                }
            }
        }

        /// <summary>Asynchronous twin of <see cref="Ship"/>; the file work runs on the thread pool (see the remarks).</summary>
        public Task<ReplicaShipResult> ShipAsync(CancellationToken cancellationToken = default) =>
            Task.Run(() => Ship(cancellationToken), cancellationToken);

        /// <summary>
        /// Ships on the schedule of <see cref="WaitForNextShipAsync"/> until <paramref name="cancellationToken"/> is cancelled (then throws
        /// <see cref="OperationCanceledException"/>). A failed ship is logged, kept in <see cref="LastError"/> and tried again at the next one.
        /// </summary>
        public async Task RunAsync(CancellationToken cancellationToken = default)
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    await ShipAsync(cancellationToken).ConfigureAwait(false);
                    LastError = null;
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
                catch (Exception ex)
                {
                    LastError = ex;
                    LogShipFailed(_logger, _databasePath, ex);
                }

                await WaitForNextShipAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// Waits until the next ship is due (what <see cref="RunAsync"/> does between ships; for a loop of one's own around <see cref="Ship"/>).
        /// A commit is to be in the replica at most <see cref="ReplicationOptions.ShipInterval"/> after it is made, and the ship that takes it
        /// takes time too, so the next ship starts one interval after the last one started, less the longest of the last few ships (at least
        /// a tenth and at most half of the interval). It starts earlier when the WAL has grown by <see cref="ReplicationOptions.CheckpointFrames"/> frames: the ship then
        /// checkpoints and the WAL starts over before the application's own automatic checkpoint (1000 frames by default) would try, and fail,
        /// on each of its commits. The WAL's size is looked at every 20 ms (two small reads of the -wal file).
        /// </summary>
        public async Task WaitForNextShipAsync(CancellationToken cancellationToken = default)
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                TimeSpan due = NextShipDue();
                if (due <= TimeSpan.Zero)
                {
                    // A ship longer than the interval: the next one starts now (yielding, so a cancellation is seen).
                    await Task.Yield();
                    return;
                }

                TimeSpan step = due < GrowthPollInterval ? due : GrowthPollInterval;
#if NET
                await Task.Delay(step, _time, cancellationToken).ConfigureAwait(false);
#else
                await _time.Delay(step, cancellationToken).ConfigureAwait(false);
#endif
                if (due <= step || WalGrewByCheckpointFrames())
                {
                    return;
                }
            }
        }

        // How often WaitForNextShipAsync looks at the WAL's size.
        private static readonly TimeSpan GrowthPollInterval = TimeSpan.FromMilliseconds(20);

        /// <summary>Notes a ship's start for the schedule, and its duration unless it was not a usual one (a snapshot, a failure).</summary>
        private void Scheduled(long started, bool measured)
        {
            lock (_scheduleGate)
            {
                _lastShipStarted = started;
                _shipped = true;
                if (measured)
                {
                    _recentShips[_recentShipIndex] = _time.GetElapsedTime(started);
                    _recentShipIndex = (_recentShipIndex + 1) % _recentShips.Length;
                }
            }
        }

        /// <summary>How long until the next ship is due: one interval after the last ship started, less the recent ships' duration.</summary>
        private TimeSpan NextShipDue()
        {
            long started;
            TimeSpan allowance;
            lock (_scheduleGate)
            {
                if (!_shipped)
                {
                    return TimeSpan.Zero;
                }

                started = _lastShipStarted;
                allowance = TimeSpan.Zero;
                foreach (TimeSpan took in _recentShips)
                {
                    allowance = took > allowance ? took : allowance;
                }
            }

            // At least a tenth of the interval: a replicator just started has no ship to go by, and ships vary (at most half).
            TimeSpan tenth = TimeSpan.FromTicks(_options.ShipInterval.Ticks / 10);
            TimeSpan half = TimeSpan.FromTicks(_options.ShipInterval.Ticks / 2);
            allowance += TimeSpan.FromMilliseconds(10);
            allowance = allowance < tenth ? tenth : allowance > half ? half : allowance;
            return _options.ShipInterval - allowance - _time.GetElapsedTime(started);
        }

        /// <summary>True when the WAL holds <see cref="ReplicationOptions.CheckpointFrames"/> frames after the shipped position (or, restarted, from its start).</summary>
        private bool WalGrewByCheckpointFrames()
        {
            try
            {
                WalHeader? header = WalHeader.Read(_walPath);
                if (header is null)
                {
                    return false;
                }

                WalPosition p = _position;
                long frame = _options.CheckpointFrames + (p.HasWal && p.Salt1 == header.Salt1 && p.Salt2 == header.Salt2 ? p.Frame : 0);
                using FileStream stream = WalHeader.OpenShared(_walPath);
                var frameHeader = new byte[WalHeader.FrameHeaderSize];
                stream.Seek(WalHeader.Size + ((frame - 1) * header.FrameSize), SeekOrigin.Begin);
                return WalHeader.ReadFully(stream, frameHeader, 0, frameHeader.Length) == frameHeader.Length
                    && WalHeader.ReadUInt32(frameHeader, 8) == header.Salt1 && WalHeader.ReadUInt32(frameHeader, 12) == header.Salt2;
            }
            catch (IOException)
            {
                // Only a hint: the interval still applies.
                return false;
            }
        }

        /// <summary>Ends the read transaction (checkpoints may then pass it) and releases the replica's lock.</summary>
        public void Dispose()
        {
            lock (_gate)
            {
                _disposed = true;
                CloseConnections();
                _lock?.Dispose();
                _lock = null;
            }
        }

        private ReplicaShipResult ShipCore(CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            EnsureOpen(cancellationToken);
            string? reason = null;
            if (_generation is null)
            {
                reason = _pendingReason;
            }
            else if (!_destination.Exists(GenerationManifest.Name(_generation)))
            {
                reason = $"the current generation {_generation} is no longer in the replica (the replica folder was lost or cleaned)";
            }
            else if (DatabaseReplaced())
            {
                // The connections still hold the old file: the new one is read through new connections.
                CloseConnections();
                EnsureOpen(cancellationToken);
                reason = "the database file was replaced (restored or copied over)";
            }
            else if (_time.GetUtcNow().UtcDateTime - _generationSnapshotUtc >= _options.SnapshotInterval)
            {
                reason = "snapshot interval";
            }

            if (reason != null)
            {
                return StartGeneration(reason, cancellationToken);
            }

            ShipOutcome shipped = ShipFrames();
            if (shipped.Broken != null)
            {
                return StartGeneration(shipped.Broken, cancellationToken);
            }

            bool checkpointed = false;
            if (_position.Frame >= _options.CheckpointFrames)
            {
                ShipOutcome more = Checkpoint(out checkpointed);
                if (more.Broken != null)
                {
                    return StartGeneration(more.Broken, cancellationToken);
                }

                shipped = new ShipOutcome(shipped.Frames + more.Frames, shipped.Bytes + more.Bytes, null);
            }
            else if (shipped.Frames > 0)
            {
                MovePin();
            }

            if (_options.CompactionSegments > 0 && _uncompacted >= _options.CompactionSegments)
            {
                Compact(cancellationToken);
            }

            return new ReplicaShipResult(_generation!, null, shipped.Frames, shipped.Bytes, checkpointed);
        }

        /// <summary>The segment format written: 3 (the last image of each page, <see cref="PageSegment"/>) or 2 (every frame as it was; tests write old replicas with it).</summary>
        internal int SegmentFormat { get; set; } = SegmentHeader.CurrentFormat;

        /// <summary>Called after each step of a compaction (tests stop it there, as a kill would).</summary>
        internal Action<string>? CompactionStep { get; set; }

        /// <summary>
        /// Merges the current generation's segments that are in files of their own into one compacted file (<see cref="SegmentPack"/>):
        /// written whole and atomically (temporary file, fsync, rename), and only then are the merged files deleted. Stopped at any
        /// point, the replica holds every segment exactly once as a restore reads it: before the rename the old files, after it the
        /// compacted file (leftover old files in its range are ignored, and deleted here next time).
        /// </summary>
        private void Compact(CancellationToken cancellationToken)
        {
            var superseded = new List<string>();
            List<SegmentRef> segments = SegmentPack.ListSegments(_destination, _generation!, superseded);
            foreach (string leftover in superseded)
            {
                _destination.Delete(leftover);
            }

            // A run of consecutive segments in their own files, each with a readable header (a damaged one stays as it is).
            var pack = new SegmentPack { Generation = _generation! };
            var files = new List<string>();
            long offset = 0;
            foreach (SegmentRef segment in segments.Where(r => !r.IsCompacted))
            {
                cancellationToken.ThrowIfCancellationRequested();
                SegmentHeader? header = SegmentPack.ReadHeader(_destination, segment);
                if (header is null && files.Count == 0)
                {
                    continue;
                }

                if (header is null || (files.Count > 0 && segment.Sequence != pack.LastSequence + 1))
                {
                    break;
                }

                if (files.Count == 0)
                {
                    pack.FirstSequence = segment.Sequence;
                }

                pack.LastSequence = segment.Sequence;
                pack.Index.Add(new SegmentRef(segment.File, segment.Sequence, offset, segment.Length, header.ShippedUtc));
                files.Add(segment.File);
                offset += segment.Length;
            }

            _uncompacted = 0;
            if (files.Count < 2)
            {
                return;
            }

            string name = SegmentPack.Name(_generation!, pack.FirstSequence, pack.LastSequence);
            using (var content = new ConcatenatedStream(pack.ToBytes(), files.Select(f => (Func<Stream>)(() => _destination.OpenRead(f)))))
            {
                _destination.Write(name, content);
            }

            CompactionStep?.Invoke("written");
            foreach (string file in files)
            {
                _destination.Delete(file);
                CompactionStep?.Invoke("deleted " + file);
            }

            LogCompacted(_logger, name, files.Count, null);
        }

        private void EnsureOpen(CancellationToken cancellationToken)
        {
            if (_reader != null)
            {
                return;
            }

            _lock ??= _destination.AcquireWriterLock(_options.LockTimeout, _time, cancellationToken);
            (_destination as DirectoryReplicaDestination)?.RemoveLeftovers();
            if (!File.Exists(_databasePath))
            {
                throw new FileNotFoundException($"The database '{_databasePath}' does not exist; the replicator replicates an existing database.", _databasePath);
            }

            _reader = Open();
            string mode = Convert.ToString(Scalar(_reader, "PRAGMA journal_mode;"), CultureInfo.InvariantCulture) ?? "";
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                CloseConnections();
                throw new SqliteProfileException(
                    $"The database '{_databasePath}' is in journal_mode={mode}, but replication ships the WAL. Switch it to WAL " +
                    "(PRAGMA journal_mode=WAL; SqliteProfile.Production does) before replicating.", _databasePath, "journal_mode", "wal", mode);
            }

            BeginRead();
            _spare = Open();
            _writer = Open();
            Execute(_writer, "PRAGMA busy_timeout = " + WriteLockWaitMilliseconds.ToString(CultureInfo.InvariantCulture) + ";");
            _databaseIdentity = PosixFile.Stat(_databasePath);
            _strict = true;
            if (_generation is null)
            {
                TryResume();
            }
        }

        /// <summary>Picks up the newest complete generation of this database where its last segment ended; the next read of the WAL proves (or refutes) that it still continues there.</summary>
        private void TryResume()
        {
            string name = SqliteBackups.GetDatabaseName(_databasePath);
            foreach (string id in SqliteReplica.GenerationIds(_destination).Reverse())
            {
                GenerationManifest? manifest = GenerationManifest.TryRead(_destination, id);
                if (manifest is null)
                {
                    continue;
                }

                if (!string.Equals(manifest.Database, name, StringComparison.Ordinal))
                {
                    _pendingReason = $"the replica's newest generation is of another database ('{manifest.Database}')";
                    return;
                }

                WalPosition position = manifest.Start;
                long sequence = 0;
                List<SegmentRef> segments = SegmentPack.ListSegments(_destination, id);
                SegmentRef? last = segments.LastOrDefault();
                if (last != null)
                {
                    SegmentHeader? header = SegmentPack.ReadHeader(_destination, last);
                    if (header is null)
                    {
                        _pendingReason = $"the last segment of generation {id} is unreadable";
                        return;
                    }

                    sequence = header.Sequence;
                    position = new WalPosition(true, header.BigEndian, header.PageSize, header.Salt1, header.Salt2, header.FirstFrame + header.Frames - 1, header.ChainEnd);
                }

                _generation = id;
                _generationSnapshotUtc = manifest.SnapshotUtc;
                _uncompacted = segments.Count(r => !r.IsCompacted);
                _sequence = sequence;
                _position = position;
                _pendingReason = "";
                return;
            }

            _pendingReason = "first run: the replica holds no generation yet";
        }

        private bool DatabaseReplaced()
        {
            if (!File.Exists(_databasePath))
            {
                return true;
            }

            PosixFileStatus? now = PosixFile.Stat(_databasePath);
            return _databaseIdentity is PosixFileStatus before && now is PosixFileStatus current && !before.IsSameFile(current);
        }

        private readonly struct ShipOutcome
        {
            public ShipOutcome(long frames, long bytes, string? broken)
            {
                Frames = frames;
                Bytes = bytes;
                Broken = broken;
            }

            public long Frames { get; }
            public long Bytes { get; }

            /// <summary>Why the WAL no longer continues the replica (a new generation is needed), or null.</summary>
            public string? Broken { get; }
        }

        /// <summary>
        /// Reads the WAL from the shipped position and writes the new whole transactions as one segment: one pass checks the
        /// frames' checksum chain, a second streams them into the segment (the frames up to the last commit can't change while
        /// the read transaction is held). With <paramref name="inMemory"/> (under the write lock) the segment is only read into
        /// <see cref="_pending"/>, and <see cref="PublishPending"/> writes it once writers go on.
        /// </summary>
        private ShipOutcome ShipFrames(bool inMemory = false)
        {
            WalHeader? header = WalHeader.Read(_walPath);
            WalPosition p = _position;
            if (header is null)
            {
                // Not held since the last ship (a restart of the replicator): a WAL that is gone may have held commits after the
                // shipped position that a checkpoint then moved into the database file, whatever that position was (even frame 0,
                // or no WAL at all: a generation started a moment before its replicator was killed). Only a new snapshot is sure.
                if (_strict)
                {
                    return new ShipOutcome(0, 0, "the WAL was checkpointed and reset while the replicator was not holding it");
                }

                return default;
            }

            if (p.HasWal && header.Salt1 == p.Salt1 && header.Salt2 == p.Salt2)
            {
                if (header.PageSize != p.PageSize)
                {
                    return new ShipOutcome(0, 0, "the WAL's page size changed");
                }

                using FileStream stream = WalHeader.OpenShared(_walPath, bufferSize: 1); // unbuffered: a 64 KB buffer would read around each chosen page
                if (_strict && p.Frame > 0 && !FrameEndsWith(stream, header, p.Frame, p.Chain))
                {
                    return new ShipOutcome(0, 0, "the WAL no longer holds the last shipped frame (it was rewritten while the replicator was not holding it)");
                }

                long start = WalHeader.Size + (p.Frame * header.FrameSize);
                WalFrames frames = FindFrames(stream, header, p.Frame, start, p.Chain, out Dictionary<uint, long>? lastFrames);
                _strict = false;
                return frames.FrameCount == 0 ? default : WriteSegment(header, p.Frame + 1, frames, lastFrames, stream, start, inMemory);
            }

            if (!_strict && (!p.HasWal || header.Salt1 == unchecked(p.Salt1 + 1)))
            {
                // SQLite restarted the WAL (salt-1 + 1) after every frame of the old one was shipped: the replicator's read
                // transaction allows a restart only then (see the class remarks). The new WAL's chain starts at its header.
                using FileStream stream = WalHeader.OpenShared(_walPath, bufferSize: 1);
                WalFrames frames = FindFrames(stream, header, 0, WalHeader.Size, header.Checksum, out Dictionary<uint, long>? lastFrames);
                return frames.FrameCount == 0 ? default : WriteSegment(header, 1, frames, lastFrames, stream, WalHeader.Size, inMemory);
            }

            return new ShipOutcome(0, 0, p.HasWal
                ? "the WAL was reset (its salts changed) by a checkpoint that the replicator could not hold back"
                : "a WAL appeared that the replicator did not see start");
        }

        /// <summary>
        /// The whole transactions after frame <paramref name="after"/> (at byte <paramref name="start"/>, the chain at
        /// <paramref name="seed"/>): through the wal-index for format 3 (<paramref name="lastFrames"/>: each page's last frame),
        /// else, or when the index does not check, by scanning every frame.
        /// </summary>
        private WalFrames FindFrames(FileStream stream, WalHeader header, long after, long start, WalChecksum seed, out Dictionary<uint, long>? lastFrames)
        {
            lastFrames = SegmentFormat >= 3 ? new Dictionary<uint, long>() : null;
            WalFrames? frames = lastFrames is null ? null : FramesFromIndex(stream, header, after, lastFrames);
            if (frames is null)
            {
                lastFrames?.Clear();
                stream.Seek(start, SeekOrigin.Begin);
                frames = WalFrames.Scan(stream, header.BigEndianChecksums, header.PageSize, header.Salt1, header.Salt2, seed, lastFrames: lastFrames);
                Interlocked.Increment(ref _scannedShips);
            }

            return frames;
        }

        /// <summary>Ships that found their frames through the wal-index (<see cref="FramesFromIndex"/>), and those that scanned the WAL.</summary>
        internal long IndexedShips => Interlocked.Read(ref _indexedShips);

        internal long ScannedShips => Interlocked.Read(ref _scannedShips);

        /// <summary>The wal-index read (the database's <c>-shm</c> file); tests point it elsewhere to see the fallback to the scan.</summary>
        internal string WalIndexPath { get; set; }

        /// <summary>Why the last ship that tried the wal-index fell back to the scan (null when it did not).</summary>
        internal string? IndexFallbackReason { get; private set; }

        /// <summary>
        /// The committed frames after frame <paramref name="after"/> of the WAL <paramref name="wal"/>, found through SQLite's
        /// wal-index instead of a scan of every frame: its header gives the last committed frame (mxFrame), its checksum and
        /// the database size; its hash-table blocks the page number of each frame, so <paramref name="lastFrames"/> gets each
        /// page's last frame and only those frames are read from the WAL (by <see cref="PageSegment.PayloadStream"/>).
        /// Returns null, and the caller scans as before, when anything does not check: the -shm file is missing or short,
        /// its header copies differ or fail their checksum, its version, salts, page size or checksum order are not the WAL's,
        /// a page number is 0, a chosen frame's header does not name its page or carry the WAL's salts, or the last frame's
        /// header does not hold the index's checksum and a commit. Never anything the scan would not have shipped.
        /// </summary>
        /// <remarks>
        /// Why frames up to the index's mxFrame, not only up to the replicator's read snapshot (older: its read transaction began
        /// at the last ship), are safe to read: a committed frame is never rewritten in place; only a restart of the WAL (frame
        /// 1 again, new salts) reuses its space and its aPgno entries. The replicator's reader holds a read mark that blocks
        /// every restart, except right after its own checkpoint, when it may sit on read mark 0 for a moment and one restart
        /// can happen (every frame then was already shipped, see the class remarks). That restart is what the checks here
        /// catch: it changes the salts of the index header (read again at the end, must be unchanged) and of each frame
        /// rewritten (each chosen frame's header is read and checked), so a page number read from an index being rebuilt is
        /// never trusted. The scan shipped up to the last commit in the WAL, past the snapshot, on the same reasoning.
        /// The -shm file is the live index: the replicator's own connections read the database through it (SQLite keeps the
        /// index in heap memory only with locking_mode=EXCLUSIVE, where no other connection, the replicator's included, can read).
        /// </remarks>
        private WalFrames? FramesFromIndex(FileStream wal, WalHeader header, long after, Dictionary<uint, long> lastFrames)
        {
            string? why = TryFramesFromIndex(wal, header, after, lastFrames, out WalFrames? frames);
            IndexFallbackReason = why;
            if (why is null)
            {
                Interlocked.Increment(ref _indexedShips);
            }

            return frames;
        }

        private string? TryFramesFromIndex(FileStream wal, WalHeader header, long after, Dictionary<uint, long> lastFrames, out WalFrames? frames)
        {
            frames = null;
            FileStream shm;
            try
            {
                shm = new FileStream(WalIndexPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096);
            }
            catch (IOException ex)
            {
                return "the wal-index could not be opened: " + ex.Message;
            }
            catch (UnauthorizedAccessException ex)
            {
                return "the wal-index could not be opened: " + ex.Message;
            }

            using (shm)
            {
                WalIndexHeader? index = WalIndexHeader.Read(shm, out string? why);
                if (index is null)
                {
                    return why;
                }

                if (index.Salt1 != header.Salt1 || index.Salt2 != header.Salt2)
                {
                    return "the wal-index is of another WAL (its salts differ)";
                }

                if (index.PageSize != header.PageSize || index.BigEndianChecksums != header.BigEndianChecksums)
                {
                    return "the wal-index's page size or checksum order is not the WAL's";
                }

                long last = index.MaxFrame;
                if (last < after)
                {
                    return $"the wal-index ends at frame {last}, before the shipped frame {after}";
                }

                if (last == after)
                {
                    frames = WalFrames.Committed(0, default, 0, header.PageSize);
                    return null;
                }

                if (!WalIndexHeader.ReadPageNumbers(shm, after + 1, last, lastFrames))
                {
                    return "the wal-index does not hold the page numbers of the new frames";
                }

                // Each chosen frame's header: its page and the WAL's salts (a frame rewritten by a restart carries new salts).
                var frameHeader = new byte[WalHeader.FrameHeaderSize];
                long start = WalHeader.Size + (after * (long)header.FrameSize);
                foreach (KeyValuePair<uint, long> page in lastFrames)
                {
                    if (!ReadFrameHeader(wal, start + (page.Value * header.FrameSize), frameHeader)
                        || WalHeader.ReadUInt32(frameHeader, 0) != page.Key
                        || WalHeader.ReadUInt32(frameHeader, 8) != header.Salt1 || WalHeader.ReadUInt32(frameHeader, 12) != header.Salt2)
                    {
                        return $"frame {after + 1 + page.Value} is not the one the wal-index names";
                    }
                }

                // The last frame: a commit, ending the chain where the index says.
                if (!ReadFrameHeader(wal, WalHeader.Size + ((last - 1) * header.FrameSize), frameHeader)
                    || WalHeader.ReadUInt32(frameHeader, 8) != header.Salt1 || WalHeader.ReadUInt32(frameHeader, 12) != header.Salt2
                    || WalHeader.ReadUInt32(frameHeader, 16) != index.FrameChecksum.S0 || WalHeader.ReadUInt32(frameHeader, 20) != index.FrameChecksum.S1)
                {
                    return $"frame {last} does not end the chain the wal-index gives";
                }

                uint databasePages = WalHeader.ReadUInt32(frameHeader, 4);
                if (databasePages == 0)
                {
                    return $"frame {last} is not a commit frame";
                }

                WalIndexHeader? again = WalIndexHeader.Read(shm, out why);
                if (again is null || again.Salt1 != index.Salt1 || again.Salt2 != index.Salt2 || again.MaxFrame < index.MaxFrame)
                {
                    return "the wal-index changed while it was read (the WAL restarted)";
                }

                frames = WalFrames.Committed(last - after, index.FrameChecksum, databasePages, header.PageSize);
                return null;
            }
        }

        private static bool ReadFrameHeader(FileStream wal, long offset, byte[] frameHeader)
        {
            wal.Seek(offset, SeekOrigin.Begin);
            return WalHeader.ReadFully(wal, frameHeader, 0, frameHeader.Length) == frameHeader.Length;
        }

        private static bool FrameEndsWith(FileStream stream, WalHeader header, long frame, WalChecksum chain)
        {
            var frameHeader = new byte[WalHeader.FrameHeaderSize];
            stream.Seek(WalHeader.Size + ((frame - 1) * header.FrameSize), SeekOrigin.Begin);
            return WalHeader.ReadFully(stream, frameHeader, 0, frameHeader.Length) == frameHeader.Length
                && WalHeader.ReadUInt32(frameHeader, 16) == chain.S0 && WalHeader.ReadUInt32(frameHeader, 20) == chain.S1;
        }

        /// <summary>
        /// Writes the segment of the frames <paramref name="frames"/> found at <paramref name="start"/>: with <paramref name="lastFrames"/>
        /// (format 3) the last image of each page, read from the WAL as the segment is written; without, every frame as it was (format 2).
        /// </summary>
        private ShipOutcome WriteSegment(WalHeader wal, long firstFrame, WalFrames frames, Dictionary<uint, long>? lastFrames, FileStream stream, long start, bool inMemory)
        {
            var header = new SegmentHeader
            {
                Format = lastFrames is null ? 2 : 3,
                Generation = _generation!,
                Sequence = _sequence + 1,
                ShippedUtc = _time.GetUtcNow().UtcDateTime,
                PageSize = wal.PageSize,
                BigEndian = wal.BigEndianChecksums,
                Salt1 = wal.Salt1,
                Salt2 = wal.Salt2,
                FirstFrame = firstFrame,
                Frames = frames.FrameCount,
                ChainStart = firstFrame == 1 ? wal.Checksum : _position.Chain,
                ChainEnd = frames.EndChecksum,
                DatabasePages = frames.DatabasePages,
                PayloadBytes = frames.DataLength,
            };
            Stream payload = stream;
            if (lastFrames != null)
            {
                KeyValuePair<uint, long>[] pages = PageSegment.Sorted(lastFrames);
                header.Pages = pages.Length;
                header.PayloadBytes = PageSegment.PayloadLength(pages.Length, wal.PageSize);
                payload = new PageSegment.PayloadStream(stream, _walPath, start, wal.PageSize, pages, header.ToBytes());
            }
            else
            {
                stream.Seek(start, SeekOrigin.Begin);
            }

            if (inMemory && header.PayloadBytes <= MaxPendingBytes)
            {
                var bytes = new byte[checked((int)header.PayloadBytes)];
                if (WalHeader.ReadFully(payload, bytes, 0, bytes.Length) != bytes.Length)
                {
                    throw new EndOfStreamException($"The WAL '{_walPath}' ended inside frames that were just read.");
                }

                _pending = new PendingSegment(header, bytes);
                return new ShipOutcome(frames.FrameCount, header.PayloadBytes, null);
            }

            long written = Publish(header, payload);
            return new ShipOutcome(frames.FrameCount, written, null);
        }

        /// <summary>Writes the segment (its header, then <see cref="SegmentHeader.PayloadBytes"/> bytes of <paramref name="payload"/>) and moves the shipped position past it.</summary>
        private long Publish(SegmentHeader header, Stream payload)
        {
            byte[] text = header.ToBytes();
            string name = SegmentHeader.Name(header.Generation, header.Sequence);
            _destination.Write(name, new StreamSlice(payload, header.PayloadBytes, text));
            _sequence = header.Sequence;
            _uncompacted++;
            _position = new WalPosition(true, header.BigEndian, header.PageSize, header.Salt1, header.Salt2, header.FirstFrame + header.Frames - 1, header.ChainEnd);
            Interlocked.Increment(ref _segmentsShipped);
            LogShipped(_logger, name, header.Frames, text.Length + header.PayloadBytes, null);
            return text.Length + header.PayloadBytes;
        }

        /// <summary>Writes the segment that <see cref="ShipFrames"/> read under the write lock.</summary>
        private void PublishPending()
        {
            PendingSegment? pending = _pending;
            _pending = null;
            if (pending != null)
            {
                using var payload = new MemoryStream(pending.Payload, writable: false);
                Publish(pending.Header, payload);
            }
        }

        private sealed class PendingSegment
        {
            public PendingSegment(SegmentHeader header, byte[] payload)
            {
                Header = header;
                Payload = payload;
            }

            public SegmentHeader Header { get; }
            public byte[] Payload { get; }
        }

        /// <summary>
        /// With the write lock held for a moment: ship the last frames, end the read transaction, checkpoint, take the read
        /// transaction again, let writers go. Skipped when the write lock is not free within <see cref="WriteLockWaitMilliseconds"/>.
        /// </summary>
        private ShipOutcome Checkpoint(out bool checkpointed)
        {
            checkpointed = false;
            uint? walSalt = null;

            // First, without blocking anyone: move the pin up to the WAL's end by taking a new read transaction on the spare
            // connection before ending the old one (one of them holds the WAL at every moment), and let a PASSIVE checkpoint
            // copy up to there while writers go on. The old pin was at or before the shipped position, so if the new one had to
            // read the database file alone (WAL fully checkpointed), every frame in the WAL is already shipped: the restart
            // SQLite may then make loses nothing. What is left for the write-locked step below is the last few frames.
            MovePin();
            Execute(_spare!, "PRAGMA wal_checkpoint(PASSIVE);");

            // Straight to SQLite, whose busy handler polls in steps of a few milliseconds (the managed retry of
            // Microsoft.Data.Sqlite sleeps 150 ms at a time, and a steady writer would win every time).
            int rc = raw.sqlite3_exec(_writer!.Handle, "BEGIN IMMEDIATE;");
            if (rc == raw.SQLITE_BUSY || rc == raw.SQLITE_LOCKED)
            {
                return default;
            }

            if (rc != raw.SQLITE_OK)
            {
                SqliteException.ThrowExceptionForRC(rc, _writer.Handle);
            }

            try
            {
                // The frames committed since the ship a moment ago are read into memory only: the segment's write and fsync
                // happen after writers go on (they can't overwrite these frames before the pin moves past them, see below).
                ShipOutcome last = ShipFrames(inMemory: true);
                if (last.Broken != null)
                {
                    return last;
                }

                walSalt = WalHeader.Read(_walPath)?.Salt1;
                Execute(_reader!, "COMMIT;");
                try
                {
                    checkpointed = CheckpointWhole();
                }
                finally
                {
                    BeginRead();
                }

                return last;
            }
            finally
            {
                Execute(_writer!, "ROLLBACK;");

                // Off read mark 0 first (every moment on it can cost the application's commits, see LeaveReadMarkZero), then
                // the segment's write and fsync, which take tens of milliseconds on a busy disk.
                if (checkpointed)
                {
                    LeaveReadMarkZero(walSalt);
                }

                PublishPending();
            }
        }

        /// <summary>
        /// Under the write lock: checkpoints the whole WAL, so the next writer restarts it. PASSIVE gives up at once when the
        /// application's own automatic checkpoint holds the checkpoint lock (it began after the application's last commit and
        /// ends soon; no other can begin while the write lock is held), so that case is tried again for a moment: without the
        /// restart the WAL would grow by a whole ship interval of frames each time (measured: to 40,000 frames, 160 MB).
        /// Returns false when it could not be completed (a reader of the application holds an older snapshot, or the lock stayed busy).
        /// </summary>
        private bool CheckpointWhole()
        {
            for (int attempt = 0; ; attempt++)
            {
                using (var command = _reader!.CreateCommand())
                {
                    command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
                    using SqliteDataReader result = command.ExecuteReader();
                    result.Read();
                    bool busy = result.GetInt64(0) != 0;
                    if (!busy)
                    {
                        return result.GetInt64(1) == result.GetInt64(2);
                    }
                }

                if (attempt >= CheckpointLockAttempts)
                {
                    return false;
                }

                Thread.Sleep(1);
            }
        }

        /// <summary>
        /// Moves the read transaction up to the WAL's end: a new one on the spare connection begins before the old one ends,
        /// so the WAL is held at every moment. Called only after a ship, so the old pin was at or before the shipped position:
        /// if the new reader finds the WAL fully checkpointed (and so may allow one restart), every frame in it is shipped.
        /// </summary>
        private void MovePin()
        {
            Execute(_spare!, "BEGIN DEFERRED; SELECT count(*) FROM sqlite_master;");
            Execute(_reader!, "COMMIT;");
            (_reader, _spare) = (_spare, _reader);
        }

        /// <summary>
        /// After the replicator's checkpoint its reader reads the database file alone (SQLite's read mark 0), which the WAL's
        /// restart needs. Left there, it makes every automatic checkpoint of the application (one per commit once the WAL holds
        /// 1000 frames) sort the whole WAL and then give up, which cost a steady writer more than half its throughput. So as
        /// soon as the next writer has restarted the WAL, the pin moves to a read mark in the new WAL (held, it blocks any
        /// further restart; checkpoints may copy up to it).
        /// </summary>
        private void LeaveReadMarkZero(uint? checkpointedSalt)
        {
            // Polls the WAL header (32 bytes) for the restart: the new salt-1 is one more than the checkpointed WAL's.
            for (int wait = 0; wait < RestartWaitMilliseconds; wait++)
            {
                WalHeader? now = WalHeader.Read(_walPath);
                if (now != null && now.Salt1 != checkpointedSalt)
                {
                    break;
                }

                Thread.Sleep(1);
            }

            MovePin();
        }

        private ReplicaShipResult StartGeneration(string reason, CancellationToken cancellationToken, int attempt = 1)
        {
            WalPosition start = CurrentWalEnd();
            DateTime created = _time.GetUtcNow().UtcDateTime;
            string id = created.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N").Substring(0, 8);
            string staging = Path.Combine(Path.GetDirectoryName(_databasePath)!, "." + Path.GetFileName(_databasePath) + ".omnisqlite-replica");
            BackupResult snapshot;
            var backups = new SqliteBackups(new BackupOptions { Directory = staging, Compress = true, Verify = true, PruneAfterCreate = false }, _logger, _time);
            try
            {
                using (SqliteConnection source = SqliteBackups.OpenExisting(_databasePath))
                {
                    snapshot = backups.Create(source, null, cancellationToken);
                }

                using FileStream file = File.OpenRead(snapshot.Path);
                _destination.Write(GenerationManifest.SnapshotName(id), file);
            }
            finally
            {
                try
                {
                    Directory.Delete(staging, recursive: true);
                }
                catch (IOException)
                {
                }
            }

            // From here the generation's segments continue the snapshot: frames after 'start' are replayed over it (frames the
            // snapshot already holds are written again with the same or newer pages, which is harmless).
            _generation = id;
            _sequence = 0;
            _uncompacted = 0;
            _position = start;
            _strict = false;
            ShipOutcome first = ShipFrames();
            if (first.Broken != null)
            {
                if (attempt >= 3)
                {
                    throw new InvalidOperationException($"The WAL of '{_databasePath}' kept changing under the replicator while it started a generation: {first.Broken}.");
                }

                return StartGeneration(first.Broken, cancellationToken, attempt + 1);
            }

            var manifest = new GenerationManifest
            {
                Id = id,
                Database = SqliteBackups.GetDatabaseName(_databasePath),
                SourcePath = _databasePath,
                Reason = reason,
                SnapshotUtc = created,
                ValidFromUtc = _time.GetUtcNow().UtcDateTime,
                PageSize = snapshot.Backup.PageSize,
                SnapshotPages = snapshot.Pages,
                SnapshotBytes = snapshot.FileBytes,
                SnapshotSha256 = snapshot.Backup.Sha256,
                Start = start,
            };
            using (var content = new MemoryStream(manifest.ToBytes()))
            {
                _destination.Write(GenerationManifest.Name(id), content);
            }

            _generationSnapshotUtc = created;
            _databaseIdentity = PosixFile.Stat(_databasePath);
            Interlocked.Increment(ref _generationsStarted);
            LogGeneration(_logger, id, reason, null);
            Prune();
            return new ReplicaShipResult(id, reason, first.Frames, first.Bytes, checkpointed: false);
        }

        /// <summary>The end of the WAL's whole transactions now (read while the read transaction is held).</summary>
        private WalPosition CurrentWalEnd()
        {
            WalHeader? header = WalHeader.Read(_walPath);
            if (header is null)
            {
                return WalPosition.NoWal;
            }

            using FileStream stream = WalHeader.OpenShared(_walPath);
            stream.Seek(WalHeader.Size, SeekOrigin.Begin);
            WalFrames frames = WalFrames.Scan(stream, header.BigEndianChecksums, header.PageSize, header.Salt1, header.Salt2, header.Checksum);
            return new WalPosition(true, header.BigEndianChecksums, header.PageSize, header.Salt1, header.Salt2, frames.FrameCount, frames.EndChecksum);
        }

        /// <summary>Deletes generations that no time in the retention window needs: those followed by a generation restorable from before the window began.</summary>
        private void Prune()
        {
            DateTime windowStart = _time.GetUtcNow().UtcDateTime - _options.Retention;
            List<string> ids = SqliteReplica.GenerationIds(_destination).ToList();
            var manifests = ids.Select(id => GenerationManifest.TryRead(_destination, id)).ToList();
            for (int i = 0; i < ids.Count; i++)
            {
                if (ids[i] == _generation)
                {
                    continue;
                }

                bool superseded = manifests.Skip(i + 1).Any(m => m != null && m.ValidFromUtc <= windowStart);
                if (manifests[i] is null || superseded)
                {
                    SqliteReplica.DeleteGeneration(_destination, ids[i]);
                    LogPruned(_logger, ids[i], null);
                }
            }
        }

        private SqliteConnection Open()
        {
            var builder = new SqliteConnectionStringBuilder { DataSource = _databasePath, Mode = SqliteOpenMode.ReadWrite, Pooling = false };
            var connection = new SqliteConnection(builder.ToString());
            try
            {
                connection.Open();
                Execute(connection, "PRAGMA busy_timeout = 5000;");
                return connection;
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }

        /// <summary>Starts the read transaction that keeps SQLite from restarting the WAL over frames not yet shipped.</summary>
        private void BeginRead() => Execute(_reader!, "BEGIN DEFERRED; SELECT count(*) FROM sqlite_master;");

        private void CloseConnections()
        {
            _reader?.Dispose();
            _reader = null;
            _spare?.Dispose();
            _spare = null;
            _writer?.Dispose();
            _writer = null;
            _strict = true;
        }

        private static void Execute(SqliteConnection connection, string sql, int timeoutSeconds = 30)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.CommandTimeout = timeoutSeconds;
            command.ExecuteNonQuery();
        }

        private static object? Scalar(SqliteConnection connection, string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return command.ExecuteScalar();
        }
    }
}
