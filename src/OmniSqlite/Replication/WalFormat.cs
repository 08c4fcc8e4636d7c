using System;
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

        public static FileStream OpenShared(string path) =>
            new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);

        /// <summary>SQLite's checksum: for each pair of 32-bit words x0,x1: s0 += x0 + s1; s1 += x1 + s0 (length a multiple of 8).</summary>
        public static WalChecksum Compute(bool bigEndian, WalChecksum seed, byte[] data, int offset, int length)
        {
            uint s0 = seed.S0;
            uint s1 = seed.S1;
            int end = offset + length;
            unchecked
            {
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
    /// Frames read from a WAL (or a segment) that continue a checksum chain: only whole transactions, that is up to
    /// the last commit frame (a frame whose header gives the database size after the commit).
    /// </summary>
    internal sealed class WalFrames
    {
        public WalFrames(byte[] data, int dataLength, int frameCount, WalChecksum endChecksum, uint databasePages, int validFrames, string? stopReason)
        {
            Data = data;
            DataLength = dataLength;
            FrameCount = frameCount;
            EndChecksum = endChecksum;
            DatabasePages = databasePages;
            ValidFrames = validFrames;
            StopReason = stopReason;
        }

        /// <summary>The frames as stored in the WAL (24-byte header + page each): the first <see cref="DataLength"/> bytes, through the last commit frame.</summary>
        public byte[] Data { get; }

        /// <summary>How many bytes of <see cref="Data"/> are whole transactions.</summary>
        public int DataLength { get; }

        /// <summary>Frames in <see cref="Data"/> (whole transactions only).</summary>
        public int FrameCount { get; }

        /// <summary>The cumulative checksum after the last frame in <see cref="Data"/>.</summary>
        public WalChecksum EndChecksum { get; }

        /// <summary>The database size in pages after the last commit in <see cref="Data"/> (0 when there is none).</summary>
        public uint DatabasePages { get; }

        /// <summary>Frames whose chain verified, including those of an unfinished transaction after the last commit.</summary>
        public int ValidFrames { get; }

        /// <summary>Why reading stopped before the end of the input, when the input was expected to be whole (segments); null at a clean end.</summary>
        public string? StopReason { get; }

        /// <summary>
        /// Reads frames from <paramref name="stream"/> (seekable, positioned at a frame) that carry <paramref name="salt1"/>/<paramref name="salt2"/>
        /// and continue the chain from <paramref name="seed"/>; stops at the first frame that does not (a frame being written, a
        /// stale frame of an earlier WAL, damage), and keeps only whole transactions. The frames are read into one buffer and
        /// checked in place (a ship copies as little as it can: the WAL may grow by tens of megabytes a second).
        /// </summary>
        public static WalFrames Read(Stream stream, bool bigEndian, int pageSize, uint salt1, uint salt2, WalChecksum seed, bool keepData = true)
        {
            int frameSize = WalHeader.FrameHeaderSize + pageSize;
            long remaining = Math.Max(0, stream.Length - stream.Position);
            long wholeFrames = remaining / frameSize;
            byte[] data = keepData ? new byte[checked((int)(wholeFrames * frameSize))] : new byte[frameSize];
            WalChecksum chain = seed;
            WalChecksum committedChain = seed;
            uint committedPages = 0;
            int committedFrames = 0;
            int valid = 0;
            string? stop = null;
            for (long i = 0; i < wholeFrames; i++)
            {
                int offset = keepData ? (int)(i * frameSize) : 0;
                int read = WalHeader.ReadFully(stream, data, offset, frameSize);
                if (read < frameSize)
                {
                    stop = $"frame {valid + 1} is cut short ({read} of {frameSize} bytes)";
                    break;
                }

                if (WalHeader.ReadUInt32(data, offset + 8) != salt1 || WalHeader.ReadUInt32(data, offset + 12) != salt2)
                {
                    stop = $"frame {valid + 1} carries other salts (not of this WAL)";
                    break;
                }

                WalChecksum next = WalHeader.Compute(bigEndian, chain, data, offset, 8);
                next = WalHeader.Compute(bigEndian, next, data, offset + WalHeader.FrameHeaderSize, pageSize);
                if (next.S0 != WalHeader.ReadUInt32(data, offset + 16) || next.S1 != WalHeader.ReadUInt32(data, offset + 20))
                {
                    stop = $"frame {valid + 1} fails its checksum";
                    break;
                }

                chain = next;
                valid++;
                uint commitPages = WalHeader.ReadUInt32(data, offset + 4);
                if (commitPages != 0)
                {
                    committedFrames = valid;
                    committedChain = chain;
                    committedPages = commitPages;
                }
            }

            if (stop is null && valid == wholeFrames && remaining % frameSize != 0)
            {
                stop = $"frame {valid + 1} is cut short ({remaining % frameSize} of {frameSize} bytes)";
            }

            return new WalFrames(data, keepData ? committedFrames * frameSize : 0, committedFrames, committedChain, committedPages, valid, stop);
        }
    }
}
