using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace OmniSqlite.Analyzers.Analyzers.Common
{
    /// <summary>
    /// The text test of <see cref="CodeBlockOperations"/> for one analyzer in one compilation, without a copy per block:
    /// each file's text is taken once (for a file read from disk that is the string the compiler already holds), a file
    /// that holds none of the words skips all its blocks after one lookup, and a block is searched in place.
    /// </summary>
    internal sealed class BlockFilter
    {
        private readonly StringComparison _comparison;

        // The file's text, or "" when it holds none of the words (the words of one file never change: its options don't).
        private readonly ConcurrentDictionary<SyntaxTree, string> _texts = new ConcurrentDictionary<SyntaxTree, string>();

        public BlockFilter(StringComparison comparison)
        {
            _comparison = comparison;
        }

        /// <summary>
        /// True when the block's source text holds one of <paramref name="words"/>. The block of a field or property is its
        /// whole declaration, so its name counts (<c>DatabasePath { get; set; } = "app.db"</c>); comments count too (harmless:
        /// only one more block gets bound).
        /// </summary>
        public bool Mentions(SyntaxNode block, IReadOnlyList<string> words, CancellationToken cancellationToken)
            => Mentions(block.SyntaxTree, block.Span, words, cancellationToken);

        /// <summary>True when the text of <paramref name="span"/> in <paramref name="tree"/> holds one of <paramref name="words"/>.</summary>
        public bool Mentions(SyntaxTree tree, TextSpan span, IReadOnlyList<string> words, CancellationToken cancellationToken)
        {
            if (!_texts.TryGetValue(tree, out string? text))
            {
                text = tree.GetText(cancellationToken).ToString();
                if (!Contains(text, 0, text.Length, words, _comparison)) text = "";
                text = _texts.GetOrAdd(tree, text);
            }

            return text.Length > 0 && span.End <= text.Length && Contains(text, span.Start, span.Length, words, _comparison);
        }

        /// <summary>True when <paramref name="text"/> holds one of <paramref name="words"/> between start and start + length.</summary>
        internal static bool Contains(string text, int start, int length, IReadOnlyList<string> words, StringComparison comparison)
        {
            foreach (string word in words)
            {
                if (text.IndexOf(word, start, length, comparison) >= 0) return true;
            }

            return false;
        }
    }
}
