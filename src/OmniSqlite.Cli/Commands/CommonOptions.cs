using System;
using System.CommandLine;
using System.Globalization;

namespace OmniSqlite.Cli.Commands
{
    /// <summary>The arguments and options several commands share, so each reads and is described the same everywhere.</summary>
    internal static class CommonOptions
    {
        public static Argument<string> Database(string description) => new("db") { Description = description };

        public static Option<string> Directory(bool required, string description = "The backup directory.") => new("--dir", "-d")
        {
            Description = description,
            Required = required,
        };

        public static Option<bool> Json() => new("--json") { Description = "Print JSON (camelCase keys) instead of text." };

        public static Option<bool> Quiet() => new("--quiet", "-q") { Description = "No progress display." };

        public static Option<int?> Keep() => new("--keep") { Description = "Retention: keep the newest N backups of the database (N >= 1; the newest is never deleted)." };

        public static Option<string?> MaxAge() => new("--max-age") { Description = "Retention: delete backups older than this: 30d, 12h, 90m, 45s or a TimeSpan (7.00:00:00). The newest backup is always kept." };

        /// <summary>Parses 30d, 12h, 90m, 45s or a TimeSpan (7.00:00:00); null stays null. Zero and negative ages are refused.</summary>
        public static TimeSpan? ParseAge(string? text)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            string t = text!.Trim();
            TimeSpan? span = null;
            char unit = char.ToLowerInvariant(t[t.Length - 1]);
            if ("dhms".IndexOf(unit) >= 0 && double.TryParse(t.AsSpan(0, t.Length - 1), NumberStyles.Float, CultureInfo.InvariantCulture, out double amount))
            {
                span = unit switch
                {
                    'd' => TimeSpan.FromDays(amount),
                    'h' => TimeSpan.FromHours(amount),
                    'm' => TimeSpan.FromMinutes(amount),
                    _ => TimeSpan.FromSeconds(amount),
                };
            }
            else if (TimeSpan.TryParse(t, CultureInfo.InvariantCulture, out TimeSpan parsed))
            {
                span = parsed;
            }

            if (span is null)
            {
                throw new CliException(ExitCodes.Usage, $"--max-age '{text}' is not a duration; use 30d, 12h, 90m, 45s or 7.00:00:00.");
            }

            if (span.Value <= TimeSpan.Zero)
            {
                throw new CliException(ExitCodes.Usage, $"--max-age '{text}' must be longer than zero (the newest backup is kept anyway; to keep only it, use --keep 1).");
            }

            return span;
        }
    }
}
