using System;
using System.ComponentModel;
using System.Threading;

namespace OmniSqlite.Native
{
    /// <summary>
    /// One statement text of generated code (a static field per SQL constant) and the parameter names it binds, in the
    /// order the generated code binds them. Its <see cref="Id"/> indexes the statement cache of each native connection.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public sealed class NativeSql
    {
        private static int s_next = -1;

        /// <param name="sql">The statement (one statement; trailing whitespace, semicolons and comments are allowed).</param>
        /// <param name="parameterNames">The parameters as written in the SQL (<c>@p0</c>, <c>$id</c>), in binding order.</param>
        public NativeSql(string sql, params string[] parameterNames)
        {
            Sql = sql ?? throw new ArgumentNullException(nameof(sql));
            ParameterNames = parameterNames ?? throw new ArgumentNullException(nameof(parameterNames));
            Id = Interlocked.Increment(ref s_next);
        }

        public string Sql { get; }

        public string[] ParameterNames { get; }

        /// <summary>Unique per process: the slot of this statement in every native connection's cache.</summary>
        public int Id { get; }
    }
}
