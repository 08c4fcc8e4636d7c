using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace OmniSqlite
{
    /// <summary>
    /// Segment format 3: the last committed image of each page in the WAL frames a segment covers. The payload is one record per
    /// distinct page, sorted by page number (8-byte record header: the page number big-endian and 4 zero bytes; then the page),
    /// followed by an 8-byte checksum (two big-endian 32-bit words). The checksum is SQLite's WAL checksum function (read as
    /// little-endian words), seeded with zero, run over the segment's header bytes (zero-padded to a multiple of 8) and then
    /// every record: a flipped bit anywhere in the header or the payload is found, and the header's generation, sequence, frame
    /// range, chain, database size and page size are covered with the pages. It is checked before any page is applied.
    /// </summary>
    /// <remarks>
    /// Why: a tight-loop writer rewrites the same few pages thousands of times a second, so shipping every frame copied 65 to 85
    /// MB a second a second time (read, checksum, write, fsync); the last image of each page is what a restore (or a checkpoint)
    /// ends up with anyway. A restore reaches the same points in time (segment granularity, as before); what changes is that a
    /// damaged segment is lost whole instead of up to its damage.
    /// </remarks>
    internal static class PageSegment
    {
        public const int RecordHeaderSize = 8;
        public const int TrailerSize = 8;

        /// <summary>The payload's length for <paramref name="pages"/> records.</summary>
        public static long PayloadLength(long pages, int pageSize) => (pages * (RecordHeaderSize + (long)pageSize)) + TrailerSize;

        /// <summary>The checksum's value after the header's bytes (the seed for the first record).</summary>
        public static WalChecksum Seed(byte[] headerBytes)
        {
            int padded = (headerBytes.Length + 7) & ~7;
            var bytes = new byte[padded];
            Buffer.BlockCopy(headerBytes, 0, bytes, 0, headerBytes.Length);
            return WalHeader.Compute(false, default, bytes, 0, padded);
        }

        /// <summary>The (page number, frame index) pairs of <paramref name="lastFrames"/>, sorted by page number.</summary>
        public static KeyValuePair<uint, long>[] Sorted(Dictionary<uint, long> lastFrames)
        {
            KeyValuePair<uint, long>[] pages = lastFrames.ToArray();
            Array.Sort(pages, (a, b) => a.Key.CompareTo(b.Key));
            return pages;
        }

        /// <summary>
        /// Checks a format-3 payload at the stream's position (<paramref name="available"/> bytes of it can be read): its length, the
        /// page numbers (ascending, from 1) and the checksum. Returns null when it is whole, else what is wrong.
        /// </summary>
        public static string? Verify(Stream stream, SegmentHeader header, long available)
        {
            long expected = PayloadLength(header.Pages, header.PageSize);
            if (header.PayloadBytes != expected)
            {
                return $"its header does not add up ({header.Pages} pages of {header.PageSize} bytes are {expected} bytes, not {header.PayloadBytes})";
            }

            if (available < header.PayloadBytes)
            {
                return $"it is cut short ({Math.Max(0, available)} of {header.PayloadBytes} bytes)";
            }

            WalChecksum sum = Seed(header.RawBytes);
            var record = new byte[RecordHeaderSize + header.PageSize];
            uint previous = 0;
            for (long i = 0; i < header.Pages; i++)
            {
                if (WalHeader.ReadFully(stream, record, 0, record.Length) != record.Length)
                {
                    return $"it is cut short (page record {i + 1} of {header.Pages})";
                }

                uint page = WalHeader.ReadUInt32(record, 0);
                if (page <= previous)
                {
                    // Reported as what it almost surely is (a checksum over it would fail too), without reading on.
                    return $"it fails its checksum (page record {i + 1} names page {page} after page {previous})";
                }

                previous = page;
                sum = WalHeader.Compute(false, sum, record, 0, record.Length);
            }

            var trailer = new byte[TrailerSize];
            if (WalHeader.ReadFully(stream, trailer, 0, TrailerSize) != TrailerSize)
            {
                return "it is cut short (its checksum is missing)";
            }

            var stored = new WalChecksum(WalHeader.ReadUInt32(trailer, 0), WalHeader.ReadUInt32(trailer, 4));
            return stored.Equals(sum) ? null : $"it fails its checksum (stored {stored}, computed {sum})";
        }

        /// <summary>Writes the page records of a verified payload at the stream's position into the database file.</summary>
        public static void Apply(FileStream database, Stream stream, SegmentHeader header)
        {
            var record = new byte[RecordHeaderSize + header.PageSize];
            for (long i = 0; i < header.Pages; i++)
            {
                if (WalHeader.ReadFully(stream, record, 0, record.Length) != record.Length)
                {
                    throw new EndOfStreamException("A segment ended inside page records that were verified a moment before.");
                }

                long page = WalHeader.ReadUInt32(record, 0);
                database.Seek((page - 1) * header.PageSize, SeekOrigin.Begin);
                database.Write(record, RecordHeaderSize, header.PageSize);
            }
        }

        /// <summary>
        /// The payload of a format-3 segment, read from the WAL: for each page (sorted) its last frame's page image at
        /// <c>start + index * frameSize + 24</c>, then the checksum. Reads the WAL's pages once, as they are streamed out.
        /// </summary>
        public sealed class PayloadStream : Stream
        {
            private readonly Stream _wal;
            private readonly string _walPath;
            private readonly long _start;
            private readonly int _pageSize;
            private readonly KeyValuePair<uint, long>[] _pages;
            private readonly byte[] _record;
            private WalChecksum _sum;
            private int _next;
            private int _recordLength;
            private int _recordRead;
            private bool _trailerDone;

            public PayloadStream(Stream wal, string walPath, long start, int pageSize, KeyValuePair<uint, long>[] pages, byte[] headerBytes)
            {
                _wal = wal;
                _walPath = walPath;
                _start = start;
                _pageSize = pageSize;
                _pages = pages;
                _record = new byte[RecordHeaderSize + pageSize];
                _sum = Seed(headerBytes);
            }

            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => PayloadLength(_pages.Length, _pageSize);

            public override long Position
            {
                get => throw new NotSupportedException();
                set => throw new NotSupportedException();
            }

            public override int Read(byte[] buffer, int offset, int count)
            {
                if (_recordRead == _recordLength && !Fill())
                {
                    return 0;
                }

                int n = Math.Min(count, _recordLength - _recordRead);
                Buffer.BlockCopy(_record, _recordRead, buffer, offset, n);
                _recordRead += n;
                return n;
            }

            private bool Fill()
            {
                _recordRead = 0;
                if (_next < _pages.Length)
                {
                    KeyValuePair<uint, long> page = _pages[_next++];
                    _wal.Seek(_start + (page.Value * (WalHeader.FrameHeaderSize + (long)_pageSize)) + WalHeader.FrameHeaderSize, SeekOrigin.Begin);
                    if (WalHeader.ReadFully(_wal, _record, RecordHeaderSize, _pageSize) != _pageSize)
                    {
                        throw new EndOfStreamException($"The WAL '{_walPath}' ended inside frames that were just read.");
                    }

                    WriteUInt32(_record, 0, page.Key);
                    WriteUInt32(_record, 4, 0);
                    _recordLength = _record.Length;
                    _sum = WalHeader.Compute(false, _sum, _record, 0, _recordLength);
                    return true;
                }

                if (_trailerDone)
                {
                    _recordLength = 0;
                    return false;
                }

                _trailerDone = true;
                WriteUInt32(_record, 0, _sum.S0);
                WriteUInt32(_record, 4, _sum.S1);
                _recordLength = TrailerSize;
                return true;
            }

            private static void WriteUInt32(byte[] bytes, int offset, uint value)
            {
                bytes[offset] = (byte)(value >> 24);
                bytes[offset + 1] = (byte)(value >> 16);
                bytes[offset + 2] = (byte)(value >> 8);
                bytes[offset + 3] = (byte)value;
            }

            public override void Flush()
            {
            }

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();

            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        }
    }
}
