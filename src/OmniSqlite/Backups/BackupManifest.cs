using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace OmniSqlite
{
    /// <summary>
    /// The metadata file beside a backup (<c>&lt;backup file&gt;.meta</c>): <c>key=value</c> lines, UTF-8.
    /// A backup counts (for List, Prune, Restore by info) only when its metadata file parses and the backup
    /// file exists with exactly the recorded length.
    /// </summary>
    internal static class BackupManifest
    {
        public const string Extension = ".meta";
        private const string FormatKey = "omnisqlite-backup";
        private const string FormatVersion = "1";

        public static string Write(BackupInfo info)
        {
            var sb = new StringBuilder();
            void Line(string key, string value) => sb.Append(key).Append('=').Append(value.Replace("\r", " ").Replace("\n", " ")).Append('\n');
            Line(FormatKey, FormatVersion);
            Line("database", info.Database);
            Line("source", info.SourcePath);
            Line("created_utc", info.CreatedUtc.ToString("o", CultureInfo.InvariantCulture));
            Line("sequence", info.Sequence.ToString(CultureInfo.InvariantCulture));
            Line("method", info.Method.ToString());
            Line("compressed", info.Compressed ? "true" : "false");
            Line("database_bytes", info.DatabaseBytes.ToString(CultureInfo.InvariantCulture));
            Line("file_bytes", info.FileBytes.ToString(CultureInfo.InvariantCulture));
            Line("pages", info.Pages.ToString(CultureInfo.InvariantCulture));
            Line("page_size", info.PageSize.ToString(CultureInfo.InvariantCulture));
            Line("verified", info.Verified ? "true" : "false");
            Line("sha256", info.Sha256);
            Line("file", Path.GetFileName(info.Path));
            return sb.ToString();
        }

        /// <summary>Reads a metadata file; null when it is not ours or is damaged.</summary>
        public static BackupInfo? TryRead(string metadataPath)
        {
            string text;
            try
            {
                text = File.ReadAllText(metadataPath, Encoding.UTF8);
            }
            catch (IOException)
            {
                return null;
            }
            catch (UnauthorizedAccessException)
            {
                return null;
            }

            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string raw in text.Split('\n'))
            {
                string line = raw.TrimEnd('\r');
                int eq = line.IndexOf('=');
                if (eq > 0)
                {
                    values[line.Substring(0, eq)] = line.Substring(eq + 1);
                }
            }

            if (!values.TryGetValue(FormatKey, out string? version) || version != FormatVersion)
            {
                return null;
            }

            try
            {
                string dataPath = metadataPath.Substring(0, metadataPath.Length - Extension.Length);
                return new BackupInfo
                {
                    Path = dataPath,
                    MetadataPath = metadataPath,
                    Database = values["database"],
                    SourcePath = values.TryGetValue("source", out string? source) ? source : "",
                    CreatedUtc = DateTime.Parse(values["created_utc"], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind).ToUniversalTime(),
                    Sequence = long.Parse(values["sequence"], CultureInfo.InvariantCulture),
                    Method = (BackupMethod)Enum.Parse(typeof(BackupMethod), values["method"]),
                    Compressed = values["compressed"] == "true",
                    DatabaseBytes = long.Parse(values["database_bytes"], CultureInfo.InvariantCulture),
                    FileBytes = long.Parse(values["file_bytes"], CultureInfo.InvariantCulture),
                    Pages = long.Parse(values["pages"], CultureInfo.InvariantCulture),
                    PageSize = int.Parse(values["page_size"], CultureInfo.InvariantCulture),
                    Verified = values["verified"] == "true",
                    Sha256 = values["sha256"],
                };
            }
            catch (Exception ex) when (ex is KeyNotFoundException || ex is FormatException || ex is ArgumentException || ex is OverflowException)
            {
                return null;
            }
        }
    }
}
