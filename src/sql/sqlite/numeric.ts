/**
 * Exact NUMERIC arithmetic on canonical decimal strings (how NUMERIC is stored in SQLite), following
 * PostgreSQL's display-scale rules (add/sub: max scale, mul: sum of scales, div: select_div_scale).
 * Used by the SQLite functions in functions.ts.
 */
import { PgError, SQLSTATE } from '../../../protocol/errors.js';

/** |value| = digits / 10^scale. `nan` for NaN. */
export interface Dec {
  neg: boolean;
  digits: bigint;
  scale: number;
  nan?: boolean;
}

const NAN: Dec = { neg: false, digits: 0n, scale: 0, nan: true };
const MAX_SCALE = 1000;

export function parseDec(v: unknown): Dec | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return { neg: v < 0n, digits: v < 0n ? -v : v, scale: 0 };
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return NAN;
    if (!Number.isFinite(v)) throw new PgError(SQLSTATE.FEATURE_NOT_SUPPORTED, 'numeric infinity is not supported');
    if (Number.isInteger(v) && Math.abs(v) < 2 ** 53) return { neg: v < 0, digits: BigInt(Math.abs(v)), scale: 0 };
    return parseDecText(String(v));
  }
  if (Buffer.isBuffer(v)) return parseDecText(v.toString());
  return parseDecText(String(v));
}

export function parseDecText(input: string): Dec {
  const s = input.trim();
  const m = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) {
    if (/^nan$/i.test(s)) return NAN;
    throw new PgError(SQLSTATE.INVALID_TEXT_REPRESENTATION, `invalid input syntax for type numeric: "${input}"`);
  }
  const frac = m[3] ?? '';
  let digits = BigInt((m[2] || '0') + frac);
  let scale = frac.length;
  const exp = m[4] ? Number(m[4]) : 0;
  if (exp > 0) {
    if (exp >= scale) {
      digits *= 10n ** BigInt(exp - scale);
      scale = 0;
    } else scale -= exp;
  } else if (exp < 0) scale -= exp;
  return { neg: m[1] === '-' && digits !== 0n, digits, scale };
}

export function decToString(d: Dec): string {
  if (d.nan) return 'NaN';
  let s = d.digits.toString();
  if (d.scale > 0) {
    if (s.length <= d.scale) s = '0'.repeat(d.scale - s.length + 1) + s;
    s = `${s.slice(0, s.length - d.scale)}.${s.slice(s.length - d.scale)}`;
  }
  return d.neg && d.digits !== 0n ? `-${s}` : s;
}

function signed(d: Dec): bigint {
  return d.neg ? -d.digits : d.digits;
}

function fromSigned(v: bigint, scale: number): Dec {
  return { neg: v < 0n, digits: v < 0n ? -v : v, scale };
}

function rescale(d: Dec, scale: number): bigint {
  const v = signed(d);
  if (scale >= d.scale) return v * 10n ** BigInt(scale - d.scale);
  return roundDiv(v, 10n ** BigInt(d.scale - scale));
}

/** a / b rounded half away from zero. */
function roundDiv(a: bigint, b: bigint): bigint {
  const neg = a < 0n !== b < 0n;
  const aa = a < 0n ? -a : a;
  const bb = b < 0n ? -b : b;
  let q = aa / bb;
  if ((aa % bb) * 2n >= bb) q++;
  return neg ? -q : q;
}

export function decAdd(a: Dec, b: Dec): Dec {
  if (a.nan || b.nan) return NAN;
  const s = Math.max(a.scale, b.scale);
  return fromSigned(rescale(a, s) + rescale(b, s), s);
}

export function decNeg(a: Dec): Dec {
  return a.nan ? a : { ...a, neg: !a.neg && a.digits !== 0n };
}

export function decSub(a: Dec, b: Dec): Dec {
  return decAdd(a, decNeg(b));
}

export function decMul(a: Dec, b: Dec): Dec {
  if (a.nan || b.nan) return NAN;
  const s = a.scale + b.scale;
  const r = fromSigned(signed(a) * signed(b), s);
  return s > MAX_SCALE ? decRound(r, MAX_SCALE) : r;
}

/** Weight and first digit in PostgreSQL's base-10000 representation. */
function nbase(d: Dec): { weight: number; first: number } {
  if (d.digits === 0n) return { weight: 0, first: 0 };
  const s = d.digits.toString();
  const intLen = s.length - d.scale;
  if (intLen > 0) {
    const weight = Math.floor((intLen - 1) / 4);
    const lead = intLen - weight * 4;
    return { weight, first: Number(s.slice(0, lead)) };
  }
  const zeros = -intLen; // zeros after the point before the first digit
  const g = Math.floor(zeros / 4);
  const groupDigits = `${'0'.repeat(zeros - g * 4)}${s}`.slice(0, 4).padEnd(4, '0');
  return { weight: -(g + 1), first: Number(groupDigits) };
}

export function divScale(a: Dec, b: Dec): number {
  const wa = nbase(a);
  const wb = nbase(b);
  let qweight = wa.weight - wb.weight;
  if (wa.first <= wb.first) qweight--;
  let rscale = 16 - qweight * 4;
  rscale = Math.max(rscale, a.scale, b.scale, 0);
  return Math.min(rscale, MAX_SCALE);
}

export function decDiv(a: Dec, b: Dec, scale?: number): Dec {
  if (a.nan || b.nan) return NAN;
  if (b.digits === 0n) throw new PgError(SQLSTATE.DIVISION_BY_ZERO, 'division by zero');
  const rs = scale ?? divScale(a, b);
  // a/b * 10^rs = (A/10^sa) / (B/10^sb) * 10^rs = A * 10^(rs + sb - sa) / B
  const shift = rs + b.scale - a.scale;
  let num = signed(a);
  let den = signed(b);
  if (shift >= 0) num *= 10n ** BigInt(shift);
  else den *= 10n ** BigInt(-shift);
  return fromSigned(roundDiv(num, den), rs);
}

export function decMod(a: Dec, b: Dec): Dec {
  if (a.nan || b.nan) return NAN;
  if (b.digits === 0n) throw new PgError(SQLSTATE.DIVISION_BY_ZERO, 'division by zero');
  const s = Math.max(a.scale, b.scale);
  return fromSigned(rescale(a, s) % rescale(b, s), s);
}

export function decCmp(a: Dec, b: Dec): number {
  if (a.nan || b.nan) return a.nan && b.nan ? 0 : a.nan ? 1 : -1;
  const s = Math.max(a.scale, b.scale);
  const x = rescale(a, s);
  const y = rescale(b, s);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** round(x, n): half away from zero; negative n rounds left of the point. */
export function decRound(a: Dec, n: number): Dec {
  if (a.nan) return a;
  if (n >= 0) return fromSigned(rescale(a, n), n);
  const v = rescale(a, 0);
  const p = 10n ** BigInt(-n);
  return fromSigned(roundDiv(v, p) * p, 0);
}

export function decTrunc(a: Dec, n: number): Dec {
  if (a.nan) return a;
  const s = Math.max(n, 0);
  let v = signed(a);
  if (s < a.scale) v /= 10n ** BigInt(a.scale - s);
  else v *= 10n ** BigInt(s - a.scale);
  if (n < 0) {
    const p = 10n ** BigInt(-n);
    v = (v / p) * p;
  }
  return fromSigned(v, s);
}

/** Apply a numeric(p,s) typmod: round to s, error when the integer part needs more than p - s digits. */
export function decApplyTypmod(a: Dec, typmod: number): Dec {
  if (typmod < 4 || a.nan) return a;
  const t = typmod - 4;
  const precision = (t >> 16) & 0xffff;
  const scale = ((t & 0x7ff) ^ 1024) - 1024;
  const r = decRound(a, scale);
  const limit = 10n ** BigInt(scale >= 0 ? precision : precision - scale);
  if (r.digits >= limit) {
    throw new PgError(SQLSTATE.NUMERIC_VALUE_OUT_OF_RANGE, 'numeric field overflow', {
      detail: `A field with precision ${precision}, scale ${scale} must round to an absolute value less than ${precision - scale > 0 ? `10^${precision - scale}` : `1`}.`,
    });
  }
  return r;
}

/** numeric -> integer (round half away from zero) with the range of the target type. */
export function decToInt(a: Dec, bits: 16 | 32 | 64): bigint {
  if (a.nan) throw new PgError(SQLSTATE.FEATURE_NOT_SUPPORTED, `cannot convert NaN to ${intName(bits)}`);
  const v = rescale(a, 0);
  checkIntRange(v, bits);
  return v;
}

export function intName(bits: number): string {
  return bits === 16 ? 'smallint' : bits === 32 ? 'integer' : 'bigint';
}

export function checkIntRange(v: bigint, bits: number): void {
  const max = (1n << BigInt(bits - 1)) - 1n;
  if (v > max || v < -max - 1n) throw new PgError(SQLSTATE.NUMERIC_VALUE_OUT_OF_RANGE, `${intName(bits)} out of range`);
}
