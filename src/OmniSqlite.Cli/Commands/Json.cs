using System.Globalization;
using System.Text.Json;

namespace OmniSqlite.Cli.Commands
{
    /// <summary>The JSON shapes the commands share (camelCase keys, like every --json output).</summary>
    internal static class Json
    {
        public static void WriteBackup(Utf8JsonWriter w, BackupInfo b)
        {
            w.WriteString("path", b.Path);
            w.WriteString("database", b.Database);
            w.WriteString("createdUtc", b.CreatedUtc.ToString("o", CultureInfo.InvariantCulture));
            w.WriteNumber("sequence", b.Sequence);
            w.WriteString("method", b.Method.ToString());
            w.WriteBoolean("compressed", b.Compressed);
            w.WriteNumber("databaseBytes", b.DatabaseBytes);
            w.WriteNumber("fileBytes", b.FileBytes);
            w.WriteNumber("pages", b.Pages);
            w.WriteBoolean("verified", b.Verified);
            w.WriteString("sha256", b.Sha256);
        }

        public static void WriteNullable(Utf8JsonWriter w, string name, long? value)
        {
            if (value is long v)
            {
                w.WriteNumber(name, v);
            }
            else
            {
                w.WriteNull(name);
            }
        }
    }
}
