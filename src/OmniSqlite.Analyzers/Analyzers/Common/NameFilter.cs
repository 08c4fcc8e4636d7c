using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace OmniSqlite.Analyzers.Analyzers.Common
{
    /// <summary>
    /// The text test of <see cref="CodeBlockOperations"/> for whole names (<c>SqliteConnection</c>, <c>DataSource</c>): each
    /// file is read once, in one pass that notes where a listed name stands as a whole word, and a block is then one binary
    /// search. Searching every block for each of a few dozen names cost more than the binding it spared.
    /// </summary>
    internal sealed class NameFilter
    {
        private readonly Dictionary<int, List<string>> _byHash = new Dictionary<int, List<string>>();
        private readonly int _longest;
        private readonly int _shortest = int.MaxValue;

        // The first characters of the names (ASCII): most words of code (keywords, locals) start with another, and are passed over.
        private readonly bool[] _first = new bool[128];

        // A name starts with a non-ASCII character: words starting with one are not passed over.
        private readonly bool _nonAsciiFirst;
        private readonly ConcurrentDictionary<SyntaxTree, int[]> _positions = new ConcurrentDictionary<SyntaxTree, int[]>();

        public NameFilter(IEnumerable<string> names)
        {
            foreach (string name in names)
            {
                if (name.Length == 0) continue;
                int hash = Hash(name, 0, name.Length);
                if (!_byHash.TryGetValue(hash, out List<string>? bucket)) _byHash[hash] = bucket = new List<string>();
                bucket.Add(name);
                _longest = Math.Max(_longest, name.Length);
                _shortest = Math.Min(_shortest, name.Length);
                if (name[0] < 128) _first[name[0]] = true;
                else _nonAsciiFirst = true;
            }
        }

        /// <summary>True when one of the names stands as a whole word in <paramref name="span"/> of <paramref name="tree"/>.</summary>
        public bool Mentions(SyntaxTree tree, TextSpan span, CancellationToken cancellationToken)
        {
            if (!_positions.TryGetValue(tree, out int[]? positions))
                positions = _positions.GetOrAdd(tree, Index(tree.GetText(cancellationToken).ToString()));
            if (positions.Length == 0) return false;
            int index = Array.BinarySearch(positions, span.Start);
            if (index < 0) index = ~index;
            return index < positions.Length && positions[index] < span.End;
        }

        /// <summary>The sorted start of every whole word of the text that is one of the names.</summary>
        private int[] Index(string text)
        {
            var found = new List<int>();
            int i = 0;
            while (i < text.Length)
            {
                if (!IsWordChar(text[i])) { i++; continue; }
                int start = i;
                while (i < text.Length && IsWordChar(text[i])) i++;
                int length = i - start;
                char first = text[start];
                if (length > _longest || length < _shortest || (first < 128 ? !_first[first] : !_nonAsciiFirst)) continue;
                if (!_byHash.TryGetValue(Hash(text, start, length), out List<string>? bucket)) continue;
                foreach (string name in bucket)
                {
                    if (name.Length == length && string.CompareOrdinal(text, start, name, 0, length) == 0) { found.Add(start); break; }
                }
            }

            return found.ToArray();
        }

        private static bool IsWordChar(char c) => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_' || c > 127 && char.IsLetterOrDigit(c);

        private static int Hash(string text, int start, int length)
        {
            unchecked
            {
                int hash = (int)2166136261;
                for (int i = start; i < start + length; i++) hash = (hash ^ text[i]) * 16777619;
                return hash;
            }
        }
    }
}
