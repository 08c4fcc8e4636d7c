using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;

namespace OmniSqlite.Cli.Commands
{
    /// <summary><c>omnisqlite replicas list &lt;folder&gt;</c>: the generations of a replica with their time ranges and sizes.</summary>
    internal static class ReplicasCommand
    {
        public static Command Create(CliContext context)
        {
            var dir = new Argument<string>("dir") { Description = "The replica folder (as given to replicate --to)." };
            var json = CommonOptions.Json();
            var list = new Command("list", "List a replica's generations, oldest first: time range restorable, snapshot and segment sizes.") { dir, json };
            list.SetAction(result =>
            {
                string directory = result.GetValue(dir)!;
                if (!Directory.Exists(directory))
                {
                    throw new CliException(ExitCodes.NotFound, $"The replica folder '{Path.GetFullPath(directory)}' does not exist.");
                }

                IReadOnlyList<ReplicaGeneration> generations = new SqliteReplica(directory).ListGenerations();
                if (result.GetValue(json))
                {
                    context.WriteJson(w =>
                    {
                        w.WriteStartArray();
                        foreach (ReplicaGeneration g in generations)
                        {
                            w.WriteStartObject();
                            w.WriteString("id", g.Id);
                            w.WriteBoolean("isComplete", g.IsComplete);
                            w.WriteString("database", g.Database);
                            w.WriteString("reason", g.Reason);
                            WriteTime(w, "snapshotUtc", g.SnapshotUtc);
                            WriteTime(w, "validFromUtc", g.ValidFromUtc);
                            WriteTime(w, "lastShippedUtc", g.LastShippedUtc);
                            w.WriteNumber("snapshotBytes", g.SnapshotBytes);
                            w.WriteNumber("segments", g.Segments);
                            w.WriteNumber("segmentBytes", g.SegmentBytes);
                            w.WriteNumber("compactedSegments", g.CompactedSegments);
                            w.WriteNumber("compactedFiles", g.CompactedFiles);
                            w.WriteEndObject();
                        }

                        w.WriteEndArray();
                    });
                }
                else
                {
                    foreach (ReplicaGeneration g in generations)
                    {
                        context.Output.WriteLine(g.IsComplete
                            ? string.Format(CultureInfo.InvariantCulture, "{0}  {1:yyyy-MM-dd HH:mm:ss}Z .. {2:yyyy-MM-dd HH:mm:ss}Z  snapshot {3,9}  {4,6} segments {5,9} ({6} compacted into {7} files)  {8}",
                                g.Id, g.ValidFromUtc, g.LastShippedUtc, ConsoleProgress.Size(g.SnapshotBytes), g.Segments, ConsoleProgress.Size(g.SegmentBytes), g.CompactedSegments, g.CompactedFiles, g.Reason)
                            : g.Id + "  incomplete (being started, or its replicator died starting it)");
                    }
                }

                return ExitCodes.Success;
            });
            return new Command("replicas", "Inspect replicas written by 'replicate'.") { list };
        }

        private static void WriteTime(System.Text.Json.Utf8JsonWriter w, string name, System.DateTime? value)
        {
            if (value is System.DateTime t)
            {
                w.WriteString(name, t.ToString("o", CultureInfo.InvariantCulture));
            }
            else
            {
                w.WriteNull(name);
            }
        }
    }
}
