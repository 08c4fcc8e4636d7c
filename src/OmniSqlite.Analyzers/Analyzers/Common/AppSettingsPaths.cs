using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace OmniSqlite.Analyzers.Analyzers.Common
{
    /// <summary>A database (or backup) path found in an appsettings*.json file, with where its string sits in the file.</summary>
    internal readonly struct AppSettingsPath
    {
        public AppSettingsPath(string key, string path, Location location)
        {
            Key = key;
            Path = path;
            Location = location;
        }

        /// <summary>The configuration key, as .NET configuration spells it (<c>ConnectionStrings:OmniSqlite</c>).</summary>
        public string Key { get; }
        public string Path { get; }
        public Location Location { get; }
    }

    /// <summary>
    /// Reads the database paths OSQL003 and OSQL004 look at in <c>appsettings*.json</c> (the OmniSqlite package adds them
    /// as AdditionalFiles): every <c>ConnectionStrings:*</c> value that is a SQLite connection string, and
    /// <c>OmniSqlite:Backups:Directory</c>. A connection string counts as SQLite when it is <c>ConnectionStrings:OmniSqlite</c>,
    /// or when it uses only Microsoft.Data.Sqlite's keywords and names a SQLite file (<c>.db</c>, <c>.sqlite</c>, ...), so a
    /// SQL Server <c>Data Source=server;Initial Catalog=...</c> is left alone. The JSON is scanned once, front to back, with
    /// an explicit stack (comments and trailing commas allowed, as .NET configuration allows them); a file that does not
    /// parse yields what was read before the problem.
    /// </summary>
    internal static class AppSettingsPaths
    {
        private static readonly HashSet<string> SqliteKeywords = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "data source", "datasource", "filename", "mode", "cache", "password", "foreign keys", "recursive triggers",
            "default timeout", "command timeout", "pooling", "vfs",
        };

        private static readonly string[] SqliteExtensions = { ".db", ".sqlite", ".sqlite3", ".db3", ".s3db", ".sl3" };

        public static bool IsAppSettings(string path)
        {
            string name = System.IO.Path.GetFileName(path);
            return name.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase) && name.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
        }

        public static IEnumerable<AppSettingsPath> Read(AdditionalText file, System.Threading.CancellationToken cancellationToken)
        {
            SourceText? text = file.GetText(cancellationToken);
            if (text is null) yield break;
            foreach (var (key, value, span) in StringValues(text.ToString(), cancellationToken))
            {
                string? path = null;
                if (key.StartsWith("ConnectionStrings:", StringComparison.OrdinalIgnoreCase) && key.IndexOf(':', "ConnectionStrings:".Length) < 0)
                {
                    bool ours = string.Equals(key, "ConnectionStrings:OmniSqlite", StringComparison.OrdinalIgnoreCase);
                    path = SqliteDataSource(value, ours);
                }
                else if (string.Equals(key, "OmniSqlite:Backups:Directory", StringComparison.OrdinalIgnoreCase))
                {
                    path = value;
                }

                if (path is null) continue;
                yield return new AppSettingsPath(key, path, Location.Create(file.Path, span, text.Lines.GetLinePositionSpan(span)));
            }
        }

        /// <summary>The data source of a connection string that is SQLite's (see the class comment), else null.</summary>
        internal static string? SqliteDataSource(string connectionString, bool ours)
        {
            DbConnectionStringBuilder builder;
            try
            {
                builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
            }
            catch (ArgumentException)
            {
                return null;
            }

            foreach (string key in builder.Keys)
            {
                if (!SqliteKeywords.Contains(key)) return null;
            }

            string? dataSource = DatabasePaths.GetDataSource(connectionString, out bool inMemory);
            if (dataSource is null || inMemory) return null;
            return ours || dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase) || HasSqliteExtension(dataSource) ? dataSource : null;
        }

        /// <summary>A file name SQLite databases go by: .db, .sqlite, .sqlite3, .db3, ...</summary>
        internal static bool HasSqliteExtension(string path)
        {
            string extension = System.IO.Path.GetExtension(path.Trim());
            foreach (string e in SqliteExtensions)
            {
                if (string.Equals(extension, e, StringComparison.OrdinalIgnoreCase)) return true;
            }

            return false;
        }

        /// <summary>Every string value of the document with its configuration key (object keys joined by ':', array items by index) and the span of its literal.</summary>
        internal static List<(string Key, string Value, TextSpan Span)> StringValues(string json, System.Threading.CancellationToken cancellationToken)
        {
            var found = new List<(string, string, TextSpan)>();
            // One frame per open container: its key path, whether it is an array, the next array index, the pending object key.
            var stack = new List<Frame>();
            string? pendingKey = null;
            bool expectKey = false;
            int i = 0;
            try
            {
                while (i < json.Length)
                {
                    if ((i & 0xFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
                    char c = json[i];
                    if (char.IsWhiteSpace(c) || c == ',' || c == ':')
                    {
                        if (c == ',' && stack.Count > 0 && !stack[stack.Count - 1].IsArray) expectKey = true;
                        i++;
                        continue;
                    }

                    if (c == '/' && i + 1 < json.Length && json[i + 1] == '/')
                    {
                        while (i < json.Length && json[i] != '\n') i++;
                        continue;
                    }

                    if (c == '/' && i + 1 < json.Length && json[i + 1] == '*')
                    {
                        int end = json.IndexOf("*/", i + 2, StringComparison.Ordinal);
                        i = end < 0 ? json.Length : end + 2;
                        continue;
                    }

                    if (c == '{' || c == '[')
                    {
                        stack.Add(new Frame(ChildKey(stack, ref pendingKey), c == '['));
                        expectKey = c == '{';
                        i++;
                        continue;
                    }

                    if (c == '}' || c == ']')
                    {
                        if (stack.Count > 0) stack.RemoveAt(stack.Count - 1);
                        pendingKey = null;
                        expectKey = false;
                        i++;
                        continue;
                    }

                    if (c == '"')
                    {
                        int start = i;
                        string value = ReadString(json, ref i);
                        if (stack.Count > 0 && !stack[stack.Count - 1].IsArray && expectKey)
                        {
                            pendingKey = value;
                            expectKey = false;
                            continue;
                        }

                        string key = ChildKey(stack, ref pendingKey);
                        found.Add((key, value, TextSpan.FromBounds(start, i)));
                        continue;
                    }

                    // A number, true, false or null: a value that is no string.
                    while (i < json.Length && json[i] != ',' && json[i] != '}' && json[i] != ']' && !char.IsWhiteSpace(json[i])) i++;
                    ChildKey(stack, ref pendingKey);
                }
            }
            catch (FormatException)
            {
                // A broken literal: keep what came before it.
            }

            return found;
        }

        /// <summary>The key of the value that comes next in the innermost container (and advances an array's index).</summary>
        private static string ChildKey(List<Frame> stack, ref string? pendingKey)
        {
            if (stack.Count == 0) return "";
            Frame frame = stack[stack.Count - 1];
            string name;
            if (frame.IsArray)
            {
                name = frame.NextIndex.ToString(System.Globalization.CultureInfo.InvariantCulture);
                frame.NextIndex++;
            }
            else
            {
                name = pendingKey ?? "";
                pendingKey = null;
            }

            return frame.Key.Length == 0 ? name : frame.Key + ":" + name;
        }

        private static string ReadString(string json, ref int i)
        {
            var sb = new StringBuilder();
            i++; // opening quote
            while (i < json.Length)
            {
                char c = json[i++];
                if (c == '"') return sb.ToString();
                if (c != '\\')
                {
                    sb.Append(c);
                    continue;
                }

                if (i >= json.Length) break;
                char e = json[i++];
                switch (e)
                {
                    case 'n': sb.Append('\n'); break;
                    case 't': sb.Append('\t'); break;
                    case 'r': sb.Append('\r'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'u':
                        if (i + 4 > json.Length) throw new FormatException();
                        sb.Append((char)Convert.ToInt32(json.Substring(i, 4), 16));
                        i += 4;
                        break;
                    default: sb.Append(e); break;
                }
            }

            throw new FormatException("unterminated string");
        }

        private sealed class Frame
        {
            public Frame(string key, bool isArray)
            {
                Key = key;
                IsArray = isArray;
            }

            public string Key { get; }
            public bool IsArray { get; }
            public int NextIndex { get; set; }
        }
    }
}
