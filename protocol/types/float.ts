/**
 * float4/float8 text I/O exactly as PostgreSQL 15 writes it: shortest round-trip digits (Ryu) when
 * extra_float_digits > 0, printf's %.*g with DBL_DIG/FLT_DIG + extra_float_digits digits otherwise.
 */
import { PgError, SQLSTATE } from '../errors.js';
import { invalidSyntax, pad2, trimSpace } from './util.js';

/** PG's Ryu output: fixed notation when the decimal exponent is in [-4, limit), exponential otherwise. */
function formatShortest(neg: boolean, digits: string, exp: number, limit: number): string {
  let out: string;
  if (exp >= -4 && exp < limit) {
    if (exp < 0) out = `0.${'0'.repeat(-exp - 1)}${digits}`;
    else if (digits.length <= exp + 1) out = digits + '0'.repeat(exp + 1 - digits.length);
    else out = `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  } else {
    out = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    out += exp < 0 ? `e-${pad2(-exp)}` : `e+${pad2(exp)}`;
  }
  return neg ? `-${out}` : out;
}

/** Split the output of Number#toExponential into sign, digits without the point, and exponent. */
function splitExponential(s: string): [boolean, string, number] {
  const neg = s.charCodeAt(0) === 45;
  const e = s.indexOf('e');
  const mant = s.slice(neg ? 1 : 0, e);
  const digits = mant.length > 1 ? mant[0] + mant.slice(2) : mant;
  return [neg, digits, Number(s.slice(e + 1))];
}

function special(v: number): string | undefined {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Number.POSITIVE_INFINITY) return 'Infinity';
  if (v === Number.NEGATIVE_INFINITY) return '-Infinity';
  if (v === 0) return 1 / v < 0 ? '-0' : '0';
  return undefined;
}

/**
 * `precision` significant digits of v, rounding exact ties to even (glibc's printf and Ryu do; Number#toExponential
 * rounds them away from zero).
 */
function roundDigits(v: number, precision: number): [boolean, string, number] {
  const r = splitExponential(v.toExponential(precision - 1));
  // An exact tie shows as a trailing 5 one digit further; only then look at the exact expansion.
  const next = v.toExponential(precision);
  if (next.charCodeAt(next.indexOf('e') - 1) !== 53) return r;
  const [neg, long, longExp] = splitExponential(v.toExponential(Math.min(100, precision + 30)));
  if (long.charCodeAt(precision) === 53 && /^0*$/.test(long.slice(precision + 1))) {
    const kept = long.slice(0, precision);
    if ((kept.charCodeAt(precision - 1) - 48) % 2 === 0) return [neg, kept, longExp];
  }
  return r;
}

/** printf("%.*g", precision, v). */
function printfG(v: number, precision: number): string {
  const [neg, digits, exp] = roundDigits(v, precision);
  let out: string;
  if (exp < -4 || exp >= precision) {
    const d = digits.replace(/0+$/, '');
    out = d.length > 1 ? `${d[0]}.${d.slice(1)}` : d;
    out += exp < 0 ? `e-${pad2(-exp)}` : `e+${pad2(exp)}`;
  } else {
    const d = digits;
    if (exp < 0) out = `0.${'0'.repeat(-exp - 1)}${d}`;
    else out = d.length <= exp + 1 ? d + '0'.repeat(exp + 1 - d.length) : `${d.slice(0, exp + 1)}.${d.slice(exp + 1)}`;
    if (out.includes('.')) out = out.replace(/\.?0+$/, '');
  }
  return neg ? `-${out}` : out;
}

/**
 * PG builds Ryu without STRICTLY_SHORTEST: the bounds of the rounding interval are excluded, where JS accepts
 * them for even mantissas. A short decimal can only sit exactly on a bound for integers above 2^(mantissa bits+1),
 * so only those are checked, exactly, with BigInt.
 */
function strictlyInside(a: number, digits: string, exp: number, mantBits: number): boolean {
  const k = exp - digits.length + 1;
  const e2 = Math.floor(Math.log2(a));
  const pow2 = 2 ** e2;
  const exactE2 = pow2 > a ? e2 - 1 : pow2 * 2 <= a ? e2 + 1 : e2;
  const ulp = 2n ** BigInt(exactE2 - mantBits);
  const scale = k >= 0 ? 1n : 10n ** BigInt(-k);
  const c = BigInt(digits) * (k >= 0 ? 10n ** BigInt(k) : 1n) * 4n;
  const w = BigInt(a) * scale * 4n;
  const up = ulp * scale * 2n;
  const isPow2 = a === 2 ** exactE2;
  const down = isPow2 ? ulp * scale : up;
  return c < w + up && c > w - down;
}

/** Shortest digits strictly inside the rounding interval, given JS's shortest (bounds-inclusive) candidate. */
function shortestStrict(a: number, digits: string, exp: number, mantBits: number, maxDigits: number): [string, number] {
  if (strictlyInside(a, digits, exp, mantBits)) return [digits, exp];
  for (let p = digits.length + 1; p <= maxDigits; p++) {
    const [, d, e] = roundDigits(a, p);
    const trimmed = d.replace(/(.)0+$/, '$1');
    if (strictlyInside(a, trimmed, e, mantBits)) return [trimmed, e];
  }
  return [digits, exp];
}

export function float8ToText(v: number, extraFloatDigits: number): string {
  if (typeof v !== 'number') v = Number(v);
  const sp = special(v);
  if (sp !== undefined) return sp;
  if (extraFloatDigits > 0) {
    const a = v < 0 ? -v : v;
    // JS prints the same shortest digits in fixed notation over PG's fixed range.
    if (a >= 1e-4 && a < 1e15) return String(v);
    let [neg, digits, exp] = splitExponential(v.toExponential());
    if (a >= 9007199254740992) [digits, exp] = shortestStrict(a, digits, exp, 52, 17);
    return formatShortest(neg, digits, exp, 15);
  }
  return printfG(v, Math.max(1, 15 + extraFloatDigits));
}

export function float4ToText(v: number, extraFloatDigits: number): string {
  const f = Math.fround(typeof v === 'number' ? v : Number(v));
  const sp = special(f);
  if (sp !== undefined) return sp;
  if (extraFloatDigits > 0) {
    // Fewest significant digits that read back as f (round-tripping is monotonic in the digit count).
    let lo = 1;
    let hi = 9;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (Math.fround(Number(f.toExponential(mid - 1))) === f) hi = mid;
      else lo = mid + 1;
    }
    const p = lo;
    let [neg, digits, exp] = roundDigits(f, p);
    digits = digits.replace(/(.)0+$/, '$1');
    const a = f < 0 ? -f : f;
    if (a >= 16777216) [digits, exp] = shortestStrict(a, digits, exp, 23, 9);
    return formatShortest(neg, digits, exp, 6);
  }
  return printfG(f, Math.max(1, 6 + extraFloatDigits));
}

const FLOAT_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function parseFloatCommon(text: string, typeName: string): number {
  const t = trimSpace(text);
  if (FLOAT_RE.test(t)) return Number(t);
  switch (t.toLowerCase()) {
    case 'nan':
    case '+nan':
    case '-nan':
      return Number.NaN;
    case 'infinity':
    case '+infinity':
    case 'inf':
    case '+inf':
      return Number.POSITIVE_INFINITY;
    case '-infinity':
    case '-inf':
      return Number.NEGATIVE_INFINITY;
  }
  // strtod also reads hexadecimal.
  const hex = /^([+-]?)0x([0-9a-f]+)$/i.exec(t);
  if (hex) return (hex[1] === '-' ? -1 : 1) * Number.parseInt(hex[2], 16);
  throw invalidSyntax(typeName, text);
}

function floatRange(text: string, typeName: string) {
  return new PgError(SQLSTATE.NUMERIC_VALUE_OUT_OF_RANGE, `"${text}" is out of range for type ${typeName}`);
}

/** Nonzero digits in the mantissa of a decimal literal (to tell underflow from a written zero). */
function hasNonzeroMantissa(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 101 || c === 69) return false; // e/E
    if (c >= 49 && c <= 57) return true;
  }
  return false;
}

export function float8FromText(text: string): number {
  const v = parseFloatCommon(text, 'double precision');
  if (v === 0 && hasNonzeroMantissa(text)) throw floatRange(text, 'double precision');
  if (!Number.isFinite(v) && !Number.isNaN(v) && /\d/.test(text)) throw floatRange(text, 'double precision');
  return v;
}

export function float4FromText(text: string): number {
  const d = parseFloatCommon(text, 'real');
  const v = Math.fround(d);
  if (v === 0 && hasNonzeroMantissa(text)) throw floatRange(text, 'real');
  if (!Number.isFinite(v) && !Number.isNaN(v) && /\d/.test(text)) throw floatRange(text, 'real');
  return v;
}
