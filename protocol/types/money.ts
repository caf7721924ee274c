/**
 * money: a 64-bit count of cents. Lumos answers as PG does with lc_monetary = C (what these servers run):
 * '$' currency symbol, '.' decimal point, ',' thousands separator, 2 fraction digits, '-' before the symbol
 * for negative amounts ('-$1,234.50'). Canonical value: cents as a number, or a bigint beyond 2^53.
 */
import { PgError, SQLSTATE } from '../errors.js';
import { normalizeInt8 } from './scalar.js';
import { badBinary, invalidSyntax, isSpaceCode } from './util.js';

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const FRACTION_DIGITS = 2;

const isDigit = (c: number) => c >= 48 && c <= 57;

/** 22003 for results of money arithmetic outside int64 (PG's "money out of range"). */
export function moneyOutOfRange(): PgError {
  return new PgError(SQLSTATE.NUMERIC_VALUE_OUT_OF_RANGE, 'money out of range');
}

/** Cents as a bigint, checked to fit money. */
export function checkMoney(v: bigint): bigint {
  if (v < INT64_MIN || v > INT64_MAX) throw moneyOutOfRange();
  return v;
}

/**
 * cash_in: optional blanks, '$', a sign ('-', '+' or '(' ), digits with ',' separators anywhere and at most one
 * '.', then blanks, ')', a trailing sign or '$'. A third fraction digit rounds the amount half away from zero
 * ('12.345' is $12.35); later digits are ignored. The empty string is $0.00, as in PG.
 */
export function moneyFromText(text: string): number | bigint {
  const out = () => new PgError(SQLSTATE.NUMERIC_VALUE_OUT_OF_RANGE, `value "${text}" is out of range for type money`);
  let i = 0;
  const n = text.length;
  const blanks = () => {
    while (i < n && isSpaceCode(text.charCodeAt(i))) i++;
  };
  const symbol = () => {
    blanks();
    if (text[i] === '$') i++;
    blanks();
  };
  let negative = false;
  symbol();
  if (text[i] === '-' || text[i] === '(') {
    negative = true;
    i++;
  } else if (text[i] === '+') i++;
  symbol();
  let value = 0n;
  let seenDot = false;
  let decimals = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (isDigit(c) && (!seenDot || decimals < FRACTION_DIGITS)) {
      value = value * 10n + BigInt(c - 48);
      if (value > -INT64_MIN) throw out();
      if (seenDot) decimals++;
    } else if (text[i] === '.' && !seenDot) seenDot = true;
    else if (text[i] !== ',') break;
  }
  // Round on the next digit (the value is still unsigned: away from zero).
  if (i < n && isDigit(text.charCodeAt(i)) && text.charCodeAt(i) >= 53) value++;
  for (; decimals < FRACTION_DIGITS; decimals++) value *= 10n;
  if (value > -INT64_MIN) throw out();
  while (i < n && isDigit(text.charCodeAt(i))) i++;
  for (; i < n; i++) {
    const ch = text[i];
    if (ch === '-') negative = true;
    else if (!(isSpaceCode(text.charCodeAt(i)) || ch === ')' || ch === '+' || ch === '$'))
      throw invalidSyntax('money', text);
  }
  if (!negative && value > INT64_MAX) throw out();
  return normalizeInt8(negative ? -value : value);
}

/** Cents of a canonical or storage value (number, bigint, or a decimal string of cents). */
export function moneyCents(v: unknown): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return BigInt(Math.round(v));
  const s = String(v);
  return /^-?\d+$/.test(s) ? BigInt(s) : BigInt(moneyFromText(s));
}

/** cash_out: '$1,234.50', '-$0.05'. */
export function moneyToText(v: unknown): string {
  const cents = moneyCents(v);
  const digits = (cents < 0n ? -cents : cents).toString().padStart(FRACTION_DIGITS + 1, '0');
  const whole = digits.slice(0, -FRACTION_DIGITS);
  let grouped = '';
  for (let end = whole.length; end > 0; end -= 3) {
    const part = whole.slice(Math.max(0, end - 3), end);
    grouped = grouped ? `${part},${grouped}` : part;
  }
  return `${cents < 0n ? '-' : ''}$${grouped}.${digits.slice(-FRACTION_DIGITS)}`;
}

/** cash_numeric: the amount as numeric text with the 2 fraction digits ('12.30'). */
export function moneyToNumericText(v: unknown): string {
  const cents = moneyCents(v);
  const digits = (cents < 0n ? -cents : cents).toString().padStart(FRACTION_DIGITS + 1, '0');
  return `${cents < 0n ? '-' : ''}${digits.slice(0, -FRACTION_DIGITS)}.${digits.slice(-FRACTION_DIGITS)}`;
}

/** cash_send: int64 cents. */
export function moneyToBinary(v: unknown): Buffer {
  const b = Buffer.allocUnsafe(8);
  b.writeBigInt64BE(moneyCents(v), 0);
  return b;
}

/** cash_recv. */
export function moneyFromBinary(b: Buffer): number | bigint {
  if (b.length < 8) throw badBinary('insufficient data left in message');
  if (b.length > 8) throw badBinary('incorrect binary data format');
  return normalizeInt8(b.readBigInt64BE(0));
}
