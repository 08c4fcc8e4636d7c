using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Threading;
using Microsoft.Data.Sqlite;

namespace OmniSqlite
{
    /// <summary>Facts about a verified database copy.</summary>
    internal readonly struct CheckedDatabase
    {
        public CheckedDatabase(long bytes, long pages, int pageSize)
        {
            Bytes = bytes;
            Pages = pages;
            PageSize = pageSize;
        }

        public long Bytes { get; }
        public long Pages { get; }
        public int PageSize { get; }
    }

    /// <summary>Checks that a file is a complete, intact SQLite database, and moves backup files in and out of gzip.</summary>
    internal static class SqliteFileCheck
    {
        private const int CopyBufferSize = 1 << 20;
        private static readonly byte[] SqliteMagic = System.Text.Encoding.ASCII.GetBytes("SQLite format 3\0");

        /// <summary>Header checks (magic, page size, length against the in-header page count), then <c>PRAGMA integrity_check</c>.</summary>
        public static CheckedDatabase Check(string path, string reportedPath, bool integrityCheck = true)
        {
            long length = new FileInfo(path).Length;
            var header = new byte[100];
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
            {
                int read = ReadFully(stream, header);
                if (read < header.Length)
                {
                    throw new BackupVerificationException(reportedPath, $"it is not a SQLite database (only {length} bytes; a database has a 100-byte header).");
                }
            }

            if (!StartsWithMagic(header))
            {
                throw new BackupVerificationException(reportedPath, "it is not a SQLite database (the file does not start with \"SQLite format 3\").");
            }

            int pageSize = (header[16] << 8) | header[17];
            if (pageSize == 1)
            {
                pageSize = 65536;
            }

            if (pageSize < 512 || (pageSize & (pageSize - 1)) != 0)
            {
                throw new BackupVerificationException(reportedPath, $"its header is damaged (page size {pageSize}).");
            }

            if (length % pageSize != 0)
            {
                throw new BackupVerificationException(reportedPath, $"it is truncated or damaged ({length} bytes is not a whole number of {pageSize}-byte pages).");
            }

            long? expected = ExpectedLength(header);
            if (expected is long size && length < size)
            {
                throw new BackupVerificationException(reportedPath, $"it is truncated ({length} bytes, but its header says {size / pageSize} pages of {pageSize} bytes = {size} bytes).");
            }

            if (expected is long limit && length > limit)
            {
                throw new BackupVerificationException(reportedPath, TooLong(limit, pageSize));
            }

            long pages = length / pageSize;
            if (!integrityCheck)
            {
                return new CheckedDatabase(length, pages, pageSize);
            }

            try
            {
                var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = false };
                using (var connection = new SqliteConnection(builder.ToString()))
                {
                    connection.Open();
                    var problems = new List<string>();
                    using (var command = connection.CreateCommand())
                    {
                        command.CommandText = "PRAGMA integrity_check(20);";
                        using var reader = command.ExecuteReader();
                        while (reader.Read())
                        {
                            problems.Add(reader.GetString(0));
                        }
                    }

                    if (!(problems.Count == 1 && problems[0] == "ok"))
                    {
                        throw new BackupVerificationException(reportedPath, "PRAGMA integrity_check failed: " + string.Join("; ", problems));
                    }

                    using (var command = connection.CreateCommand())
                    {
                        command.CommandText = "PRAGMA page_count;";
                        pages = Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
                    }
                }
            }
            catch (SqliteException ex)
            {
                throw new BackupVerificationException(reportedPath, $"SQLite cannot read it ({ex.Message.TrimEnd('.')}).", ex);
            }
            finally
            {
                DurableFile.DeleteSqliteSideFiles(path);
            }

            return new CheckedDatabase(length, pages, pageSize);
        }

        /// <summary>
        /// The length the header promises (in-header page count × page size), or null when the header does not vouch
        /// for its page count (written by SQLite before 3.7.0: the change counter and "version valid for" differ) or the
        /// page size is not valid.
        /// </summary>
        private static long? ExpectedLength(byte[] header)
        {
            int pageSize = (header[16] << 8) | header[17];
            if (pageSize == 1)
            {
                pageSize = 65536;
            }

            long changeCounter = ReadUInt32(header, 24);
            long validFor = ReadUInt32(header, 92);
            long headerPages = ReadUInt32(header, 28);
            bool validPageSize = pageSize >= 512 && (pageSize & (pageSize - 1)) == 0;
            return validPageSize && changeCounter == validFor && headerPages > 0 ? headerPages * pageSize : (long?)null;
        }

        private static string TooLong(long limit, int pageSize) =>
            $"it is longer than its header says ({limit / pageSize} pages of {pageSize} bytes = {limit} bytes); the data after that is not part of the database (a gzip bomb looks like this), so it is refused.";

        /// <summary>True when the file starts with the gzip magic bytes.</summary>
        public static bool IsGzip(string path)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return stream.ReadByte() == 0x1f && stream.ReadByte() == 0x8b;
        }

        /// <summary>Lower-case hex SHA-256 of a file.</summary>
        public static string Sha256OfFile(string path, IProgress<BackupProgress>? progress, CancellationToken cancellationToken)
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, CopyBufferSize, FileOptions.SequentialScan);
            var buffer = new byte[CopyBufferSize];
            long total = stream.Length;
            long done = 0;
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                hash.AppendData(buffer, 0, read);
                done += read;
                progress?.Report(new BackupProgress(BackupStage.Checksumming, done, total));
            }

            return ToHex(hash.GetHashAndReset());
        }

        /// <summary>Gzips <paramref name="source"/> into <paramref name="target"/>, fsyncs it, and returns the SHA-256 of the written file.</summary>
        public static string Compress(string source, string target, CompressionLevel level, IProgress<BackupProgress>? progress, CancellationToken cancellationToken)
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            using (var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, CopyBufferSize, FileOptions.SequentialScan))
            using (var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, CopyBufferSize))
            {
                using (var hashing = new HashingWriteStream(output, hash))
                using (var gzip = new GZipStream(hashing, level, leaveOpen: true))
                {
                    var buffer = new byte[CopyBufferSize];
                    long total = input.Length;
                    long done = 0;
                    int read;
                    while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        gzip.Write(buffer, 0, read);
                        done += read;
                        progress?.Report(new BackupProgress(BackupStage.Compressing, done, total));
                    }
                }

                output.Flush(flushToDisk: true);
            }

            return ToHex(hash.GetHashAndReset());
        }

        /// <summary>Copies or decompresses a backup file into <paramref name="target"/> (created new) and fsyncs it.</summary>
        public static void Extract(string source, string target, string reportedPath, IProgress<BackupProgress>? progress, CancellationToken cancellationToken)
        {
            bool gzip = IsGzip(source);
            using (var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, CopyBufferSize, FileOptions.SequentialScan))
            using (var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, CopyBufferSize))
            {
                long total = input.Length;
                uint expectedSize = 0;
                if (gzip)
                {
                    if (total < 18)
                    {
                        throw new BackupVerificationException(reportedPath, "the gzip file is truncated (shorter than a gzip header and trailer).");
                    }

                    // ISIZE: the uncompressed length modulo 2^32, the last 4 bytes of a single-member gzip file.
                    var trailer = new byte[4];
                    input.Seek(-4, SeekOrigin.End);
                    ReadFully(input, trailer);
                    expectedSize = (uint)(trailer[0] | (trailer[1] << 8) | (trailer[2] << 16) | (trailer[3] << 24));
                    input.Seek(0, SeekOrigin.Begin);
                }

                Stream reader = gzip ? new GZipStream(input, CompressionMode.Decompress, leaveOpen: true) : input;
                try
                {
                    var buffer = new byte[CopyBufferSize];
                    long written = 0;
                    int read;

                    // The header names the database's length; stop writing as soon as the data goes past it, so that a
                    // small file that inflates to gigabytes never fills the disk.
                    var header = new byte[100];
                    long? limit = null;
                    while (true)
                    {
                        try
                        {
                            read = reader.Read(buffer, 0, buffer.Length);
                        }
                        catch (InvalidDataException ex)
                        {
                            throw new BackupVerificationException(reportedPath, $"the gzip data is corrupt ({ex.Message.TrimEnd('.')}).", ex);
                        }
                        catch (EndOfStreamException ex)
                        {
                            throw new BackupVerificationException(reportedPath, "the gzip file is truncated.", ex);
                        }

                        if (read <= 0)
                        {
                            break;
                        }

                        cancellationToken.ThrowIfCancellationRequested();
                        if (written < header.Length)
                        {
                            int take = (int)Math.Min(read, header.Length - written);
                            Array.Copy(buffer, 0, header, (int)written, take);
                            if (written + take == header.Length && StartsWithMagic(header))
                            {
                                limit = ExpectedLength(header);
                            }
                        }

                        if (limit is long max && written + read > max)
                        {
                            throw new BackupVerificationException(reportedPath, TooLong(max, (int)(max / ReadUInt32(header, 28))));
                        }

                        output.Write(buffer, 0, read);
                        written += read;
                        progress?.Report(new BackupProgress(BackupStage.Extracting, gzip ? input.Position : written, total));
                    }

                    if (gzip && (uint)written != expectedSize)
                    {
                        throw new BackupVerificationException(reportedPath, $"the gzip file is truncated or damaged (decompressed {written} bytes, its trailer says {expectedSize}).");
                    }
                }
                finally
                {
                    if (gzip)
                    {
                        reader.Dispose();
                    }
                }

                output.Flush(flushToDisk: true);
            }
        }

        private static bool StartsWithMagic(byte[] header)
        {
            for (int i = 0; i < SqliteMagic.Length; i++)
            {
                if (header[i] != SqliteMagic[i])
                {
                    return false;
                }
            }

            return true;
        }

        private static long ReadUInt32(byte[] b, int offset) =>
            ((long)b[offset] << 24) | ((long)b[offset + 1] << 16) | ((long)b[offset + 2] << 8) | b[offset + 3];

        private static int ReadFully(Stream stream, byte[] buffer)
        {
            int total = 0;
            int read;
            while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0)
            {
                total += read;
            }

            return total;
        }

        internal static string ToHex(byte[] bytes)
        {
            var chars = new char[bytes.Length * 2];
            const string digits = "0123456789abcdef";
            for (int i = 0; i < bytes.Length; i++)
            {
                chars[2 * i] = digits[bytes[i] >> 4];
                chars[(2 * i) + 1] = digits[bytes[i] & 0xf];
            }

            return new string(chars);
        }

        /// <summary>Passes writes through and hashes them.</summary>
        private sealed class HashingWriteStream : Stream
        {
            private readonly Stream _inner;
            private readonly IncrementalHash _hash;

            public HashingWriteStream(Stream inner, IncrementalHash hash)
            {
                _inner = inner;
                _hash = hash;
            }

            public override bool CanRead => false;
            public override bool CanSeek => false;
            public override bool CanWrite => true;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
            public override void Flush() => _inner.Flush();
            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();

            public override void Write(byte[] buffer, int offset, int count)
            {
                _hash.AppendData(buffer, offset, count);
                _inner.Write(buffer, offset, count);
            }
        }
    }
}
