using System;
using System.Collections.Generic;
using System.IO;

namespace OmniSqlite
{
    /// <summary>
    /// SQLite's wal-index (the <c>-shm</c> file, https://www.sqlite.org/walformat.html#the_wal_index_file_format), read so a ship
    /// learns which frames are committed and which page each holds without reading every WAL frame. Layout (native byte order
    /// except the salts, which SQLite copies as raw bytes from the WAL header): two identical copies of the 48-byte
    /// <c>WalIndexHdr</c> (iVersion, unused, iChange, isInit, bigEndCksum, szPage (u16; 1 means 65536), mxFrame, nPage,
    /// aFrameCksum[2], aSalt[2], aCksum[2]: the checksum of the first 40 bytes), then the 40-byte <c>WalCkptInfo</c>; then
    /// blocks of 32 KB: the first holds the page numbers (<c>aPgno</c>, u32) of frames 1 to 4062 at offset 136, each later one
    /// those of 4096 more frames at its start, each followed by the hash slots.
    /// </summary>
    internal sealed class WalIndexHeader
    {
        public const int Size = 48;
        public const int HeaderAreaSize = 136;
        public const int BlockSize = 32768;
        public const int FirstBlockFrames = 4062;
        public const int BlockFrames = 4096;
        private const uint Version = 3007000;

        private WalIndexHeader(bool bigEndian, int pageSize, uint maxFrame, WalChecksum frameChecksum, uint salt1, uint salt2)
        {
            BigEndianChecksums = bigEndian;
            PageSize = pageSize;
            MaxFrame = maxFrame;
            FrameChecksum = frameChecksum;
            Salt1 = salt1;
            Salt2 = salt2;
        }

        public bool BigEndianChecksums { get; }
        public int PageSize { get; }

        /// <summary>The last frame of the last committed transaction (0: the WAL holds none).</summary>
        public uint MaxFrame { get; }

        /// <summary>The WAL's cumulative checksum after frame <see cref="MaxFrame"/>.</summary>
        public WalChecksum FrameChecksum { get; }
        public uint Salt1 { get; }
        public uint Salt2 { get; }

        /// <summary>
        /// Reads the header; null with <paramref name="why"/> when the two copies keep differing (a writer mid-update, tried a few
        /// times), or the header is not initialised, of another version, or fails its checksum.
        /// </summary>
        public static WalIndexHeader? Read(FileStream shm, out string? why)
        {
            var bytes = new byte[2 * Size];
            for (int attempt = 0; attempt < 5; attempt++)
            {
                shm.Seek(0, SeekOrigin.Begin);
                if (WalHeader.ReadFully(shm, bytes, 0, bytes.Length) != bytes.Length)
                {
                    why = "the wal-index is shorter than its header";
                    return null;
                }

                if (!CopiesEqual(bytes))
                {
                    System.Threading.Thread.Yield();
                    continue;
                }

                return Parse(bytes, out why);
            }

            why = "the two copies of the wal-index header differ";
            return null;
        }

        private static WalIndexHeader? Parse(byte[] bytes, out string? why)
        {
            if (Native(bytes, 0) != Version)
            {
                why = $"the wal-index is of version {Native(bytes, 0)}, not {Version}";
                return null;
            }

            if (bytes[12] != 1)
            {
                why = "the wal-index header is not initialised";
                return null;
            }

            // aCksum: SQLite's WAL checksum in native byte order over the 40 bytes before it.
            WalChecksum sum = WalHeader.Compute(!BitConverter.IsLittleEndian, default, bytes, 0, 40);
            if (sum.S0 != Native(bytes, 40) || sum.S1 != Native(bytes, 44))
            {
                why = "the wal-index header fails its checksum";
                return null;
            }

            int pageSize = BitConverter.ToUInt16(bytes, 14);
            pageSize = pageSize == 1 ? 65536 : pageSize;
            why = null;
            // iChange (8) and nPage (20) are not needed: the database size comes from the last frame's commit field.
            return new WalIndexHeader(bytes[13] != 0, pageSize, Native(bytes, 16),
                new WalChecksum(Native(bytes, 24), Native(bytes, 28)), WalHeader.ReadUInt32(bytes, 32), WalHeader.ReadUInt32(bytes, 36));
        }

        /// <summary>
        /// Reads the page numbers of frames <paramref name="first"/> to <paramref name="last"/> (1-based, inclusive) into
        /// <paramref name="lastFrames"/>: for each page the index (0-based from <paramref name="first"/>) of its last frame.
        /// False when the file is too short or a page number is 0 (not a frame SQLite indexed).
        /// </summary>
        public static bool ReadPageNumbers(FileStream shm, long first, long last, Dictionary<uint, long> lastFrames)
        {
            var buffer = new byte[BlockFrames * 4];
            long frame = first;
            while (frame <= last)
            {
                // The block holding the frame, the first frame it indexes and where its aPgno starts in the file.
                long block = frame <= FirstBlockFrames ? 0 : 1 + ((frame - FirstBlockFrames - 1) / BlockFrames);
                long blockFirst = block == 0 ? 1 : FirstBlockFrames + 1 + ((block - 1) * BlockFrames);
                long blockLast = blockFirst + (block == 0 ? FirstBlockFrames : BlockFrames) - 1;
                long offset = (block * BlockSize) + (block == 0 ? HeaderAreaSize : 0) + ((frame - blockFirst) * 4);
                int count = (int)(Math.Min(last, blockLast) - frame + 1);
                shm.Seek(offset, SeekOrigin.Begin);
                if (WalHeader.ReadFully(shm, buffer, 0, count * 4) != count * 4)
                {
                    return false;
                }

                for (int i = 0; i < count; i++)
                {
                    uint page = Native(buffer, i * 4);
                    if (page == 0)
                    {
                        return false;
                    }

                    lastFrames[page] = frame + i - first;
                }

                frame += count;
            }

            return true;
        }

        private static bool CopiesEqual(byte[] bytes)
        {
            for (int i = 0; i < Size; i++)
            {
                if (bytes[i] != bytes[Size + i])
                {
                    return false;
                }
            }

            return true;
        }

        private static uint Native(byte[] bytes, int offset) => BitConverter.ToUInt32(bytes, offset);
    }
}
