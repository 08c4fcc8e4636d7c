using System;
using System.Collections.Generic;
using System.IO;

namespace OmniSqlite
{
    /// <summary>The cumulative WAL checksum (two 32-bit words) as SQLite chains it from the header through every frame.</summary>
    internal readonly struct WalChecksum : IEquatable<WalChecksum>
    {
        public WalChecksum(uint s0, uint s1)
        {
            S0 = s0;
            S1 = s1;
        }

        public uint S0 { get; }
        public uint S1 { get; }

        public bool Equals(WalChecksum other) => S0 == other.S0 && S1 == other.S1;

        public override bool Equals(object? obj) => obj is WalChecksum other && Equals(other);

        public override int GetHashCode() => unchecked((int)(S0 * 31 + S1));

        public override string ToString() => S0.ToString("x8", System.Globalization.CultureInfo.InvariantCulture) + S1.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);

        public static WalChecksum Parse(string text) => new(
            uint.Parse(text.Substring(0, 8), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture),
            uint.Parse(text.Substring(8, 8), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The 32-byte WAL header (https://www.sqlite.org/fileformat2.html#walformat); all fields big-endian.</summary>
    internal sealed class WalHeader
    {
        public const int Size = 32;
        public const int FrameHeaderSize = 24;
        private const uint MagicLittleEndian = 0x377f0682;
        private const uint MagicBigEndian = 0x377f0683;
        private const uint FormatVersion = 3007000;

        private WalHeader(bool bigEndianChecksums, int pageSize, uint checkpointSequence, uint salt1, uint salt2, WalChecksum checksum)
        {
            BigEndianChecksums = bigEndianChecksums;
            PageSize = pageSize;
            CheckpointSequence = checkpointSequence;
            Salt1 = salt1;
            Salt2 = salt2;
            Checksum = checksum;
        }

        /// <summary>Magic 0x377f0683: the checksums read the data as big-endian words; 0x377f0682: little-endian.</summary>
        public bool BigEndianChecksums { get; }
        public int PageSize { get; }
        public uint CheckpointSequence { get; }
        public uint Salt1 { get; }
        public uint Salt2 { get; }

        /// <summary>The header's own checksum, which also seeds the chain of the first frame.</summary>
        public WalChecksum Checksum { get; }

        public int FrameSize => FrameHeaderSize + PageSize;

        /// <summary>Parses and checks a header (magic, version, page size, its checksum); null when the bytes are not a valid one.</summary>
        public static WalHeader? TryParse(byte[] bytes)
        {
            if (bytes.Length < Size)
            {
                return null;
            }

            uint magic = ReadUInt32(bytes, 0);
            if (magic != MagicLittleEndian && magic != MagicBigEndian)
            {
                return null;
            }

            bool bigEndian = magic == MagicBigEndian;
            if (ReadUInt32(bytes, 4) != FormatVersion)
            {
                return null;
            }

            uint pageSize = ReadUInt32(bytes, 8);
            if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) != 0)
            {
                return null;
            }

            WalChecksum sum = Compute(bigEndian, default, bytes, 0, 24);
            var stored = new WalChecksum(ReadUInt32(bytes, 24), ReadUInt32(bytes, 28));
            if (!sum.Equals(stored))
            {
                return null;
            }

            return new WalHeader(bigEndian, (int)pageSize, ReadUInt32(bytes, 12), ReadUInt32(bytes, 16), ReadUInt32(bytes, 20), stored);
        }

        /// <summary>Reads the header of a WAL file; null when the file is missing, empty or does not start with a valid header.</summary>
        public static WalHeader? Read(string walPath)
        {
            try
            {
                using var stream = OpenShared(walPath);
                var bytes = new byte[Size];
                return ReadFully(stream, bytes, 0, Size) == Size ? TryParse(bytes) : null;
            }
            catch (FileNotFoundException)
            {
                return null;
            }
        }

        public static FileStream OpenShared(string path, int bufferSize = 1 << 16) =>
            new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize);

        /// <summary>SQLite's checksum: for each pair of 32-bit words x0,x1: s0 += x0 + s1; s1 += x1 + s0 (length a multiple of 8).</summary>
        public static WalChecksum Compute(bool bigEndian, WalChecksum seed, byte[] data, int offset, int length)
        {
            uint s0 = seed.S0;
            uint s1 = seed.S1;
            unchecked
            {
#if NET
                // Words read in place (a ship checks every byte of the WAL it copies: tens of megabytes a second under a busy writer).
                ReadOnlySpan<uint> words = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(new ReadOnlySpan<byte>(data, offset, length));
                if (bigEndian == BitConverter.IsLittleEndian)
                {
                    for (int i = 0; i + 1 < words.Length; i += 2)
                    {
                        s0 += System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(words[i]) + s1;
                        s1 += System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(words[i + 1]) + s0;
                    }
                }
                else
                {
                    for (int i = 0; i + 1 < words.Length; i += 2)
                    {
                        s0 += words[i] + s1;
                        s1 += words[i + 1] + s0;
                    }
                }
#else
                int end = offset + length;
                if (bigEndian)
                {
                    for (int i = offset; i < end; i += 8)
                    {
                        s0 += ReadUInt32(data, i) + s1;
                        s1 += ReadUInt32(data, i + 4) + s0;
                    }
                }
                else
                {
                    for (int i = offset; i < end; i += 8)
                    {
                        s0 += (uint)(data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24)) + s1;
                        s1 += (uint)(data[i + 4] | (data[i + 5] << 8) | (data[i + 6] << 16) | (data[i + 7] << 24)) + s0;
                    }
                }
#endif
            }

            return new WalChecksum(s0, s1);
        }

        public static uint ReadUInt32(byte[] bytes, int offset) =>
            (uint)((bytes[offset] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3]);

        public static int ReadFully(Stream stream, byte[] buffer, int offset, int count)
        {
            int total = 0;
            while (total < count)
            {
                int read = stream.Read(buffer, offset + total, count - total);
                if (read == 0)
                {
                    break;
                }

                total += read;
            }

            return total;
        }
    }

    /// <summary>
    /// The frames of a WAL (or a segment) that continue a checksum chain, counted by <see cref="Scan"/>: only whole
    /// transactions, that is up to the last commit frame (a frame whose header gives the database size after the commit).
    /// Nothing is kept in memory: the caller copies the bytes it needs from the stream afterwards (a ship streams them into
    /// the segment, a restore into the database), so a ship of a gigabyte of WAL needs no gigabyte of memory.
    /// </summary>
    internal sealed class WalFrames
    {
        // Frames read per call to the stream (about 1 MB of 4 KB pages).
        private const int FramesPerRead = 256;

        private WalFrames(long frameCount, WalChecksum endChecksum, uint databasePages, long validFrames, string? stopReason, int frameSize)
        {
            FrameCount = frameCount;
            EndChecksum = endChecksum;
            DatabasePages = databasePages;
            ValidFrames = validFrames;
            StopReason = stopReason;
            DataLength = frameCount * frameSize;
        }

        /// <summary>Whole transactions found through the wal-index instead of a scan (<see cref="WalIndexHeader"/>): all of them valid, none after them.</summary>
        public static WalFrames Committed(long frameCount, WalChecksum endChecksum, uint databasePages, int pageSize) =>
            new(frameCount, endChecksum, databasePages, frameCount, null, WalHeader.FrameHeaderSize + pageSize);

        /// <summary>How many bytes from the scan's start are whole transactions.</summary>
        public long DataLength { get; }

        /// <summary>Frames in whole transactions.</summary>
        public long FrameCount { get; }

        /// <summary>The cumulative checksum after the last frame of a whole transaction.</summary>
        public WalChecksum EndChecksum { get; }

        /// <summary>The database size in pages after the last commit (0 when there is none).</summary>
        public uint DatabasePages { get; }

        /// <summary>Frames whose chain verified, including those of an unfinished transaction after the last commit.</summary>
        public long ValidFrames { get; }

        /// <summary>Why reading stopped before the end of the input, when the input was expected to be whole (segments); null at a clean end.</summary>
        public string? StopReason { get; }

        /// <summary>
        /// Reads frames from <paramref name="stream"/> (positioned at a frame) that carry <paramref name="salt1"/>/<paramref name="salt2"/>
        /// and continue the chain from <paramref name="seed"/>, up to <paramref name="length"/> bytes (or the end of a seekable stream);
        /// stops at the first frame that does not (a frame being written, a stale frame of an earlier WAL, damage).
        /// With <paramref name="lastFrames"/>, also records for each page number the index (0-based, from the scan's start) of its
        /// last frame within whole transactions: the frames of a transaction are kept aside and folded in at its commit frame, so
        /// an unfinished transaction after the last commit leaves no trace. Memory: one entry per distinct page, not per frame.
        /// </summary>
        public static WalFrames Scan(Stream stream, bool bigEndian, int pageSize, uint salt1, uint salt2, WalChecksum seed, long? length = null,
            Dictionary<uint, long>? lastFrames = null)
        {
            Dictionary<uint, long>? uncommitted = lastFrames is null ? null : new Dictionary<uint, long>();
            int frameSize = WalHeader.FrameHeaderSize + pageSize;
            long remaining = length ?? Math.Max(0, stream.Length - stream.Position);
            long wholeFrames = remaining / frameSize;
            var buffer = new byte[(int)Math.Min(FramesPerRead, Math.Max(1, wholeFrames)) * frameSize];
            WalChecksum chain = seed;
            WalChecksum committedChain = seed;
            uint committedPages = 0;
            long committedFrames = 0;
            long valid = 0;
            string? stop = null;
            while (stop is null && valid < wholeFrames)
            {
                int batch = (int)Math.Min(buffer.Length / frameSize, wholeFrames - valid);
                int read = WalHeader.ReadFully(stream, buffer, 0, batch * frameSize);
                for (int offset = 0; offset < batch * frameSize; offset += frameSize)
                {
                    if (read - offset < frameSize)
                    {
                        stop = $"frame {valid + 1} is cut short ({Math.Max(0, read - offset)} of {frameSize} bytes)";
                        break;
                    }

                    if (WalHeader.ReadUInt32(buffer, offset + 8) != salt1 || WalHeader.ReadUInt32(buffer, offset + 12) != salt2)
                    {
                        stop = $"frame {valid + 1} carries other salts (not of this WAL)";
                        break;
                    }

                    WalChecksum next = WalHeader.Compute(bigEndian, chain, buffer, offset, 8);
                    next = WalHeader.Compute(bigEndian, next, buffer, offset + WalHeader.FrameHeaderSize, pageSize);
                    if (next.S0 != WalHeader.ReadUInt32(buffer, offset + 16) || next.S1 != WalHeader.ReadUInt32(buffer, offset + 20))
                    {
                        stop = $"frame {valid + 1} fails its checksum";
                        break;
                    }

                    chain = next;
                    if (uncommitted != null)
                    {
                        uncommitted[WalHeader.ReadUInt32(buffer, offset)] = valid;
                    }

                    valid++;
                    uint commitPages = WalHeader.ReadUInt32(buffer, offset + 4);
                    if (commitPages != 0)
                    {
                        if (uncommitted != null)
                        {
                            foreach (KeyValuePair<uint, long> frame in uncommitted)
                            {
                                lastFrames![frame.Key] = frame.Value;
                            }

                            uncommitted.Clear();
                        }

                        committedFrames = valid;
                        committedChain = chain;
                        committedPages = commitPages;
                    }
                }
            }

            if (stop is null && valid == wholeFrames && remaining % frameSize != 0)
            {
                stop = $"frame {valid + 1} is cut short ({remaining % frameSize} of {frameSize} bytes)";
            }

            return new WalFrames(committedFrames, committedChain, committedPages, valid, stop, frameSize);
        }
    }

    /// <summary>A read-only stream of a few bytes, then <c>length</c> bytes of another stream from its current position (a segment's header and the WAL's frames).</summary>
    internal sealed class StreamSlice : Stream
    {
        private readonly Stream _inner;
        private readonly byte[] _prefix;
        private int _prefixRead;
        private long _remaining;

        public StreamSlice(Stream inner, long length, byte[]? prefix = null)
        {
            _inner = inner;
            _remaining = length;
            _prefix = prefix ?? Array.Empty<byte>();
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_prefixRead < _prefix.Length)
            {
                int n = Math.Min(count, _prefix.Length - _prefixRead);
                Buffer.BlockCopy(_prefix, _prefixRead, buffer, offset, n);
                _prefixRead += n;
                return n;
            }

            int read = _inner.Read(buffer, offset, (int)Math.Min(count, _remaining));
            if (read == 0 && _remaining > 0)
            {
                throw new EndOfStreamException($"The stream ended {_remaining} bytes early.");
            }

            _remaining -= read;
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
