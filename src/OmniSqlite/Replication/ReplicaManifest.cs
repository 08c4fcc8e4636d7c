using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace OmniSqlite
{
    /// <summary>Where shipping stands in the WAL: which WAL (its salts) and how many of its frames are in the replica.</summary>
    internal readonly struct WalPosition
    {
        public WalPosition(bool hasWal, bool bigEndian, int pageSize, uint salt1, uint salt2, long frame, WalChecksum chain)
        {
            HasWal = hasWal;
            BigEndian = bigEndian;
            PageSize = pageSize;
            Salt1 = salt1;
            Salt2 = salt2;
            Frame = frame;
            Chain = chain;
        }

        /// <summary>False when there was no valid WAL header (an empty or missing -wal file).</summary>
        public bool HasWal { get; }
        public bool BigEndian { get; }
        public int PageSize { get; }
        public uint Salt1 { get; }
        public uint Salt2 { get; }

        /// <summary>Frames of this WAL already covered (shipped, or in the generation's snapshot).</summary>
        public long Frame { get; }

        /// <summary>The cumulative checksum after frame <see cref="Frame"/> (the header's checksum when 0).</summary>
        public WalChecksum Chain { get; }

        public static WalPosition NoWal => new(false, false, 0, 0, 0, 0, default);
    }

    /// <summary>The key=value text format of the replica's metadata (generation.meta, segment headers), UTF-8, one per line.</summary>
    internal static class ReplicaText
    {
        public static string Write(IEnumerable<KeyValuePair<string, string>> values)
        {
            var sb = new StringBuilder();
            foreach (KeyValuePair<string, string> pair in values)
            {
                sb.Append(pair.Key).Append('=').Append(pair.Value.Replace("\r", " ").Replace("\n", " ")).Append('\n');
            }

            return sb.ToString();
        }

        public static Dictionary<string, string> Parse(string text)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string raw in text.Split('\n'))
            {
                int eq = raw.IndexOf('=');
                if (eq > 0)
                {
                    values[raw.Substring(0, eq)] = raw.Substring(eq + 1).TrimEnd('\r');
                }
            }

            return values;
        }

        public static string Time(DateTime utc) => utc.ToString("o", CultureInfo.InvariantCulture);

        public static DateTime ParseTime(string text) => DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind).ToUniversalTime();

        public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

        public static long ParseNumber(string text) => long.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A segment file: a text header (key=value lines ending with a line <c>end</c>), then the payload. It covers the WAL frames
    /// <see cref="FirstFrame"/> to <see cref="FirstFrame"/> + <see cref="Frames"/> - 1 (whole transactions only), whose cumulative
    /// checksum runs from <see cref="ChainStart"/> to <see cref="ChainEnd"/>; those fields are what continuity is checked by.
    /// <list type="bullet">
    /// <item>Format 3 (<see cref="PageSegment"/>): only the last committed image of each page in those frames, sorted by page
    /// number, each as an 8-byte record header (page number, 4 zero bytes) and the page, then one 8-byte checksum over the
    /// header's bytes and every record (the WAL's checksum function). A tight loop rewrites the same few pages thousands of
    /// times a second, so this is a small fraction of the frames; a damaged segment is lost whole.</item>
    /// <item>Format 2: the WAL frames exactly as they were in the WAL (24-byte frame header with its salts and cumulative
    /// checksum, then the page); the segment's checksum is the WAL's own chain, recomputed frame by frame.</item>
    /// <item>Format 1 (the first session's): format 2 plus a SHA-256 of the payload, still checked when present.</item>
    /// </list>
    /// </summary>
    internal sealed class SegmentHeader
    {
        private const string FormatKey = "omnisqlite-segment";
        private const string EndLine = "end\n";
        private const int MaxHeaderBytes = 4096;

        /// <summary>The format written by default (<see cref="PageSegment"/>); 2 writes the frames as they were (kept for tests of old replicas).</summary>
        public const int CurrentFormat = 3;

        /// <summary>1 and 2: WAL frames as they were; 3: the last image of each page (<see cref="PageSegment"/>).</summary>
        public int Format { get; set; } = CurrentFormat;

        public string Generation { get; set; } = "";
        public long Sequence { get; set; }
        public DateTime ShippedUtc { get; set; }
        public int PageSize { get; set; }
        public bool BigEndian { get; set; }
        public uint Salt1 { get; set; }
        public uint Salt2 { get; set; }

        /// <summary>The WAL frame number (1-based) of the first frame in the segment.</summary>
        public long FirstFrame { get; set; }

        public long Frames { get; set; }
        public WalChecksum ChainStart { get; set; }
        public WalChecksum ChainEnd { get; set; }
        public long DatabasePages { get; set; }
        public long PayloadBytes { get; set; }
        /// <summary>SHA-256 of the payload (format 1 only); empty in formats 2 and 3.</summary>
        public string Sha256 { get; set; } = "";

        /// <summary>Format 3: how many page records the payload holds.</summary>
        public long Pages { get; set; }

        /// <summary>The header's bytes as read or written (format 3's checksum covers them).</summary>
        public byte[] RawBytes { get; private set; } = Array.Empty<byte>();

        public static string Name(string generation, long sequence) =>
            "generations/" + generation + "/segments/" + sequence.ToString("D10", CultureInfo.InvariantCulture) + ".seg";

        public byte[] ToBytes()
        {
            var pairs = new List<KeyValuePair<string, string>>
            {
                Pair(FormatKey, ReplicaText.Number(Format == 1 || Sha256.Length > 0 ? 1 : Format)),
                Pair("generation", Generation),
                Pair("sequence", ReplicaText.Number(Sequence)),
                Pair("shipped_utc", ReplicaText.Time(ShippedUtc)),
                Pair("page_size", ReplicaText.Number(PageSize)),
                Pair("checksum_order", BigEndian ? "big" : "little"),
                Pair("salt1", ReplicaText.Number(Salt1)),
                Pair("salt2", ReplicaText.Number(Salt2)),
                Pair("first_frame", ReplicaText.Number(FirstFrame)),
                Pair("frames", ReplicaText.Number(Frames)),
                Pair("chain_start", ChainStart.ToString()),
                Pair("chain_end", ChainEnd.ToString()),
                Pair("database_pages", ReplicaText.Number(DatabasePages)),
                Pair("payload_bytes", ReplicaText.Number(PayloadBytes)),
            };
            if (Sha256.Length > 0)
            {
                pairs.Add(Pair("sha256", Sha256));
            }

            if (Format == 3)
            {
                pairs.Add(Pair("pages", ReplicaText.Number(Pages)));
            }

            RawBytes = Encoding.UTF8.GetBytes(ReplicaText.Write(pairs) + EndLine);
            return RawBytes;
        }

        /// <summary>Reads the header at the stream's position and leaves <paramref name="stream"/> (seekable) at the first frame; null when the header is not readable.</summary>
        public static SegmentHeader? TryRead(Stream stream)
        {
            long start = stream.Position;
            var buffer = new byte[MaxHeaderBytes];
            int read = WalHeader.ReadFully(stream, buffer, 0, buffer.Length);
            string text = Encoding.UTF8.GetString(buffer, 0, read);
            int end = text.IndexOf("\n" + EndLine, StringComparison.Ordinal);
            if (end < 0)
            {
                return null;
            }

            int headerLength = Encoding.UTF8.GetByteCount(text.Substring(0, end + 1 + EndLine.Length));
            try
            {
                Dictionary<string, string> v = ReplicaText.Parse(text.Substring(0, end + 1));
                if (!v.TryGetValue(FormatKey, out string? version) || (version != "1" && version != "2" && version != "3"))
                {
                    return null;
                }

                var header = new SegmentHeader
                {
                    Format = (int)ReplicaText.ParseNumber(version),
                    Generation = v["generation"],
                    Sequence = ReplicaText.ParseNumber(v["sequence"]),
                    ShippedUtc = ReplicaText.ParseTime(v["shipped_utc"]),
                    PageSize = (int)ReplicaText.ParseNumber(v["page_size"]),
                    BigEndian = v["checksum_order"] == "big",
                    Salt1 = (uint)ReplicaText.ParseNumber(v["salt1"]),
                    Salt2 = (uint)ReplicaText.ParseNumber(v["salt2"]),
                    FirstFrame = ReplicaText.ParseNumber(v["first_frame"]),
                    Frames = ReplicaText.ParseNumber(v["frames"]),
                    ChainStart = WalChecksum.Parse(v["chain_start"]),
                    ChainEnd = WalChecksum.Parse(v["chain_end"]),
                    DatabasePages = ReplicaText.ParseNumber(v["database_pages"]),
                    PayloadBytes = ReplicaText.ParseNumber(v["payload_bytes"]),
                    Sha256 = version == "1" ? v["sha256"] : "",
                    Pages = version == "3" ? ReplicaText.ParseNumber(v["pages"]) : 0,
                };
                if (header.PageSize < 512 || header.PageSize > 65536 || (header.PageSize & (header.PageSize - 1)) != 0 || header.Pages < 0)
                {
                    return null;
                }

                header.RawBytes = new byte[headerLength];
                Buffer.BlockCopy(buffer, 0, header.RawBytes, 0, headerLength);
                stream.Seek(start + headerLength, SeekOrigin.Begin);
                return header;
            }
            catch (Exception ex) when (ex is KeyNotFoundException || ex is FormatException || ex is OverflowException || ex is ArgumentException)
            {
                return null;
            }
        }

        private static KeyValuePair<string, string> Pair(string key, string value) => new(key, value);
    }

    /// <summary>One segment of a generation, wherever it is stored: its own file, or a part of a compacted file.</summary>
    internal sealed class SegmentRef
    {
        public SegmentRef(string file, long sequence, long offset, long length, DateTime? shippedUtc)
        {
            File = file;
            Sequence = sequence;
            Offset = offset;
            Length = length;
            ShippedUtc = shippedUtc;
        }

        /// <summary>The replica file holding it.</summary>
        public string File { get; }
        public long Sequence { get; }

        /// <summary>Where its header starts in <see cref="File"/> (0 for a segment in its own file).</summary>
        public long Offset { get; }
        public long Length { get; }

        /// <summary>From the compacted file's index; null for a segment in its own file (its header has it).</summary>
        public DateTime? ShippedUtc { get; }

        public bool IsCompacted => ShippedUtc != null;

        /// <summary>What a message calls it.</summary>
        public string Describe() => IsCompacted ? $"{File} (segment {Sequence})" : File;
    }

    /// <summary>
    /// A compacted segment file, <c>segments/&lt;first&gt;-&lt;last&gt;.seg</c>: a text header (the range, the WAL position after the
    /// last segment, and an index: each segment's sequence, ship time, offset and length), then the segments exactly as they were
    /// in their own files, header and frames, back to back. Each keeps its ship time and its WAL checksum chain, so a restore to
    /// any time in the range and the verification work as before; only the file count shrinks (3,600 files an hour at one ship
    /// a second become a few dozen).
    /// </summary>
    internal sealed class SegmentPack
    {
        private const string FormatKey = "omnisqlite-segment-pack";
        private const string EndLine = "end\n";
        private const int MaxHeaderBytes = 1 << 18;

        public string Generation { get; set; } = "";
        public long FirstSequence { get; set; }
        public long LastSequence { get; set; }
        public List<SegmentRef> Index { get; } = new();

        public static string Name(string generation, long first, long last) =>
            "generations/" + generation + "/segments/" + first.ToString("D10", CultureInfo.InvariantCulture) + "-" + last.ToString("D10", CultureInfo.InvariantCulture) + ".seg";

        /// <summary>The range a file name gives: a segment of its own (first == last) or a compacted file; null for other names.</summary>
        public static (long First, long Last, bool Compacted)? ParseName(string name)
        {
            string file = name.Substring(name.LastIndexOf('/') + 1);
            if (!file.EndsWith(".seg", StringComparison.Ordinal))
            {
                return null;
            }

            string[] parts = file.Substring(0, file.Length - 4).Split('-');
            if (parts.Length == 1 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out long only))
            {
                return (only, only, false);
            }

            if (parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out long first)
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out long last) && first <= last)
            {
                return (first, last, true);
            }

            return null;
        }

        /// <summary>The header's bytes; the index's offsets are from the end of the header.</summary>
        public byte[] ToBytes()
        {
            var pairs = new List<KeyValuePair<string, string>>
            {
                new(FormatKey, "1"),
                new("generation", Generation),
                new("first_sequence", ReplicaText.Number(FirstSequence)),
                new("last_sequence", ReplicaText.Number(LastSequence)),
            };
            foreach (SegmentRef part in Index)
            {
                pairs.Add(new("segment_" + ReplicaText.Number(part.Sequence),
                    ReplicaText.Time(part.ShippedUtc!.Value) + " " + ReplicaText.Number(part.Offset) + " " + ReplicaText.Number(part.Length)));
            }

            return Encoding.UTF8.GetBytes(ReplicaText.Write(pairs) + EndLine);
        }

        /// <summary>Reads the header of the compacted file <paramref name="file"/>: its index with offsets from the file's start; null when unreadable.</summary>
        public static SegmentPack? TryRead(Stream stream, string file)
        {
            var buffer = new byte[MaxHeaderBytes];
            int read = WalHeader.ReadFully(stream, buffer, 0, buffer.Length);
            string text = Encoding.UTF8.GetString(buffer, 0, read);
            int end = text.IndexOf("\n" + EndLine, StringComparison.Ordinal);
            if (end < 0)
            {
                return null;
            }

            int headerLength = Encoding.UTF8.GetByteCount(text.Substring(0, end + 1 + EndLine.Length));
            try
            {
                Dictionary<string, string> v = ReplicaText.Parse(text.Substring(0, end + 1));
                if (!v.TryGetValue(FormatKey, out string? version) || version != "1")
                {
                    return null;
                }

                var pack = new SegmentPack
                {
                    Generation = v["generation"],
                    FirstSequence = ReplicaText.ParseNumber(v["first_sequence"]),
                    LastSequence = ReplicaText.ParseNumber(v["last_sequence"]),
                };
                for (long sequence = pack.FirstSequence; sequence <= pack.LastSequence; sequence++)
                {
                    string[] entry = v["segment_" + ReplicaText.Number(sequence)].Split(' ');
                    pack.Index.Add(new SegmentRef(file, sequence, headerLength + ReplicaText.ParseNumber(entry[1]), ReplicaText.ParseNumber(entry[2]), ReplicaText.ParseTime(entry[0])));
                }

                return pack;
            }
            catch (Exception ex) when (ex is KeyNotFoundException || ex is FormatException || ex is OverflowException || ex is ArgumentException || ex is IndexOutOfRangeException)
            {
                return null;
            }
        }

        /// <summary>
        /// A generation's segments in sequence order, from their own files and compacted ones. A segment found in both (a
        /// compaction stopped after writing its file, before deleting the ones it merged) is taken from the compacted file
        /// once; the leftover is listed in <paramref name="superseded"/> for deletion. An unreadable compacted file is skipped
        /// (its segments are then missing, which the restore reports).
        /// </summary>
        public static List<SegmentRef> ListSegments(IReplicaDestination destination, string generation, List<string>? superseded = null)
        {
            var singles = new List<ReplicaFile>();
            var packs = new List<(long First, long Last, ReplicaFile File)>();
            foreach (ReplicaFile file in destination.List("generations/" + generation + "/segments/"))
            {
                if (ParseName(file.Name) is (long first, long last, bool compacted))
                {
                    if (compacted)
                    {
                        packs.Add((first, last, file));
                    }
                    else
                    {
                        singles.Add(file);
                    }
                }
            }

            var refs = new List<SegmentRef>();
            foreach (var (_, _, file) in packs)
            {
                using Stream stream = destination.OpenRead(file.Name);
                SegmentPack? pack = TryRead(stream, file.Name);
                if (pack != null)
                {
                    refs.AddRange(pack.Index);
                }
            }

            foreach (ReplicaFile file in singles)
            {
                long sequence = ParseName(file.Name)!.Value.First;
                if (packs.Exists(p => p.First <= sequence && sequence <= p.Last))
                {
                    superseded?.Add(file.Name);
                    continue;
                }

                refs.Add(new SegmentRef(file.Name, sequence, 0, file.Length, null));
            }

            refs.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
            return refs;
        }

        /// <summary>The header of a segment wherever it is; null when unreadable.</summary>
        public static SegmentHeader? ReadHeader(IReplicaDestination destination, SegmentRef segment)
        {
            using Stream stream = destination.OpenRead(segment.File);
            stream.Seek(segment.Offset, SeekOrigin.Begin);
            return SegmentHeader.TryRead(stream);
        }
    }

    /// <summary>generation.meta: the snapshot a generation starts from and the WAL position it covers; written last, when the generation is restorable.</summary>
    internal sealed class GenerationManifest
    {
        public const string SnapshotFile = "snapshot.db.gz";
        private const string FormatKey = "omnisqlite-generation";

        public string Id { get; set; } = "";
        public string Database { get; set; } = "";
        public string SourcePath { get; set; } = "";
        public string Reason { get; set; } = "";
        public DateTime SnapshotUtc { get; set; }
        public DateTime ValidFromUtc { get; set; }
        public int PageSize { get; set; }
        public long SnapshotPages { get; set; }
        public long SnapshotBytes { get; set; }
        public string SnapshotSha256 { get; set; } = "";
        public WalPosition Start { get; set; }

        public static string Name(string generation) => "generations/" + generation + "/generation.meta";

        public static string SnapshotName(string generation) => "generations/" + generation + "/" + SnapshotFile;

        public byte[] ToBytes() => Encoding.UTF8.GetBytes(ReplicaText.Write(new[]
        {
            new KeyValuePair<string, string>(FormatKey, "1"),
            new KeyValuePair<string, string>("id", Id),
            new KeyValuePair<string, string>("database", Database),
            new KeyValuePair<string, string>("source", SourcePath),
            new KeyValuePair<string, string>("reason", Reason),
            new KeyValuePair<string, string>("snapshot_utc", ReplicaText.Time(SnapshotUtc)),
            new KeyValuePair<string, string>("valid_from_utc", ReplicaText.Time(ValidFromUtc)),
            new KeyValuePair<string, string>("page_size", ReplicaText.Number(PageSize)),
            new KeyValuePair<string, string>("snapshot_pages", ReplicaText.Number(SnapshotPages)),
            new KeyValuePair<string, string>("snapshot_bytes", ReplicaText.Number(SnapshotBytes)),
            new KeyValuePair<string, string>("snapshot_sha256", SnapshotSha256),
            new KeyValuePair<string, string>("wal", Start.HasWal ? "yes" : "no"),
            new KeyValuePair<string, string>("wal_checksum_order", Start.BigEndian ? "big" : "little"),
            new KeyValuePair<string, string>("wal_page_size", ReplicaText.Number(Start.PageSize)),
            new KeyValuePair<string, string>("wal_salt1", ReplicaText.Number(Start.Salt1)),
            new KeyValuePair<string, string>("wal_salt2", ReplicaText.Number(Start.Salt2)),
            new KeyValuePair<string, string>("wal_frame", ReplicaText.Number(Start.Frame)),
            new KeyValuePair<string, string>("wal_chain", Start.Chain.ToString()),
        }));

        public static GenerationManifest? TryRead(IReplicaDestination destination, string generation)
        {
            try
            {
                using Stream stream = destination.OpenRead(Name(generation));
                using var reader = new StreamReader(stream, Encoding.UTF8);
                Dictionary<string, string> v = ReplicaText.Parse(reader.ReadToEnd());
                if (!v.TryGetValue(FormatKey, out string? version) || version != "1")
                {
                    return null;
                }

                return new GenerationManifest
                {
                    Id = v["id"],
                    Database = v["database"],
                    SourcePath = v["source"],
                    Reason = v["reason"],
                    SnapshotUtc = ReplicaText.ParseTime(v["snapshot_utc"]),
                    ValidFromUtc = ReplicaText.ParseTime(v["valid_from_utc"]),
                    PageSize = (int)ReplicaText.ParseNumber(v["page_size"]),
                    SnapshotPages = ReplicaText.ParseNumber(v["snapshot_pages"]),
                    SnapshotBytes = ReplicaText.ParseNumber(v["snapshot_bytes"]),
                    SnapshotSha256 = v["snapshot_sha256"],
                    Start = new WalPosition(v["wal"] == "yes", v["wal_checksum_order"] == "big", (int)ReplicaText.ParseNumber(v["wal_page_size"]),
                        (uint)ReplicaText.ParseNumber(v["wal_salt1"]), (uint)ReplicaText.ParseNumber(v["wal_salt2"]), ReplicaText.ParseNumber(v["wal_frame"]), WalChecksum.Parse(v["wal_chain"])),
                };
            }
            catch (FileNotFoundException)
            {
                return null;
            }
            catch (Exception ex) when (ex is IOException || ex is KeyNotFoundException || ex is FormatException || ex is OverflowException || ex is ArgumentException)
            {
                return null;
            }
        }
    }

    /// <summary>One generation of a replica: a snapshot and the WAL segments shipped after it.</summary>
    public sealed class ReplicaGeneration
    {
        internal ReplicaGeneration(string id, GenerationManifest? manifest, int segments, long segmentBytes, DateTime? lastShippedUtc, int compactedSegments, int compactedFiles)
        {
            CompactedSegments = compactedSegments;
            CompactedFiles = compactedFiles;
            Id = id;
            IsComplete = manifest != null;
            Database = manifest?.Database ?? "";
            Reason = manifest?.Reason ?? "";
            SnapshotUtc = manifest?.SnapshotUtc;
            ValidFromUtc = manifest?.ValidFromUtc;
            SnapshotBytes = manifest?.SnapshotBytes ?? 0;
            Segments = segments;
            SegmentBytes = segmentBytes;
            LastShippedUtc = lastShippedUtc ?? manifest?.ValidFromUtc;
        }

        /// <summary>The generation's folder name: its start time and a random tag, so names sort by age.</summary>
        public string Id { get; }

        /// <summary>False while the generation is being started (or when a replicator died starting it): it is not restorable.</summary>
        public bool IsComplete { get; }

        public string Database { get; }

        /// <summary>Why the generation was started (first run, snapshot interval, WAL continuity lost, ...).</summary>
        public string Reason { get; }

        /// <summary>When its snapshot was taken.</summary>
        public DateTime? SnapshotUtc { get; }

        /// <summary>The earliest time a restore can use this generation for.</summary>
        public DateTime? ValidFromUtc { get; }

        /// <summary>When its newest segment was shipped (the latest time it restores to).</summary>
        public DateTime? LastShippedUtc { get; }

        public long SnapshotBytes { get; }

        /// <summary>Segments (one per ship that had commits), wherever they are stored.</summary>
        public int Segments { get; }

        /// <summary>Bytes of the segment files, compacted ones included.</summary>
        public long SegmentBytes { get; }

        /// <summary>How many of <see cref="Segments"/> were merged into compacted files.</summary>
        public int CompactedSegments { get; }

        /// <summary>Compacted files (each holding a run of segments).</summary>
        public int CompactedFiles { get; }
    }

    /// <summary>What a restore from a replica did, and what it could not restore.</summary>
    public sealed class ReplicaRestoreResult
    {
        internal ReplicaRestoreResult(string targetPath, string generation, DateTime? restoredToUtc, int segmentsApplied, long framesApplied, long pages, TimeSpan duration,
            string? replacedCopyPath, string? damage, int segmentsLost, DateTime? lostUntilUtc)
        {
            TargetPath = targetPath;
            Generation = generation;
            RestoredToUtc = restoredToUtc;
            SegmentsApplied = segmentsApplied;
            FramesApplied = framesApplied;
            Pages = pages;
            Duration = duration;
            ReplacedCopyPath = replacedCopyPath;
            Damage = damage;
            SegmentsLost = segmentsLost;
            LostUntilUtc = lostUntilUtc;
        }

        public string TargetPath { get; }

        /// <summary>The generation restored from.</summary>
        public string Generation { get; }

        /// <summary>The ship time of the last segment applied (the database holds every commit shipped by then); the snapshot's when none was.</summary>
        public DateTime? RestoredToUtc { get; }

        public int SegmentsApplied { get; }
        public long FramesApplied { get; }
        public long Pages { get; }
        public TimeSpan Duration { get; }
        public string? ReplacedCopyPath { get; }

        /// <summary>What was damaged (a segment failing its checksum, cut short, or missing), or null when the replay was whole.</summary>
        public string? Damage { get; }

        /// <summary>Segments that should have been applied but were not because of <see cref="Damage"/> (the one damaged included).</summary>
        public int SegmentsLost { get; }

        /// <summary>With <see cref="Damage"/>: the ship time of the last segment that could not be applied (commits up to then are lost).</summary>
        public DateTime? LostUntilUtc { get; }

        /// <summary>True when everything asked for was restored.</summary>
        public bool IsComplete => Damage is null;
    }

    /// <summary>The outcome of one <see cref="SqliteReplicator.Ship(System.Threading.CancellationToken)"/>.</summary>
    public sealed class ReplicaShipResult
    {
        internal ReplicaShipResult(string generation, string? newGenerationReason, long frames, long bytes, bool checkpointed)
        {
            Generation = generation;
            NewGenerationReason = newGenerationReason;
            Frames = frames;
            Bytes = bytes;
            Checkpointed = checkpointed;
        }

        /// <summary>The generation shipped to.</summary>
        public string Generation { get; }

        /// <summary>Set when this call started a new generation (with a snapshot): why.</summary>
        public string? NewGenerationReason { get; }

        /// <summary>WAL frames shipped (0 when nothing was committed since the last call).</summary>
        public long Frames { get; }

        /// <summary>Bytes written to segments.</summary>
        public long Bytes { get; }

        /// <summary>Whether the replicator checkpointed the WAL after shipping.</summary>
        public bool Checkpointed { get; }
    }
}
