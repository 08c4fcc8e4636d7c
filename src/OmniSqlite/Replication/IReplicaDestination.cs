using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;

namespace OmniSqlite
{
    /// <summary>A file in a replica: its name relative to the replica's root ('/' separated) and its length.</summary>
    public sealed class ReplicaFile
    {
        public ReplicaFile(string name, long length)
        {
            Name = name;
            Length = length;
        }

        public string Name { get; }
        public long Length { get; }
    }

    /// <summary>
    /// Where a replica lives: snapshots, WAL segments and their metadata, as named files. <see cref="DirectoryReplicaDestination"/>
    /// is the local or mounted folder; an S3-compatible store is the next implementation (docs/replication.md).
    /// Names are relative and use '/' (<c>generations/&lt;id&gt;/segments/0000000001.seg</c>).
    /// </summary>
    public interface IReplicaDestination
    {
        /// <summary>Where the replica is, for messages (a folder path, a bucket URL).</summary>
        string Location { get; }

        /// <summary>The files whose names start with <paramref name="prefix"/>, in ordinal order of name; files being written are not listed.</summary>
        IReadOnlyList<ReplicaFile> List(string prefix);

        /// <summary>Whether the file exists (complete).</summary>
        bool Exists(string name);

        /// <summary>Opens a file for reading.</summary>
        /// <exception cref="FileNotFoundException">There is no such file.</exception>
        Stream OpenRead(string name);

        /// <summary>Writes a file atomically: after a crash it is either complete or absent, never partial. Replaces an existing file.</summary>
        void Write(string name, Stream content);

        /// <summary>Deletes a file; a missing file is no error.</summary>
        void Delete(string name);

        /// <summary>
        /// Takes the replica's writer lock, so that two replicators never write the same replica; released when disposed (and by
        /// the operating system when the process dies). Waits up to <paramref name="timeout"/>, then throws <see cref="BackupException"/>
        /// with <see cref="BackupErrorReason.DirectoryLocked"/>.
        /// </summary>
        IDisposable AcquireWriterLock(TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken);
    }

    /// <summary>
    /// A replica in a local or mounted folder. Writes go to a temporary file (name starting with '.') in the same folder,
    /// are fsynced, renamed into place and the folder fsynced: the atomic publish that backups use.
    /// </summary>
    public sealed class DirectoryReplicaDestination : IReplicaDestination
    {
        private const string TempSuffix = ".tmp";

        /// <summary>Uses <paramref name="directory"/> (created when missing on the first write).</summary>
        public DirectoryReplicaDestination(string directory)
        {
            if (string.IsNullOrWhiteSpace(directory))
            {
                throw new ArgumentException("The replica directory is required.", nameof(directory));
            }

            Directory = Path.GetFullPath(directory);
        }

        /// <summary>The folder (absolute).</summary>
        public string Directory { get; }

        public string Location => Directory;

        public IReadOnlyList<ReplicaFile> List(string prefix)
        {
            var files = new List<ReplicaFile>();
            if (!System.IO.Directory.Exists(Directory))
            {
                return files;
            }

            // Only the folder the prefix names (and below) is walked.
            string relativeFolder = prefix.Contains("/") ? prefix.Substring(0, prefix.LastIndexOf('/')) : "";
            string start = Path.Combine(Directory, relativeFolder.Replace('/', Path.DirectorySeparatorChar));
            if (!System.IO.Directory.Exists(start))
            {
                return files;
            }

            foreach (string path in System.IO.Directory.EnumerateFiles(start, "*", SearchOption.AllDirectories))
            {
                string name = path.Substring(Directory.Length + 1).Replace(Path.DirectorySeparatorChar, '/');
                if (name.StartsWith(prefix, StringComparison.Ordinal) && !Path.GetFileName(name).StartsWith(".", StringComparison.Ordinal))
                {
                    files.Add(new ReplicaFile(name, new FileInfo(path).Length));
                }
            }

            files.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            return files;
        }

        public bool Exists(string name) => File.Exists(PathOf(name));

        public Stream OpenRead(string name)
        {
            string path = PathOf(name);
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"The replica file '{path}' does not exist.", path);
            }

            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
        }

        public void Write(string name, Stream content)
        {
            if (content is null)
            {
                throw new ArgumentNullException(nameof(content));
            }

            string path = PathOf(name);
            string folder = Path.GetDirectoryName(path)!;
            System.IO.Directory.CreateDirectory(folder);
            string temp = Path.Combine(folder, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N").Substring(0, 12) + TempSuffix);
            try
            {
                using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
                {
                    content.CopyTo(output);
                    output.Flush(flushToDisk: true);
                }

                DurableFile.Replace(temp, path);
                DurableFile.SyncDirectory(folder);
            }
            finally
            {
                DurableFile.TryDelete(temp);
            }
        }

        public void Delete(string name)
        {
            string path = PathOf(name);
            DurableFile.TryDelete(path);
            string? folder = Path.GetDirectoryName(path);

            // Empty generation folders go with their last file.
            while (folder != null && folder.Length > Directory.Length && System.IO.Directory.Exists(folder) && !System.IO.Directory.EnumerateFileSystemEntries(folder).GetEnumerator().MoveNext())
            {
                try
                {
                    System.IO.Directory.Delete(folder);
                }
                catch (IOException)
                {
                    break;
                }

                folder = Path.GetDirectoryName(folder);
            }
        }

        public IDisposable AcquireWriterLock(TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
        {
            System.IO.Directory.CreateDirectory(Directory);
            try
            {
                return DirectoryLock.Acquire(Directory, timeout, timeProvider, cancellationToken);
            }
            catch (BackupException ex) when (ex.Reason == BackupErrorReason.DirectoryLocked)
            {
                throw new BackupException(BackupErrorReason.DirectoryLocked, Directory,
                    $"Another replicator is writing the replica '{Directory}' (it holds its lock file). One replica has one writer: " +
                    "stop the other replicator, or replicate to another folder.", ex);
            }
        }

        /// <summary>Removes temporary files that a killed writer left (call while holding the writer lock).</summary>
        internal void RemoveLeftovers()
        {
            if (!System.IO.Directory.Exists(Directory))
            {
                return;
            }

            foreach (string path in System.IO.Directory.EnumerateFiles(Directory, "." + "*" + TempSuffix, SearchOption.AllDirectories))
            {
                DurableFile.TryDelete(path);
            }
        }

        private string PathOf(string name)
        {
            if (string.IsNullOrEmpty(name) || name.Contains("..") || name.StartsWith("/", StringComparison.Ordinal))
            {
                throw new ArgumentException($"'{name}' is not a replica file name (relative, '/' separated, no '..').", nameof(name));
            }

            return Path.Combine(Directory, name.Replace('/', Path.DirectorySeparatorChar));
        }
    }

    /// <summary>Bytes, then other streams opened one after the other when they are reached (a compacted file's header and its segments).</summary>
    internal sealed class ConcatenatedStream : Stream
    {
        private readonly Queue<Func<Stream>> _next;
        private Stream? _current;

        public ConcatenatedStream(byte[] first, IEnumerable<Func<Stream>> rest)
        {
            _current = new MemoryStream(first, writable: false);
            _next = new Queue<Func<Stream>>(rest);
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
            while (_current != null)
            {
                int read = _current.Read(buffer, offset, count);
                if (read > 0)
                {
                    return read;
                }

                _current.Dispose();
                _current = _next.Count > 0 ? _next.Dequeue()() : null;
            }

            return 0;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _current?.Dispose();
                _current = null;
            }

            base.Dispose(disposing);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
