using System.Text;

namespace OmniSqlite.Analyzers.Emitting
{
    /// <summary>Text that goes into generated C#: XML doc text, string literal content, the [GeneratedCode] attribute.</summary>
    internal static class CodeText
    {
        /// <summary>The generator's version, from this assembly (major.minor.build: no commit hash, so output is stable per release).</summary>
        public static readonly string Version = typeof(CodeText).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

        public static readonly string GeneratedCodeAttribute = "[global::System.CodeDom.Compiler.GeneratedCode(\"OmniSqlite.Generator\", \"" + Version + "\")]";

        /// <summary>
        /// Text for an XML doc comment line: <c>&amp;</c> first (escaping it last would turn <c>&amp;lt;</c> into
        /// <c>&amp;amp;lt;</c>), then <c>&lt;</c> and <c>&gt;</c>; line breaks and other control characters become spaces,
        /// since a newline would end the <c>///</c> comment and leave the rest as code.
        /// </summary>
        public static string Xml(string text)
        {
            if (!Any(text, static ch => ch is '&' or '<' or '>' || IsBreakOrControl(ch))) return text; // the common case: nothing to escape, no copy
            var sb = new StringBuilder(text.Length + 8);
            foreach (var ch in text)
            {
                switch (ch)
                {
                    case '&': sb.Append("&amp;"); break;
                    case '<': sb.Append("&lt;"); break;
                    case '>': sb.Append("&gt;"); break;
                    default: sb.Append(IsBreakOrControl(ch) ? ' ' : ch); break;
                }
            }
            return sb.ToString();
        }

        /// <summary>Content for a regular <c>"..."</c> C# string literal: quotes, backslashes, line breaks and control characters escaped.</summary>
        public static string StringContent(string text)
        {
            if (!Any(text, static ch => ch is '\\' or '"' || IsBreakOrControl(ch))) return text;
            var sb = new StringBuilder(text.Length + 8);
            foreach (var ch in text)
            {
                switch (ch)
                {
                    case '\\': sb.Append("\\\\"); break;
                    case '"': sb.Append("\\\""); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    default:
                        if (IsBreakOrControl(ch)) sb.Append("\\u").Append(((int)ch).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                        else sb.Append(ch);
                        break;
                }
            }
            return sb.ToString();
        }

        private static bool IsBreakOrControl(char ch) => char.IsControl(ch) || ch is '\u2028' or '\u2029' or '\u0085';

        private static bool Any(string text, System.Func<char, bool> escaped)
        {
            foreach (var ch in text)
                if (escaped(ch)) return true;
            return false;
        }
    }
}
