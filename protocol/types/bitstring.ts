/**
 * bit(n) and bit varying(n): the canonical value is the string of '0'/'1' digits, which is also PG's output
 * text. Input (bit_in/varbit_in), the length coercions bit(x, n, explicit)/varbit(x, n, explicit), the
 * integer casts and the binary format (int32 bit length, then the bits packed most significant first).
 */
import { PgError, SQLSTATE } from '../errors.js';
import { badBinary } from './util.js';

const LENGTH_MISMATCH = '22026';
const HEX_DIGITS = '0123456789abcdef';

/** PG's VARBITMAXLEN: a bit string's length must fit a varlena. */
export const BIT_MAX_LEN = 0x7fffffff - 8 * 8 - 7;

function badDigit(c: string, hex: boolean): PgError {
  return new PgError(
    SQLSTATE.INVALID_TEXT_REPRESENTATION,
    `"${c}" is not a valid ${hex ? 'hexadecimal' : 'binary'} digit`,
  );
}

/**
 * bit_in / varbit_in: '101', 'b101' (B'101' literals reach it this way) or 'x1F' (X'1F'). A typmod > 0 is a
 * declared length the input must match: exactly for bit, at most for varying (no padding: the explicit
 * length coercion does that, see bitApplyLength). The length is checked before the digits, as in PG.
 */
export function bitFromText(text: string, typmod = -1, varying = false): string {
  const c0 = text.charCodeAt(0);
  const hex = c0 === 0x78 || c0 === 0x58; // x X
  const body = hex || c0 === 0x62 || c0 === 0x42 ? text.slice(1) : text; // b B
  const len = hex ? body.length * 4 : body.length;
  if (typmod > 0) {
    if (!varying && len !== typmod)
      throw new PgError(LENGTH_MISMATCH, `bit string length ${len} does not match type bit(${typmod})`);
    if (varying && len > typmod)
      throw new PgError(SQLSTATE.STRING_DATA_RIGHT_TRUNCATION, `bit string too long for type bit varying(${typmod})`);
  }
  if (!hex) {
    for (const c of body) if (c !== '0' && c !== '1') throw badDigit(c, false);
    return body;
  }
  let out = '';
  for (const c of body) {
    const d = HEX_DIGITS.indexOf(c.toLowerCase());
    if (d < 0 || c.length !== 1) throw badDigit(c, true);
    out += d.toString(2).padStart(4, '0');
  }
  return out;
}

/**
 * The length coercion of a cast to bit(n) / bit varying(n): PG's bit() and varbit() functions. Implicit and
 * assignment casts must already fit; explicit ones pad bit(n) with zeros on the right and truncate.
 */
export function bitApplyLength(bits: string, n: number, varying: boolean, explicit: boolean): string {
  if (n <= 0 || bits.length === n || (varying && bits.length < n)) return bits;
  if (!explicit) {
    if (varying)
      throw new PgError(SQLSTATE.STRING_DATA_RIGHT_TRUNCATION, `bit string too long for type bit varying(${n})`);
    throw new PgError(LENGTH_MISMATCH, `bit string length ${bits.length} does not match type bit(${n})`);
  }
  return bits.length > n ? bits.slice(0, n) : bits.padEnd(n, '0');
}

/** bitfromint4/bitfromint8: the low `n` bits of the integer, sign-extended beyond its width (`n` <= 0: 1 bit). */
export function bitFromInt(v: bigint, n: number, width: 32 | 64): string {
  const len = n > 0 ? n : 1;
  const x = BigInt.asIntN(width, v);
  return BigInt.asUintN(len, x).toString(2).padStart(len, '0');
}

/** bittoint4/bittoint8: the bits as an unsigned number wrapped to the type; more bits than fit is 22003. */
export function bitToInt(bits: string, width: 32 | 64): bigint {
  if (bits.length > width)
    throw new PgError(SQLSTATE.NUMERIC_VALUE_OUT_OF_RANGE, `${width === 32 ? 'integer' : 'bigint'} out of range`);
  return bits.length === 0 ? 0n : BigInt.asIntN(width, BigInt(`0b${bits}`));
}

/** bit_send: int32 bit length, then ceil(len / 8) bytes, the last one zero-padded. */
export function bitToBinary(bits: string): Buffer {
  const b = Buffer.alloc(4 + ((bits.length + 7) >> 3));
  b.writeInt32BE(bits.length, 0);
  for (let i = 0; i < bits.length; i++) if (bits.charCodeAt(i) === 0x31) b[4 + (i >> 3)] |= 0x80 >> (i & 7);
  return b;
}

/** bit_recv / varbit_recv. */
export function bitFromBinary(b: Buffer): string {
  if (b.length < 4) throw badBinary('insufficient data left in message');
  const len = b.readInt32BE(0);
  if (len < 0 || len > BIT_MAX_LEN) throw badBinary('invalid length in external bit string');
  if (b.length !== 4 + ((len + 7) >> 3)) throw badBinary('incorrect binary data format');
  let out = '';
  for (let i = 0; i < len; i++) out += b[4 + (i >> 3)] & (0x80 >> (i & 7)) ? '1' : '0';
  return out;
}
