using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace OmniSqlite.Analyzers.Emitting
{
    /// <summary>
    /// A small indented writer, so emitted code reads like hand-written code (after System.Text.Json's SourceWriter).
    /// <see cref="WriteLine(string)"/> takes multi-line text (a raw string template) and indents every line;
    /// <see cref="Line(string)"/> writes its text as is (string literals spanning lines keep their content), <see cref="Open(string)"/> and
    /// <see cref="Close"/> write a block.
    /// Interpolated arguments (<c>w.Line($"return {x};")</c>) are appended part by part straight into the builder: a large
    /// project emits some 200,000 lines, and a temporary string per line was most of the generator's garbage.
    /// </summary>
    internal sealed class SourceWriter
    {
        private readonly StringBuilder _sb;
        private int _indent;
        /// <summary>Where the line being written starts (its indentation included); trailing spaces are trimmed back to it.</summary>
        private int _lineStart;
        /// <summary>The line's indentation is written: only with its first text, so an empty line has nothing to take back.</summary>
        private bool _indented;

        public SourceWriter() => _sb = new StringBuilder();

        /// <summary>
        /// <paramref name="capacity"/>: the expected length, so the text grows in one array instead of a chain of chunks. Keep it
        /// under 42,000 chars: a larger array lands on the large object heap, collected only with generation 2.
        /// </summary>
        public SourceWriter(int capacity) => _sb = new StringBuilder(capacity);

        /// <summary>Current depth in steps of four spaces.</summary>
        public int Indentation
        {
            get => _indent;
            set => _indent = value < 0 ? throw new ArgumentOutOfRangeException(nameof(value)) : value;
        }

        /// <summary>Writes each line of <paramref name="text"/> at the current indentation ("\r\n" or "\n"; empty lines stay empty).</summary>
        public SourceWriter WriteLine(string text)
        {
            StartLine();
            AppendLines(text);
            EndLine();
            return this;
        }

        /// <summary>As <see cref="WriteLine(string)"/>, with the parts of an interpolated string appended as they come.</summary>
        public SourceWriter WriteLine([InterpolatedStringHandlerArgument("")] LinesHandler text)
        {
            EndLine();
            return this;
        }

        public SourceWriter WriteLine() => Line();

        /// <summary>Writes <paramref name="text"/> as one line: text after a newline inside it (a multi-line verbatim SQL literal) is not indented.</summary>
        public SourceWriter Line(string text = "")
        {
            StartLine();
            Write(text);
            EndLine();
            return this;
        }

        /// <summary>As <see cref="Line(string)"/>, with the parts of an interpolated string appended as they come.</summary>
        public SourceWriter Line([InterpolatedStringHandlerArgument("")] LineHandler text)
        {
            EndLine();
            return this;
        }

        public SourceWriter Open(string text)
        {
            WriteLine(text);
            Line("{");
            _indent++;
            return this;
        }

        public SourceWriter Open([InterpolatedStringHandlerArgument("")] LinesHandler text)
        {
            EndLine();
            Line("{");
            _indent++;
            return this;
        }

        public SourceWriter Close(string suffix = "")
        {
            _indent--;
            StartLine();
            Write("}");
            AppendLines(suffix);
            EndLine();
            return this;
        }

        private void StartLine()
        {
            _lineStart = _sb.Length;
            _indented = false;
        }

        /// <summary>Appends text to the line, after its indentation.</summary>
        private void Write(string? text) => Write(text, 0, text?.Length ?? 0);

        private void Write(string? text, int start, int count)
        {
            if (count == 0) return;
            if (!_indented)
            {
                _sb.Append(' ', _indent * 4);
                _indented = true;
            }
            _sb.Append(text, start, count);
        }

        /// <summary>Ends the line: a template line left blank by an empty hole writes as an empty line, without trailing spaces.</summary>
        private void EndLine()
        {
            int end = _sb.Length;
            while (end > _lineStart && _sb[end - 1] == ' ') end--;
            // Only indentation left: an empty line. (Length only when it changes: shortening across a chunk copies.)
            if (end < _sb.Length) _sb.Length = end;
            _sb.Append('\n');
        }

        /// <summary>Appends text that may hold line breaks: each "\n" (or "\r\n") ends the line and indents the next.</summary>
        private void AppendLines(string? text)
        {
            if (text is not null) AppendLines(text, 0, text.Length);
        }

        private void AppendLines(string text, int start, int end)
        {
            while (true)
            {
                int newline = text.IndexOf('\n', start, end - start);
                if (newline < 0)
                {
                    Write(text, start, end - start);
                    return;
                }
                Write(text, start, newline - start);
                // "\r\n": the '\r' is part of the line break (it may have come in an earlier part).
                if (_sb.Length > _lineStart && _sb[_sb.Length - 1] == '\r') _sb.Length--;
                EndLine();
                StartLine();
                start = newline + 1;
            }
        }

        /// <summary>Appends <c>@"text"</c>, quotes doubled (<see cref="Ddl.Literal"/>); <paramref name="lines"/>: line breaks as <see cref="AppendLines(string?)"/>.</summary>
        private void AppendVerbatim(string text, bool lines)
        {
            Write("@\"");
            int start = 0;
            while (start < text.Length)
            {
                int quote = text.IndexOf('"', start);
                int end = quote < 0 ? text.Length : quote + 1;
                if (lines) AppendLines(text, start, end);
                else Write(text, start, end - start);
                if (quote >= 0) Write("\"");
                start = end;
            }
            Write("\"");
        }

        /// <summary>The text; every <see cref="Open(string)"/> must have been closed.</summary>
        public override string ToString()
        {
            Debug.Assert(_indent == 0, "SourceWriter: a block was left open.");
            return _sb.ToString();
        }

        /// <summary>The text for <c>AddSource</c>, without a copy; write nothing more after this.</summary>
        public SourceText ToSourceText()
        {
            Debug.Assert(_indent == 0, "SourceWriter: a block was left open.");
            return new BuilderText(_sb);
        }

        /// <summary>An interpolated line for <see cref="Line(LineHandler)"/>: parts are appended as is.</summary>
        [InterpolatedStringHandler]
        public readonly struct LineHandler
        {
            private readonly SourceWriter _w;

            public LineHandler(int literalLength, int formattedCount, SourceWriter writer)
            {
                _w = writer;
                writer.StartLine();
            }

            public void AppendLiteral(string value) => _w.Write(value);

            public void AppendFormatted(string? value) => _w.Write(value);

            public void AppendFormatted(VerbatimLiteral value) => _w.AppendVerbatim(value.Text, lines: false);

            /// <summary>Other values as string concatenation writes them (<c>ToString()</c>).</summary>
            public void AppendFormatted<T>(T value) => _w.Write(value?.ToString());
        }

        /// <summary>Interpolated text for <see cref="WriteLine(LinesHandler)"/>: line breaks in any part indent the next line.</summary>
        [InterpolatedStringHandler]
        public readonly struct LinesHandler
        {
            private readonly SourceWriter _w;

            public LinesHandler(int literalLength, int formattedCount, SourceWriter writer)
            {
                _w = writer;
                writer.StartLine();
            }

            public void AppendLiteral(string value) => _w.AppendLines(value);

            public void AppendFormatted(string? value) => _w.AppendLines(value);

            public void AppendFormatted(VerbatimLiteral value) => _w.AppendVerbatim(value.Text, lines: true);

            public void AppendFormatted<T>(T value) => _w.AppendLines(value?.ToString());
        }
    }
}
