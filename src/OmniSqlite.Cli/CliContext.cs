using System;
using System.IO;
using System.Text;
using System.Text.Json;

namespace OmniSqlite.Cli
{
    /// <summary>Where a command writes (output for results, error for progress and problems) and how.</summary>
    internal sealed class CliContext
    {
        public CliContext(TextWriter output, TextWriter error, bool interactive)
        {
            Output = output;
            Error = error;
            Interactive = interactive;
        }

        public TextWriter Output { get; }

        public TextWriter Error { get; }

        /// <summary>stderr is a terminal: progress may redraw a line.</summary>
        public bool Interactive { get; }

        public ConsoleProgress Progress(bool quiet) => new(Error, Interactive && !quiet);

        /// <summary>Writes one indented JSON document. Every command names its keys in camelCase.</summary>
        public void WriteJson(Action<Utf8JsonWriter> write)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            {
                write(writer);
            }

            Output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
        }
    }
}
