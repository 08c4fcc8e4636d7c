using System;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace OmniSqlite.Cli.Commands
{
    /// <summary>The <c>restore --from-replica</c> path of <see cref="RestoreCommand"/>: replay a replica to a point in time, and say what was lost.</summary>
    internal static class ReplicaRestore
    {
        public static async Task<int> RunAsync(CliContext context, string replica, string target, string? at, bool force, bool keepReplaced, bool json, CancellationToken cancellationToken)
        {
            if (!Directory.Exists(replica))
            {
                throw new CliException(ExitCodes.NotFound, $"The replica folder '{Path.GetFullPath(replica)}' does not exist.");
            }

            DateTime? when = null;
            if (at != null)
            {
                if (!DateTime.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime parsed))
                {
                    throw new CliException(ExitCodes.Usage, $"--at '{at}' is not a date and time; use UTC such as 2026-05-01T09:30:00Z.");
                }

                when = DateTime.SpecifyKind(parsed, DateTimeKind.Utc);
            }

            var options = new ReplicaRestoreOptions { At = when, Overwrite = force, KeepReplacedCopy = keepReplaced };
            ReplicaRestoreResult restored = await new SqliteReplica(replica).RestoreAsync(target, options, cancellationToken).ConfigureAwait(false);
            if (json)
            {
                context.WriteJson(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("replica", Path.GetFullPath(replica));
                    w.WriteString("targetPath", restored.TargetPath);
                    w.WriteString("generation", restored.Generation);
                    w.WriteString("restoredToUtc", restored.RestoredToUtc?.ToString("o", CultureInfo.InvariantCulture));
                    w.WriteNumber("segmentsApplied", restored.SegmentsApplied);
                    w.WriteNumber("framesApplied", restored.FramesApplied);
                    w.WriteNumber("pages", restored.Pages);
                    w.WriteBoolean("isComplete", restored.IsComplete);
                    w.WriteString("damage", restored.Damage);
                    w.WriteNumber("segmentsLost", restored.SegmentsLost);
                    w.WriteString("lostUntilUtc", restored.LostUntilUtc?.ToString("o", CultureInfo.InvariantCulture));
                    w.WriteString("replacedCopyPath", restored.ReplacedCopyPath);
                    w.WriteEndObject();
                });
            }
            else
            {
                context.Output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                    "restored {0} (generation {1}, {2} segments, state as of {3:yyyy-MM-dd HH:mm:ss.fff}Z) -> {4} ({5} pages, integrity_check ok)",
                    Path.GetFullPath(replica), restored.Generation, restored.SegmentsApplied, restored.RestoredToUtc, restored.TargetPath, restored.Pages));
                if (restored.ReplacedCopyPath != null)
                {
                    context.Output.WriteLine("  previous database kept as " + restored.ReplacedCopyPath);
                }
            }

            if (!restored.IsComplete)
            {
                // Published, but short of what was asked: say what is missing, and exit with "verification failed".
                await context.Error.WriteLineAsync(string.Format(CultureInfo.InvariantCulture,
                    "warning: the replica is damaged: {0} Lost: {1} segments, commits shipped up to {2:yyyy-MM-dd HH:mm:ss.fff}Z.",
                    restored.Damage, restored.SegmentsLost, restored.LostUntilUtc)).ConfigureAwait(false);
                return ExitCodes.VerificationFailed;
            }

            return ExitCodes.Success;
        }
    }
}
