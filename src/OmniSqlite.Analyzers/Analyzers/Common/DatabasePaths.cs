using System;
using System.Collections.Immutable;
using System.Data.Common;

namespace OmniSqlite.Analyzers.Analyzers.Common
{
    internal enum DatabasePathKind
    {
        /// <summary>Not a file on disk (in-memory, temporary, or a form the analyzers do not guess at).</summary>
        NotAFile,
        Absolute,
        Relative,
        Network,
    }

    /// <summary>Reads the data source out of a SQLite connection string and classifies a database path.</summary>
    internal static class DatabasePaths
    {
        /// <summary>
        /// The default network mount prefixes for OSQL003 (<c>omnisqlite.network_path_prefixes</c> replaces them).
        /// macOS <c>/Volumes/</c> is left out: external disks mount there too.
        /// </summary>
        public static readonly ImmutableArray<string> DefaultNetworkPrefixes = ImmutableArray.Create(
            "/mnt/nfs/", "/mnt/smb/", "/mnt/cifs/", "/mnt/efs/", "/mnt/azurefiles/",
            "/net/", "/nfs/", "/smb/", "/cifs/", "/efs/", "/afs/");

        /// <summary>
        /// The <c>Data Source</c> (also <c>DataSource</c>, <c>Filename</c>) of a SQLite connection string; null when
        /// the string has none or cannot be parsed. <paramref name="inMemory"/> is set for <c>Mode=Memory</c>.
        /// </summary>
        public static string? GetDataSource(string connectionString, out bool inMemory)
        {
            inMemory = false;
            DbConnectionStringBuilder builder;
            try
            {
                builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
            }
            catch (ArgumentException)
            {
                return null;
            }

            if (builder.TryGetValue("mode", out object? mode) && string.Equals(mode as string, "memory", StringComparison.OrdinalIgnoreCase))
            {
                inMemory = true;
            }

            foreach (string key in new[] { "data source", "datasource", "filename" })
            {
                if (builder.TryGetValue(key, out object? value) && value is string s) return s;
            }

            return null;
        }

        /// <summary>Classifies a database path (a plain path or a <c>file:</c> URI) without touching the disk.</summary>
        public static DatabasePathKind Classify(string path, ImmutableArray<string> networkPrefixes)
        {
            string p = path.Trim();
            if (p.Length == 0 || p == ":memory:") return DatabasePathKind.NotAFile;

            if (p.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
            {
                int query = p.IndexOf('?');
                string queryText = query >= 0 ? p.Substring(query) : "";
                if (queryText.IndexOf("mode=memory", StringComparison.OrdinalIgnoreCase) >= 0) return DatabasePathKind.NotAFile;
                string rest = (query >= 0 ? p.Substring(0, query) : p).Substring("file:".Length);
                if (rest.StartsWith(":memory:", StringComparison.Ordinal)) return DatabasePathKind.NotAFile;
                if (rest.StartsWith("//", StringComparison.Ordinal))
                {
                    int slash = rest.IndexOf('/', 2);
                    string host = slash < 0 ? rest.Substring(2) : rest.Substring(2, slash - 2);
                    if (host.Length > 0 && !string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)) return DatabasePathKind.Network;
                    if (slash < 0) return DatabasePathKind.NotAFile;
                    rest = rest.Substring(slash);
                    // file:///C:/data/app.db
                    if (rest.Length >= 3 && rest[0] == '/' && char.IsLetter(rest[1]) && rest[2] == ':') rest = rest.Substring(1);
                }

                p = Uri.UnescapeDataString(rest);
                if (p.Length == 0) return DatabasePathKind.NotAFile;
            }

            // |DataDirectory| is resolved by Microsoft.Data.Sqlite; %VAR% and ~ forms are not guessed at.
            if (p.StartsWith("|", StringComparison.Ordinal) || p.StartsWith("%", StringComparison.Ordinal)) return DatabasePathKind.NotAFile;

            if (p.StartsWith(@"\\?\UNC\", StringComparison.OrdinalIgnoreCase)) return DatabasePathKind.Network;
            if (p.StartsWith(@"\\?\", StringComparison.Ordinal) || p.StartsWith(@"\\.\", StringComparison.Ordinal)) return DatabasePathKind.Absolute;
            if (p.StartsWith(@"\\", StringComparison.Ordinal)) return DatabasePathKind.Network;
            if (p.StartsWith("//", StringComparison.Ordinal) && !p.StartsWith("///", StringComparison.Ordinal)) return DatabasePathKind.Network;

            string normalized = p.Replace('\\', '/');
            foreach (string prefix in networkPrefixes)
            {
                string np = prefix.Replace('\\', '/');
                if (np.Length > 0 && normalized.StartsWith(np, StringComparison.OrdinalIgnoreCase)) return DatabasePathKind.Network;
            }

            if (p[0] == '/' || p[0] == '\\') return DatabasePathKind.Absolute;
            if (p.Length >= 3 && char.IsLetter(p[0]) && p[1] == ':' && (p[2] == '\\' || p[2] == '/')) return DatabasePathKind.Absolute;
            return DatabasePathKind.Relative;
        }

        /// <summary>Parses a comma or semicolon separated list from .editorconfig; empty entries are dropped.</summary>
        public static ImmutableArray<string> ParseList(string? value)
        {
            if (value is null) return ImmutableArray<string>.Empty;
            var builder = ImmutableArray.CreateBuilder<string>();
            foreach (string part in value.Split(new[] { ',', ';' }, StringSplitOptions.RemoveEmptyEntries))
            {
                string trimmed = part.Trim();
                if (trimmed.Length > 0) builder.Add(trimmed);
            }

            return builder.ToImmutable();
        }
    }
}
