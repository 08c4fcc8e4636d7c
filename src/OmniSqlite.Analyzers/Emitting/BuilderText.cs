using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace OmniSqlite.Analyzers.Emitting
{
    /// <summary>
    /// A finished <see cref="SourceWriter"/>'s text handed to Roslyn as it is, in the writer's builder: the same text as
    /// <c>SourceText.From(writer.ToString(), Encoding.UTF8)</c> without copying every generated file into a string first
    /// (for 300 entities some 20 MB per run). The builder is never written again once wrapped.
    /// </summary>
    internal sealed class BuilderText : SourceText
    {
        private readonly StringBuilder _text;

        public BuilderText(StringBuilder text) => _text = text;

        /// <summary>As <c>SourceText.From(text, Encoding.UTF8)</c>: the checksum and an embedded PDB copy are of UTF-8.</summary>
        public override Encoding Encoding => Encoding.UTF8;

        public override int Length => _text.Length;

        public override char this[int position] => _text[position];

        public override void CopyTo(int sourceIndex, char[] destination, int destinationIndex, int count)
            => _text.CopyTo(sourceIndex, destination, destinationIndex, count);

        public override string ToString(TextSpan span) => _text.ToString(span.Start, span.Length);
    }
}
