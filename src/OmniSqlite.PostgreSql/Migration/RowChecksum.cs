using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace OmniSqlite.PostgreSql.Migration
{
    /// <summary>
    /// A table's checksum: the sum, modulo 2^256, of the SHA-256 of each row's canonical form. The sum does not depend on
    /// row order, so PostgreSQL's collations and uuid ordering (which differ from SQLite's) cannot make equal tables differ,
    /// while a missing, extra, duplicated or changed row changes it.
    /// </summary>
    internal sealed class RowChecksum
    {
        private readonly ArrayBufferWriter<byte> _row = new(256);
        private readonly byte[] _hash = new byte[32];
        // Little-endian limbs of the 256-bit sum.
        private ulong _s0, _s1, _s2, _s3;

        public long Rows { get; private set; }

        public void AddNull() => _row.Write(stackalloc byte[] { 0 });

        /// <summary>A value: a marker, its length, then its canonical UTF-8 text (bytea: its bytes).</summary>
        public void Add(ColumnKind kind, object value)
        {
            if (kind == ColumnKind.Bytea)
            {
                Add((byte[])value);
                return;
            }

            string text = ValueConversion.Canonical(kind, value);
            int length = Encoding.UTF8.GetByteCount(text);
            Header(length);
            Encoding.UTF8.GetBytes(text, _row.GetSpan(length));
            _row.Advance(length);
        }

        private void Add(byte[] bytes)
        {
            Header(bytes.Length);
            _row.Write(bytes);
        }

        private void Header(int length)
        {
            Span<byte> header = stackalloc byte[5];
            header[0] = 1;
            BinaryPrimitives.WriteInt32LittleEndian(header.Slice(1), length);
            _row.Write(header);
        }

        /// <summary>Ends a row: adds its hash to the sum.</summary>
        public void EndRow()
        {
            SHA256.HashData(_row.WrittenSpan, _hash);
            _row.Clear();
            Rows++;
            ulong carry = 0;
            _s0 = AddLimb(_s0, BinaryPrimitives.ReadUInt64LittleEndian(_hash.AsSpan(0)), ref carry);
            _s1 = AddLimb(_s1, BinaryPrimitives.ReadUInt64LittleEndian(_hash.AsSpan(8)), ref carry);
            _s2 = AddLimb(_s2, BinaryPrimitives.ReadUInt64LittleEndian(_hash.AsSpan(16)), ref carry);
            _s3 = AddLimb(_s3, BinaryPrimitives.ReadUInt64LittleEndian(_hash.AsSpan(24)), ref carry);
        }

        private static ulong AddLimb(ulong a, ulong b, ref ulong carry)
        {
            ulong sum = unchecked(a + b + carry);
            carry = sum < a || (carry == 1 && sum == a) ? 1UL : 0UL;
            return sum;
        }

        /// <summary>The sum as 64 hex digits, most significant first.</summary>
        public string Value => $"{_s3:x16}{_s2:x16}{_s1:x16}{_s0:x16}";
    }
}
