using System;
using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;

namespace OmniSqlite.Analyzers.Analyzers.Common
{
    /// <summary>One <c>PRAGMA name = value</c> (or <c>PRAGMA name(value)</c>) found at the start of a SQL statement.</summary>
    internal readonly struct PragmaSetting
    {
        public PragmaSetting(string name, string value, int valueIndex)
        {
            Name = name;
            Value = value;
            ValueIndex = valueIndex;
        }

        /// <summary>The pragma name in lower case, without schema prefix or quotes (e.g. <c>journal_mode</c>).</summary>
        public string Name { get; }

        /// <summary>The value as written, without quotes (e.g. <c>off</c>).</summary>
        public string Value { get; }

        /// <summary>Index of the value in the scanned text.</summary>
        public int ValueIndex { get; }
    }

    /// <summary>
    /// Finds PRAGMA assignments in SQL text. Only statements that start with PRAGMA count (a log message that
    /// mentions a pragma is not SQL); comments are skipped; string literals cannot hide a statement start.
    /// </summary>
    internal static class PragmaScanner
    {
        // After comments are blanked: statement start, PRAGMA, optional schema prefix, name, '=' or '(', value.
        private static readonly Regex s_pragma = new Regex(
            @"(?<=^|;)\s*PRAGMA\s+(?:(?:""[^""]*""|\[[^\]]*\]|`[^`]*`|\w+)\s*\.\s*)?(?<q1>[""`\[]?)(?<name>\w+)[""`\]]?\s*(?:=|\()\s*(?<q2>['""]?)(?<value>[-+]?\w+)",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant,
            TimeSpan.FromMilliseconds(250));

        /// <summary>Every pragma assignment in <paramref name="sql"/>; empty for text that is not SQL.</summary>
        public static List<PragmaSetting> Find(string? sql)
        {
            var result = new List<PragmaSetting>();
            if (sql is null || sql.IndexOf("pragma", StringComparison.OrdinalIgnoreCase) < 0) return result;

            string blanked = BlankCommentsAndStrings(sql);
            try
            {
                foreach (Match match in s_pragma.Matches(blanked))
                {
                    Group value = match.Groups["value"];
                    // The value may have been inside a blanked string literal ('OFF'): read it from the original text.
                    string original = sql.Substring(value.Index, value.Length);
                    result.Add(new PragmaSetting(match.Groups["name"].Value.ToLowerInvariant(), original, value.Index));
                }
            }
            catch (RegexMatchTimeoutException)
            {
                // Pathological text: report nothing rather than stall the IDE.
            }

            return result;
        }

        /// <summary>Unsafe settings only: synchronous=OFF/0, journal_mode=OFF/MEMORY, and (when asked) locking_mode=EXCLUSIVE.</summary>
        public static IEnumerable<PragmaSetting> FindUnsafe(string? sql, bool includeExclusiveLocking)
        {
            foreach (PragmaSetting setting in Find(sql))
            {
                if (SafeReplacement(setting.Name, setting.Value, includeExclusiveLocking) is not null) yield return setting;
            }
        }

        /// <summary>
        /// The safe value to use instead of an unsafe one (NORMAL for synchronous and locking_mode, WAL for
        /// journal_mode), or null when the setting is not unsafe.
        /// </summary>
        public static string? SafeReplacement(string name, string value, bool includeExclusiveLocking)
        {
            string v = value.Trim().ToUpperInvariant();
            switch (name)
            {
                case "synchronous" when v is "OFF" or "0":
                    return "NORMAL";
                case "journal_mode" when v is "OFF" or "MEMORY":
                    return "WAL";
                case "locking_mode" when includeExclusiveLocking && v == "EXCLUSIVE":
                    return "NORMAL";
                default:
                    return null;
            }
        }

        /// <summary>True when the text sets journal_mode or busy_timeout, i.e. it is connection setup (OSQL001).</summary>
        public static bool IsConnectionSetup(string? sql)
        {
            foreach (PragmaSetting setting in Find(sql))
            {
                if (setting.Name is "journal_mode" or "busy_timeout") return true;
            }

            return false;
        }

        /// <summary>
        /// Replaces comments and the contents of single-quoted literals with spaces, keeping every index, so a
        /// ';' or 'PRAGMA' inside them does not look like a statement.
        /// </summary>
        private static string BlankCommentsAndStrings(string sql)
        {
            var chars = new StringBuilder(sql);
            int i = 0;
            while (i < chars.Length)
            {
                char c = chars[i];
                if (c == '-' && i + 1 < chars.Length && chars[i + 1] == '-')
                {
                    while (i < chars.Length && chars[i] != '\n') chars[i++] = ' ';
                }
                else if (c == '/' && i + 1 < chars.Length && chars[i + 1] == '*')
                {
                    chars[i++] = ' ';
                    chars[i++] = ' ';
                    while (i < chars.Length && !(chars[i] == '*' && i + 1 < chars.Length && chars[i + 1] == '/')) chars[i++] = ' ';
                    if (i < chars.Length) { chars[i++] = ' '; chars[i++] = ' '; }
                }
                else if (c == '\'')
                {
                    i++;
                    while (i < chars.Length)
                    {
                        if (chars[i] == '\'')
                        {
                            if (i + 1 < chars.Length && chars[i + 1] == '\'') { chars[i++] = ' '; chars[i++] = ' '; continue; }
                            break;
                        }

                        // Keep word characters so a quoted pragma value ('OFF') still matches; blank statement breaks.
                        if (chars[i] == ';') chars[i] = ' ';
                        i++;
                    }

                    i++;
                }
                else
                {
                    i++;
                }
            }

            return chars.ToString();
        }
    }
}
