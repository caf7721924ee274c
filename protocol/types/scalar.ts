/** bool, integers, text-like, bytea and uuid text I/O. */
import { PgError, SQLSTATE } from '../errors.js';
import { invalidSyntax, outOfRange, trimSpace } from './util.js';

// ---- bool ----

function prefixOf(value: string, word: string, minLen = 1): boolean {
  const len = Math.max(value.length, minLen);
  return len <= word.length && word.slice(0, len) === value.padEnd(len, '\0').slice(0, len);
}

export function boolFromText(text: string): boolean {
  const v = trimSpace(text).toLowerCase();
  if (v.length > 0) {
    switch (v[0]) {
      case 't':
        if (prefixOf(v, 'true')) return true;
        break;
      case 'f':
        if (prefixOf(v, 'false')) return false;
        break;
      case 'y':
        if (prefixOf(v, 'yes')) return true;
        break;
      case 'n':
        if (prefixOf(v, 'no')) return false;
        break;
      case 'o':
        if (prefixOf(v, 'on', 2)) return true;
        if (prefixOf(v, 'off', 2)) return false;
        break;
      case '1':
        if (v.length === 1) return true;
        break;
      case '0':
        if (v.length === 1) return false;
        break;
    }
  }
  throw invalidSyntax('boolean', text);
}

/** Truthiness of the JS values engines use for booleans (true/false, 0/1, 0n/1n, 't'/'f'...). */
export function toBool(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'bigint') return v !== 0n;
  if (typeof v === 'string') return boolFromText(v);
  return Boolean(v);
}

// ---- integers ----

const INT_RE = /^[ \t\n\v\f\r]*([+-]?)(\d+)[ \t\n\v\f\r]*$/;

function intFromText(text: string, min: number, max: number, typeName: string): number {
  const m = INT_RE.exec(text);
  if (!m) throw invalidSyntax(typeName, text);
  const v = Number(m[1] + m[2]);
  if (v < min || v > max) throw outOfRange(typeName, text);
  return v === 0 ? 0 : v;
}

export const int2FromText = (t: string) => intFromText(t, -32768, 32767, 'smallint');
export const int4FromText = (t: string) => intFromText(t, -2147483648, 2147483647, 'integer');

export function oidFromText(text: string): number {
  const v = intFromText(text, -2147483648, 4294967295, 'oid');
  return v < 0 ? v + 4294967296 : v;
}

const INT8_MIN = -(2n ** 63n);
const INT8_MAX = 2n ** 63n - 1n;

/** int8: number when it is a safe integer, bigint otherwise. */
export function int8FromText(text: string): number | bigint {
  const m = INT_RE.exec(text);
  if (!m) throw invalidSyntax('bigint', text);
  if (m[2].length <= 15) {
    const v = Number(m[1] + m[2]);
    return v === 0 ? 0 : v;
  }
  const b = BigInt(m[1] + m[2]);
  if (b < INT8_MIN || b > INT8_MAX) throw outOfRange('bigint', text);
  return normalizeInt8(b);
}

export function normalizeInt8(b: bigint): number | bigint {
  return b >= -9007199254740991n && b <= 9007199254740991n ? Number(b) : b;
}

// ---- text ----

export function textFromText(text: string): string {
  if (text.includes('\0')) {
    throw new PgError(SQLSTATE.CHARACTER_NOT_IN_REPERTOIRE, 'invalid byte sequence for encoding "UTF8": 0x00');
  }
  return text;
}

/** name: truncated to NAMEDATALEN-1 (63) bytes on a character boundary. */
export function nameFromText(text: string): string {
  textFromText(text);
  if (text.length <= 15 || Buffer.byteLength(text) <= 63) return text;
  let bytes = 0;
  let i = 0;
  for (const ch of text) {
    const n = Buffer.byteLength(ch);
    if (bytes + n > 63) break;
    bytes += n;
    i += ch.length;
  }
  return text.slice(0, i);
}

export function toText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Buffer.isBuffer(v)) return v.toString('utf8');
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return String(v);
}

// ---- bytea ----

export function toBuffer(v: unknown): Buffer {
  if (Buffer.isBuffer(v)) return v;
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  if (typeof v === 'string') return Buffer.from(v, 'utf8');
  if (v instanceof ArrayBuffer) return Buffer.from(v);
  return Buffer.from(String(v), 'utf8');
}

export function byteaToText(v: unknown, escapeFormat: boolean): string {
  const b = toBuffer(v);
  if (!escapeFormat) return `\\x${b.toString('hex')}`;
  let out = '';
  for (const c of b) {
    if (c === 92) out += '\\\\';
    else if (c < 0x20 || c > 0x7e) out += `\\${c.toString(8).padStart(3, '0')}`;
    else out += String.fromCharCode(c);
  }
  return out;
}

const HEX_RE = /^[0-9a-fA-F]*$/;

export function byteaFromText(text: string): Buffer {
  if (text.charCodeAt(0) === 92 && text.charCodeAt(1) === 120) {
    const hex = text.slice(2);
    if (hex.length % 2 === 0 && HEX_RE.test(hex)) return Buffer.from(hex, 'hex');
    const out: number[] = [];
    for (let i = 0; i < hex.length; ) {
      const c = hex[i];
      if (c === ' ' || c === '\n' || c === '\t' || c === '\r') {
        i++;
        continue;
      }
      if (!/[0-9a-fA-F]/.test(c)) throw badHex(c);
      if (i + 1 >= hex.length) throw oddHex();
      const d = hex[i + 1];
      if (!/[0-9a-fA-F]/.test(d)) throw badHex(d);
      out.push(Number.parseInt(c + d, 16));
      i += 2;
    }
    return Buffer.from(out);
  }
  if (!text.includes('\\')) return Buffer.from(text, 'utf8');
  const src = Buffer.from(text, 'utf8');
  const out = Buffer.allocUnsafe(src.length);
  let n = 0;
  for (let i = 0; i < src.length; ) {
    const c = src[i];
    if (c !== 92) {
      out[n++] = c;
      i++;
    } else if (
      src[i + 1] >= 48 &&
      src[i + 1] <= 51 &&
      src[i + 2] >= 48 &&
      src[i + 2] <= 55 &&
      src[i + 3] >= 48 &&
      src[i + 3] <= 55
    ) {
      out[n++] = ((src[i + 1] - 48) << 6) | ((src[i + 2] - 48) << 3) | (src[i + 3] - 48);
      i += 4;
    } else if (src[i + 1] === 92) {
      out[n++] = 92;
      i += 2;
    } else throw new PgError(SQLSTATE.INVALID_TEXT_REPRESENTATION, 'invalid input syntax for type bytea');
  }
  return out.subarray(0, n);
}

function badHex(c: string) {
  return new PgError(SQLSTATE.INVALID_PARAMETER_VALUE, `invalid hexadecimal digit: "${c}"`);
}
function oddHex() {
  return new PgError(SQLSTATE.INVALID_PARAMETER_VALUE, 'invalid hexadecimal data: odd number of digits');
}

// ---- uuid ----

const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** string_to_uuid: optional braces, hyphens allowed after any group of four hex digits. */
export function uuidFromText(text: string): string {
  if (CANONICAL_UUID.test(text)) return text;
  let i = 0;
  let braces = false;
  if (text[0] === '{') {
    i++;
    braces = true;
  }
  let hex = '';
  for (let k = 0; k < 16; k++) {
    const pair = text.slice(i, i + 2);
    if (pair.length < 2 || !/^[0-9a-fA-F]{2}$/.test(pair)) throw invalidSyntax('uuid', text);
    hex += pair;
    i += 2;
    if (text[i] === '-' && k % 2 === 1 && k < 15) i++;
  }
  if (braces) {
    if (text[i] !== '}') throw invalidSyntax('uuid', text);
    i++;
  }
  if (i !== text.length) throw invalidSyntax('uuid', text);
  hex = hex.toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function toUuidText(v: unknown): string {
  if (typeof v === 'string') return CANONICAL_UUID.test(v) ? v : uuidFromText(v);
  if (v instanceof Uint8Array && v.length === 16) {
    const hex = Buffer.from(v.buffer, v.byteOffset, 16).toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  return uuidFromText(String(v));
}
