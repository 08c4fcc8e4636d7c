using System;
using System.Diagnostics;
using System.Text;

namespace OmniSqlite.Analyzers.Emitting
{
    /// <summary>
    /// A small indented writer, so emitted code reads like hand-written code (after System.Text.Json's SourceWriter).
    /// <see cref="WriteLine(string)"/> takes multi-line text (a raw string template) and indents every line;
    /// <see cref="Line"/> writes its text as is (string literals spanning lines keep their content), <see cref="Open"/> and
    /// <see cref="Close"/> write a block.
    /// </summary>
    internal sealed class SourceWriter
    {
        private readonly StringBuilder _sb = new StringBuilder();
        private int _indent;

        /// <summary>Current depth in steps of four spaces.</summary>
        public int Indentation
        {
            get => _indent;
            set => _indent = value < 0 ? throw new ArgumentOutOfRangeException(nameof(value)) : value;
        }

        /// <summary>Writes each line of <paramref name="text"/> at the current indentation ("\r\n" or "\n"; empty lines stay empty).</summary>
        public SourceWriter WriteLine(string text)
        {
            int start = 0;
            while (true)
            {
                int end = text.IndexOf('\n', start);
                if (end < 0)
                {
                    WriteOne(text, start, text.Length);
                    return this;
                }
                WriteOne(text, start, end > start && text[end - 1] == '\r' ? end - 1 : end);
                start = end + 1;
            }
        }

        public SourceWriter WriteLine() => WriteLine("");

        /// <summary>Writes <paramref name="text"/> as one line: text after a newline inside it (a multi-line verbatim SQL literal) is not indented.</summary>
        public SourceWriter Line(string text = "")
        {
            WriteOne(text, 0, text.Length);
            return this;
        }

        public SourceWriter Open(string text)
        {
            WriteLine(text);
            WriteLine("{");
            _indent++;
            return this;
        }

        public SourceWriter Close(string suffix = "")
        {
            _indent--;
            WriteLine("}" + suffix);
            return this;
        }

        private void WriteOne(string text, int start, int end)
        {
            if (end > start) _sb.Append(' ', _indent * 4).Append(text, start, end - start);
            _sb.Append('\n');
        }

        /// <summary>The text; every <see cref="Open"/> must have been closed.</summary>
        public override string ToString()
        {
            Debug.Assert(_indent == 0, "SourceWriter: a block was left open.");
            return _sb.ToString();
        }
    }
}
