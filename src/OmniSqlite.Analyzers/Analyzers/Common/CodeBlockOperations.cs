using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace OmniSqlite.Analyzers.Analyzers.Common
{
    /// <summary>
    /// The operations of the code blocks worth binding. An operation action makes Roslyn bind every method body of the
    /// project and build its operation tree, and the analyzer that asks first is charged for it: that, not the rules'
    /// own work, was most of these analyzers' time in a real build. A code block action sees syntax only, so each
    /// analyzer first looks in the block's text for a word its rules cannot do without (a SQL rule needs CommandText, a
    /// command, a Dapper call or a helper's name) and binds only the blocks that hold one. The words are a filter, never
    /// a verdict: every rule still decides on the bound operations exactly as an operation action would.
    /// </summary>
    internal static class CodeBlockOperations
    {
        /// <summary>True when the block's source text (comments included: harmless, only more blocks get bound) holds one of <paramref name="words"/>.</summary>
        public static bool Mentions(SyntaxNode block, IReadOnlyList<string> words, StringComparison comparison, CancellationToken cancellationToken)
        {
            string text = block.SyntaxTree.GetText(cancellationToken).ToString(block.Span);
            foreach (string word in words)
            {
                if (text.IndexOf(word, comparison) >= 0) return true;
            }

            return false;
        }

        /// <summary>
        /// Every operation of the block (lambdas and local functions included), in the order an operation action would
        /// see them; empty when the block has no operation tree (an attribute argument, a block of half-typed code).
        /// </summary>
        public static IEnumerable<IOperation> All(CodeBlockAnalysisContext context)
        {
            IOperation? root = context.SemanticModel.GetOperation(context.CodeBlock, context.CancellationToken);
            return root is null ? Array.Empty<IOperation>() : root.DescendantsAndSelf();
        }
    }
}
