using System;
using System.CommandLine;
using System.Globalization;

namespace OmniSqlite.Cli.Commands
{
    /// <summary><c>omnisqlite replicate &lt;db&gt; --to &lt;folder&gt;</c>: ship the database's WAL continuously until stopped (Ctrl+C or SIGTERM).</summary>
    internal static class ReplicateCommand
    {
        public static Command Create(CliContext context)
        {
            var db = CommonOptions.Database("The database file to replicate (in WAL mode). Run this beside the application, on the same machine.");
            var to = new Option<string>("--to", "-t") { Description = "The replica folder (local or mounted).", Required = true };
            var interval = new Option<string?>("--interval") { Description = "How often new WAL frames are shipped (the recovery point): 1s by default; 500ms, 2s, ..." };
            var snapshotInterval = new Option<string?>("--snapshot-interval") { Description = "How often a fresh snapshot starts a new generation: 1h by default." };
            var retention = new Option<string?>("--retention") { Description = "How far back a restore can go: 24h by default; older generations are deleted." };
            var json = CommonOptions.Json();
            var command = new Command("replicate", "Continuously replicate a database's WAL to a folder (snapshots + checksummed segments), until stopped. Restore with 'restore --from-replica'.")
            {
                db, to, interval, snapshotInterval, retention, json,
            };
            command.SetAction(async (result, cancellationToken) =>
            {
                string database = result.GetValue(db)!;
                DatabaseFile.RequireExisting(database);
                var options = new ReplicationOptions
                {
                    Database = database,
                    Directory = result.GetValue(to)!,
                    ShipInterval = Duration(result.GetValue(interval), "--interval") ?? TimeSpan.FromSeconds(1),
                    SnapshotInterval = Duration(result.GetValue(snapshotInterval), "--snapshot-interval") ?? TimeSpan.FromHours(1),
                    Retention = Duration(result.GetValue(retention), "--retention") ?? TimeSpan.FromHours(24),
                };
                bool asJson = result.GetValue(json);
                using var replicator = new SqliteReplicator(options);

                // The first ship runs here so that a wrong database or a locked replica fails at once with its exit code.
                Report(context, asJson, replicator, await replicator.ShipAsync(cancellationToken).ConfigureAwait(false));
                try
                {
                    while (true)
                    {
                        await replicator.WaitForNextShipAsync(cancellationToken).ConfigureAwait(false);
                        try
                        {
                            Report(context, asJson, replicator, await replicator.ShipAsync(cancellationToken).ConfigureAwait(false));
                        }
                        catch (Exception ex) when (!(ex is OperationCanceledException))
                        {
                            // Keep replicating: a full disk or a busy moment passes; the next ship checks the WAL strictly.
                            await context.Error.WriteLineAsync("warning: shipping failed, retrying next interval: " + ex.Message).ConfigureAwait(false);
                        }
                    }
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // Ctrl+C / SIGTERM is how replication stops: everything shipped so far is published.
                    await context.Error.WriteLineAsync($"stopped; {replicator.SegmentsShipped} segments shipped.").ConfigureAwait(false);
                    return ExitCodes.Success;
                }
            });
            return command;
        }

        private static void Report(CliContext context, bool asJson, SqliteReplicator replicator, ReplicaShipResult shipped)
        {
            if (shipped.NewGenerationReason is null && shipped.Frames == 0)
            {
                return;
            }

            if (asJson)
            {
                // One JSON object per line while running (the command does not end by itself).
                using var buffer = new System.IO.MemoryStream();
                using (var w = new System.Text.Json.Utf8JsonWriter(buffer))
                {
                    w.WriteStartObject();
                    w.WriteString("generation", shipped.Generation);
                    if (shipped.NewGenerationReason is null)
                    {
                        w.WriteNull("newGenerationReason");
                    }
                    else
                    {
                        w.WriteString("newGenerationReason", shipped.NewGenerationReason);
                    }

                    w.WriteNumber("frames", shipped.Frames);
                    w.WriteNumber("bytes", shipped.Bytes);
                    w.WriteBoolean("checkpointed", shipped.Checkpointed);
                    w.WriteString("shippedUtc", (replicator.LastShippedUtc ?? default).ToString("o", CultureInfo.InvariantCulture));
                    w.WriteEndObject();
                }

                context.Output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
            }
            else if (shipped.NewGenerationReason != null)
            {
                context.Output.WriteLine($"generation {shipped.Generation} started ({shipped.NewGenerationReason}) in {replicator.Destination.Location}");
            }

            context.Output.Flush();
        }

        /// <summary>Parses 500ms, 2s, 10m, 1h, 1d or a TimeSpan; null stays null.</summary>
        internal static TimeSpan? Duration(string? text, string option)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            string t = text!.Trim();
            if (t.EndsWith("ms", StringComparison.OrdinalIgnoreCase) && double.TryParse(t.AsSpan(0, t.Length - 2), NumberStyles.Float, CultureInfo.InvariantCulture, out double ms))
            {
                return TimeSpan.FromMilliseconds(ms);
            }

            try
            {
                return CommonOptions.ParseAge(t);
            }
            catch (CliException)
            {
                throw new CliException(ExitCodes.Usage, $"{option} '{text}' is not a duration; use 500ms, 2s, 10m, 1h, 1d or 01:00:00.");
            }
        }
    }
}
