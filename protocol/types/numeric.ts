/**
 * numeric: canonical value is PG's text form ('1.50', '-0.001', 'NaN', 'Infinity', '-Infinity').
 * Text input normalises like numeric_in (scale kept from the input, exponent applied); binary is numeric_send's
 * format (ndigits, weight, sign, dscale, base-10000 digits).
 */
import { PgError, SQLSTATE } from '../errors.js';
import { badBinary, invalidSyntax, trimSpace } from './util.js';

const NUMERIC_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const MAX_WEIGHT_DIGITS = 131072;
const MAX_DSCALE = 16383;

const SIGN_POS = 0x0000;
const SIGN_NEG = 0x4000;
const SIGN_NAN = 0xc000;
const SIGN_PINF = 0xd000;
const SIGN_NINF = 0xf000;

function overflow() {
  return new PgError(SQLSTATE.NUMERIC_VALUE_OUT_OF_RANGE, 'value overflows numeric format');
}

/** numeric_in: text -> canonical text. */
export function numericFromText(text: string): string {
  const t = trimSpace(text);
  const m = NUMERIC_RE.exec(t);
  if (!m || (m[2] === '' && (m[3] === undefined || m[3] === ''))) {
    switch (t.toLowerCase()) {
      case 'nan':
        return 'NaN';
      case 'infinity':
      case '+infinity':
      case 'inf':
      case '+inf':
        return 'Infinity';
      case '-infinity':
      case '-inf':
        return '-Infinity';
    }
    throw invalidSyntax('numeric', text);
  }
  const neg = m[1] === '-';
  const intDigits = m[2];
  const fracDigits = m[3] ?? '';
  const exp = m[4] === undefined ? 0 : Number(m[4]);
  if (!Number.isSafeInteger(exp) || Math.abs(exp) >= 1073741823) throw overflow();
  if (exp === 0) return build(neg, intDigits, fracDigits);
  const all = intDigits + fracDigits;
  const point = intDigits.length + exp;
  const dscale = Math.max(0, fracDigits.length - exp);
  let intPart: string;
  let fracPart: string;
  if (point <= 0) {
    intPart = '';
    fracPart = '0'.repeat(-point) + all;
  } else if (point >= all.length) {
    if (point > MAX_WEIGHT_DIGITS + all.length) throw overflow();
    intPart = all + '0'.repeat(point - all.length);
    fracPart = '';
  } else {
    intPart = all.slice(0, point);
    fracPart = all.slice(point);
  }
  if (fracPart.length > dscale) fracPart = fracPart.slice(0, dscale);
  else if (fracPart.length < dscale) fracPart += '0'.repeat(dscale - fracPart.length);
  return build(neg, intPart, fracPart);
}

function build(neg: boolean, intPart: string, fracPart: string): string {
  let i = 0;
  while (i < intPart.length - 1 && intPart.charCodeAt(i) === 48) i++;
  if (i > 0) intPart = intPart.slice(i);
  if (intPart === '') intPart = '0';
  if (intPart.length > MAX_WEIGHT_DIGITS || fracPart.length > MAX_DSCALE) throw overflow();
  const body = fracPart.length > 0 ? `${intPart}.${fracPart}` : intPart;
  if (neg && !/^[0.]*$/.test(body)) return `-${body}`;
  return body;
}

/** Canonical numeric text for any JS value the engines may produce (string, number, bigint). */
export function toNumericText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') {
    if (Number.isInteger(v) && Math.abs(v) < 1e21) return v === 0 ? '0' : String(v);
    if (Number.isNaN(v)) return 'NaN';
    if (v === Number.POSITIVE_INFINITY) return 'Infinity';
    if (v === Number.NEGATIVE_INFINITY) return '-Infinity';
    return numericFromText(String(v));
  }
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'boolean') return v ? '1' : '0';
  return numericFromText(String(v));
}

/** numeric_send. */
export function numericToBinary(v: unknown): Buffer {
  const s = toNumericText(v);
  const c = s.charCodeAt(0);
  if (c === 78 || c === 73 || (c === 45 && s.charCodeAt(1) === 73)) {
    const b = Buffer.alloc(8);
    // numeric_send reports dscale 32 for the infinities (bits of the special header).
    if (s === 'NaN') b.writeUInt16BE(SIGN_NAN, 4);
    else {
      b.writeUInt16BE(c === 45 ? SIGN_NINF : SIGN_PINF, 4);
      b.writeUInt16BE(0x20, 6);
    }
    return b;
  }
  const neg = c === 45;
  const body = neg ? s.slice(1) : s;
  const dot = body.indexOf('.');
  let intPart = dot < 0 ? body : body.slice(0, dot);
  let fracPart = dot < 0 ? '' : body.slice(dot + 1);
  const dscale = fracPart.length;
  if (intPart === '0') intPart = '';
  if (intPart.length % 4) intPart = '000'.slice(0, 4 - (intPart.length % 4)) + intPart;
  if (fracPart.length % 4) fracPart += '000'.slice(0, 4 - (fracPart.length % 4));
  const digits: number[] = [];
  for (let i = 0; i < intPart.length; i += 4) digits.push(Number(intPart.slice(i, i + 4)));
  for (let i = 0; i < fracPart.length; i += 4) digits.push(Number(fracPart.slice(i, i + 4)));
  let weight = intPart.length / 4 - 1;
  let start = 0;
  while (start < digits.length && digits[start] === 0) {
    start++;
    weight--;
  }
  let end = digits.length;
  while (end > start && digits[end - 1] === 0) end--;
  const n = end - start;
  const b = Buffer.allocUnsafe(8 + 2 * n);
  b.writeInt16BE(n, 0);
  b.writeInt16BE(n === 0 ? 0 : weight, 2);
  b.writeUInt16BE(neg && n > 0 ? SIGN_NEG : SIGN_POS, 4);
  b.writeUInt16BE(dscale, 6);
  for (let i = 0; i < n; i++) b.writeUInt16BE(digits[start + i], 8 + 2 * i);
  return b;
}

/** numeric_recv -> canonical text. */
export function numericFromBinary(buf: Buffer): string {
  if (buf.length < 8) throw badBinary('insufficient data left in message');
  const n = buf.readUInt16BE(0);
  const weight = buf.readInt16BE(2);
  const sign = buf.readUInt16BE(4);
  const dscale = buf.readUInt16BE(6);
  if (sign === SIGN_NAN) return 'NaN';
  if (sign === SIGN_PINF) return 'Infinity';
  if (sign === SIGN_NINF) return '-Infinity';
  if ((sign !== SIGN_POS && sign !== SIGN_NEG) || buf.length < 8 + 2 * n) {
    throw badBinary('invalid sign in external "numeric" value');
  }
  const digit = (k: number): number => {
    if (k < 0 || k >= n) return 0;
    const d = buf.readUInt16BE(8 + 2 * k);
    if (d >= 10000) throw badBinary('invalid digit in external "numeric" value');
    return d;
  };
  let intPart = '';
  for (let k = 0; k <= weight; k++) {
    const d = String(digit(k));
    intPart += k === 0 ? d : '0000'.slice(d.length) + d;
  }
  if (intPart === '') intPart = '0';
  let fracPart = '';
  for (let k = weight + 1; fracPart.length < dscale; k++) {
    const d = String(digit(k));
    fracPart += '0000'.slice(d.length) + d;
  }
  return build(sign === SIGN_NEG, intPart, fracPart.slice(0, dscale));
}
