using System.CommandLine;
using System.Globalization;
using System.Linq;
using OmniSqlite.PostgreSql.Migration;

namespace OmniSqlite.Cli.Commands
{
    /// <summary>
    /// <c>omnisqlite advise &lt;db&gt;</c>: <see cref="MigrationAdvisor.AdviseAsync"/>: which of the seed guide's reasons to leave
    /// SQLite apply, and what to do about each. Exit code 0 whatever the advice (it is advice, not a failure).
    /// </summary>
    internal static class AdviseCommand
    {
        public static Command Create(CliContext context)
        {
            var db = CommonOptions.Database("The database file to weigh (opened read-only).");
            var mau = new Option<long?>("--mau") { Description = "Monthly active users, from your analytics (threshold: more than 10,000)." };
            var concurrent = new Option<long?>("--concurrent-users") { Description = "Users at the same moment at peak (threshold: more than 100)." };
            var writePercent = new Option<double?>("--write-percent") { Description = "Writes as a percentage of statements, 0-100 (threshold: more than 30)." };
            var servers = new Option<int?>("--servers") { Description = "Application servers that need to write the database (threshold: more than one)." };
            var sizeThreshold = new Option<string>("--size-threshold") { Description = "The size that counts as big: 10GB (default), 500MB, or bytes.", DefaultValueFactory = _ => "10GB" };
            var log = new Option<string?>("--log") { Description = "A log file with OmniSqlite's slow-query log (event 5203), read for complex queries and writes." };
            var json = CommonOptions.Json();
            var command = new Command("advise", "Say which of the thresholds for leaving SQLite are crossed (10,000 monthly users, 100 concurrent users, 30% writes, more than one server, 10 GB, complex queries) and what to do about each.")
            {
                db, mau, concurrent, writePercent, servers, sizeThreshold, log, json,
            };
            command.SetAction(async (result, cancellationToken) =>
            {
                string path = result.GetValue(db)!;
                DatabaseFile.RequireExisting(path);
                string sizeText = result.GetValue(sizeThreshold)!;
                long size = MigrationAdvisor.ParseSize(sizeText)
                    ?? throw new CliException(ExitCodes.Usage, $"--size-threshold '{sizeText}' is not a size; use 10GB, 500MB, 1KB or a number of bytes.");
                var inputs = new AdviceInputs
                {
                    MonthlyActiveUsers = result.GetValue(mau),
                    ConcurrentUsers = result.GetValue(concurrent),
                    WritePercent = result.GetValue(writePercent),
                    Servers = result.GetValue(servers),
                    SizeThreshold = size,
                    LogFile = result.GetValue(log),
                };
                MigrationAdvice advice = await MigrationAdvisor.AdviseAsync(path, inputs, cancellationToken).ConfigureAwait(false);
                if (result.GetValue(json))
                {
                    context.WriteJson(w =>
                    {
                        w.WriteStartObject();
                        w.WriteString("dataSource", advice.Info.DataSource);
                        Json.WriteNullable(w, "databaseFileSize", advice.Info.DatabaseFileSize);
                        Json.WriteNullable(w, "walFileSize", advice.Info.WalFileSize);
                        w.WriteNumber("walFrames", advice.WalFrames);
                        w.WriteString("journalMode", advice.Info.JournalMode);
                        w.WriteBoolean("anyCrossed", advice.AnyCrossed);
                        w.WriteStartArray("thresholds");
                        foreach (ThresholdAdvice t in advice.Thresholds)
                        {
                            w.WriteStartObject();
                            w.WriteString("id", t.Id);
                            w.WriteString("threshold", t.Threshold);
                            w.WriteString("state", t.State switch { ThresholdState.Crossed => "crossed", ThresholdState.NotCrossed => "notCrossed", _ => "unknown" });
                            w.WriteString("finding", t.Finding);
                            w.WriteString("advice", t.Advice);
                            w.WriteEndObject();
                        }

                        w.WriteEndArray();
                        w.WriteEndObject();
                    });
                    return ExitCodes.Success;
                }

                context.Output.WriteLine($"{advice.Info.DataSource} ({advice.Info.JournalMode}, SQLite {advice.Info.SqliteVersion})");
                foreach (ThresholdAdvice t in advice.Thresholds)
                {
                    string mark = t.State switch { ThresholdState.Crossed => "CROSSED ", ThresholdState.NotCrossed => "ok      ", _ => "unknown " };
                    context.Output.WriteLine($"{mark} {t.Threshold}: {t.Finding}");
                    if (t.State != ThresholdState.NotCrossed)
                    {
                        context.Output.WriteLine("         -> " + t.Advice);
                    }
                }

                int crossed = advice.Thresholds.Count(t => t.State == ThresholdState.Crossed);
                int unknown = advice.Thresholds.Count(t => t.State == ThresholdState.Unknown);
                context.Output.WriteLine(crossed == 0
                    ? $"Stay on SQLite: no threshold crossed{(unknown > 0 ? $" ({unknown.ToString(CultureInfo.InvariantCulture)} unknown: give the options above to know)" : "")}."
                    : $"{crossed.ToString(CultureInfo.InvariantCulture)} threshold(s) crossed: plan the move to PostgreSQL (omnisqlite migrate-to-postgres).");
                return ExitCodes.Success;
            });
            return command;
        }
    }
}
