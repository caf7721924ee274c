/**
 * Arrays: JS arrays (nested for several dimensions, null for NULL elements), lower bound 1.
 * Text format of array_out/array_in (quoting, backslash escapes, NULL) and binary format of array_send/array_recv.
 */
import { PgError, SQLSTATE } from '../errors.js';
import type { CodecContext } from './context.js';
import { badBinary } from './util.js';

type ElemTextEncoder = (v: unknown, ctx: CodecContext) => string;
type ElemTextDecoder = (text: string, ctx: CodecContext) => unknown;
type ElemBinaryEncoder = (v: unknown, ctx: CodecContext) => Buffer;
type ElemBinaryDecoder = (buf: Buffer, ctx: CodecContext) => unknown;

/** Quote an element as array_out does when it is empty, NULL-like or contains special characters. */
export function quoteElement(s: string, delim = ','): string {
  let need = s.length === 0;
  let esc = false;
  for (let i = 0; i < s.length && !esc; i++) {
    const c = s.charCodeAt(i);
    if (c === 34 || c === 92) {
      need = true;
      esc = true;
    } else if (c === 123 || c === 125 || c === 32 || (c >= 9 && c <= 13) || s[i] === delim) need = true;
  }
  if (!need && s.length === 4 && s.toUpperCase() === 'NULL') need = true;
  if (!need) return s;
  return esc ? `"${s.replace(/["\\]/g, '\\$&')}"` : `"${s}"`;
}

export function arrayToText(v: unknown, enc: ElemTextEncoder, ctx: CodecContext, delim = ','): string {
  if (!Array.isArray(v)) {
    if (typeof v === 'string') {
      if (v.startsWith('[')) return arrayToText(JSON.parse(v), enc, ctx, delim);
      return v;
    }
    throw new PgError(SQLSTATE.DATATYPE_MISMATCH, 'array value expected');
  }
  let out = '{';
  for (let i = 0; i < v.length; i++) {
    if (i > 0) out += delim;
    const e = v[i];
    if (e === null || e === undefined) out += 'NULL';
    else if (Array.isArray(e)) out += arrayToText(e, enc, ctx, delim);
    else out += quoteElement(enc(e, ctx), delim);
  }
  return `${out}}`;
}

/** int2vectorout/oidvectorout: the elements separated by single spaces, no braces. */
export function vectorToText(v: unknown): string {
  const a: unknown = typeof v === 'string' && v.startsWith('[') ? JSON.parse(v) : v;
  if (!Array.isArray(a)) return String(v);
  return a.map(String).join(' ');
}

/** int2vectorin/oidvectorin: integers separated by whitespace. */
export function vectorFromText(input: string, typeName: 'int2vector' | 'oidvector'): number[] {
  const parts = input.trim() === '' ? [] : input.trim().split(/\s+/);
  return parts.map((p) => {
    if (!/^[+-]?\d+$/.test(p))
      throw new PgError(SQLSTATE.INVALID_TEXT_REPRESENTATION, `invalid input syntax for type ${typeName}: "${input}"`);
    return Number(p);
  });
}

function malformed(input: string, detail: string): PgError {
  return new PgError(SQLSTATE.INVALID_TEXT_REPRESENTATION, `malformed array literal: "${input}"`, { detail });
}

const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13);

/** array_in: parse '{1,2,NULL}', '{{1,2},{3,4}}', '{"a b","c\\"d"}' (with '[1:2]=' bounds when they start at 1). */
export function arrayFromText(input: string, dec: ElemTextDecoder, ctx: CodecContext, delim = ','): unknown[] {
  let pos = 0;
  const s = input;
  const n = s.length;
  const skip = () => {
    while (pos < n && isSpace(s.charCodeAt(pos))) pos++;
  };
  skip();
  if (s[pos] === '[') {
    const m = /^((?:\[\s*[+-]?\d+\s*(?::\s*[+-]?\d+\s*)?\])+)\s*=/.exec(s.slice(pos));
    if (!m) throw malformed(input, 'Array value must start with "{" or dimension information.');
    for (const d of m[1].matchAll(/\[\s*([+-]?\d+)\s*(?::\s*([+-]?\d+)\s*)?\]/g)) {
      if (d[2] !== undefined && Number(d[1]) !== 1) {
        throw new PgError(SQLSTATE.FEATURE_NOT_SUPPORTED, 'array lower bounds other than 1 are not supported');
      }
    }
    pos += m[0].length;
    skip();
  }
  if (s[pos] !== '{') throw malformed(input, 'Array value must start with "{" or dimension information.');
  const dims: number[] = [];
  const parse = (depth: number): unknown[] => {
    pos++; // '{'
    const out: unknown[] = [];
    skip();
    if (s[pos] === '}') {
      pos++;
      if (depth > 0) throw malformed(input, 'Unexpected "}" character.');
      return out;
    }
    let nested: boolean | undefined;
    for (;;) {
      skip();
      if (pos >= n) throw malformed(input, 'Unexpected end of input.');
      const c = s[pos];
      if (c === '{') {
        if (nested === false) throw malformed(input, 'Unexpected "{" character.');
        nested = true;
        out.push(parse(depth + 1));
      } else {
        if (nested === true) throw malformed(input, 'Unexpected array element.');
        nested = false;
        if (c === '}' || c === delim) throw malformed(input, `Unexpected "${c}" character.`);
        let text = '';
        let quoted = false;
        let sawEscape = false;
        let lastNonSpace = 0; // length of text up to its last significant character
        if (c === '"') {
          quoted = true;
          pos++;
          for (;;) {
            if (pos >= n) throw malformed(input, 'Unexpected end of input.');
            const ch = s[pos++];
            if (ch === '"') break;
            if (ch === '\\') {
              if (pos >= n) throw malformed(input, 'Unexpected end of input.');
              text += s[pos++];
            } else text += ch;
          }
          skip();
        } else {
          while (pos < n) {
            const ch = s[pos];
            if (ch === delim || ch === '}') break;
            if (ch === '{' || ch === '"') throw malformed(input, `Unexpected "${ch}" character.`);
            pos++;
            if (ch === '\\') {
              if (pos >= n) throw malformed(input, 'Unexpected end of input.');
              text += s[pos++];
              sawEscape = true;
              lastNonSpace = text.length;
            } else {
              text += ch;
              if (!isSpace(ch.charCodeAt(0))) lastNonSpace = text.length;
            }
          }
          text = text.slice(0, lastNonSpace);
        }
        if (!quoted && !sawEscape && text.length === 4 && text.toUpperCase() === 'NULL') out.push(null);
        else out.push(dec(text, ctx));
      }
      skip();
      if (pos >= n) throw malformed(input, 'Unexpected end of input.');
      const sep = s[pos++];
      if (sep === '}') break;
      if (sep !== delim) throw malformed(input, `Unexpected "${sep}" character.`);
    }
    if (dims[depth] === undefined) dims[depth] = out.length;
    else if (dims[depth] !== out.length) {
      throw malformed(input, 'Multidimensional arrays must have sub-arrays with matching dimensions.');
    }
    return out;
  };
  const result = parse(0);
  skip();
  if (pos < n) throw malformed(input, 'Junk after closing right brace.');
  return result;
}

// ---- binary ----

function dimsOf(v: unknown[]): number[] {
  const dims: number[] = [];
  let cur: unknown = v;
  while (Array.isArray(cur)) {
    dims.push(cur.length);
    if (cur.length === 0) break;
    cur = cur[0];
  }
  return dims;
}

export function arrayToBinary(v: unknown, elemOid: number, enc: ElemBinaryEncoder, ctx: CodecContext): Buffer {
  if (typeof v === 'string' && v.startsWith('[')) v = JSON.parse(v);
  if (!Array.isArray(v)) throw new PgError(SQLSTATE.DATATYPE_MISMATCH, 'array value expected');
  if (v.length === 0) {
    const b = Buffer.alloc(12);
    b.writeInt32BE(elemOid >>> 0 === elemOid ? elemOid : 0, 8);
    return b;
  }
  const dims = dimsOf(v);
  const parts: Buffer[] = [];
  let hasNull = 0;
  let total = 0;
  const walk = (a: unknown[], depth: number) => {
    if (a.length !== dims[depth]) {
      throw new PgError(
        SQLSTATE.INVALID_TEXT_REPRESENTATION,
        'multidimensional arrays must have array expressions with matching dimensions',
      );
    }
    for (const e of a) {
      if (depth + 1 < dims.length) {
        walk(e as unknown[], depth + 1);
        continue;
      }
      if (e === null || e === undefined) {
        hasNull = 1;
        parts.push(NULL_LEN);
        total += 4;
      } else {
        const b = enc(e, ctx);
        const len = Buffer.allocUnsafe(4);
        len.writeInt32BE(b.length, 0);
        parts.push(len, b);
        total += 4 + b.length;
      }
    }
  };
  walk(v, 0);
  const head = Buffer.allocUnsafe(12 + 8 * dims.length);
  head.writeInt32BE(dims.length, 0);
  head.writeInt32BE(hasNull, 4);
  head.writeUInt32BE(elemOid, 8);
  for (let i = 0; i < dims.length; i++) {
    head.writeInt32BE(dims[i], 12 + 8 * i);
    head.writeInt32BE(1, 16 + 8 * i);
  }
  return Buffer.concat([head, ...parts], head.length + total);
}

const NULL_LEN = Buffer.from([0xff, 0xff, 0xff, 0xff]);

export function arrayFromBinary(buf: Buffer, dec: ElemBinaryDecoder, ctx: CodecContext): unknown[] {
  if (buf.length < 12) throw badBinary('insufficient data left in message');
  const ndim = buf.readInt32BE(0);
  const flags = buf.readInt32BE(4);
  if (ndim < 0 || ndim > 6) throw badBinary(`invalid number of dimensions: ${ndim}`);
  if (flags !== 0 && flags !== 1) throw badBinary('invalid array flags');
  if (ndim === 0) return [];
  let pos = 12;
  const dims: number[] = [];
  for (let i = 0; i < ndim; i++) {
    if (pos + 8 > buf.length) throw badBinary('insufficient data left in message');
    dims.push(buf.readInt32BE(pos));
    const lb = buf.readInt32BE(pos + 4);
    if (lb !== 1)
      throw new PgError(SQLSTATE.FEATURE_NOT_SUPPORTED, 'array lower bounds other than 1 are not supported');
    pos += 8;
  }
  const build = (depth: number): unknown[] => {
    const out = new Array<unknown>(dims[depth]);
    for (let i = 0; i < dims[depth]; i++) {
      if (depth + 1 < ndim) {
        out[i] = build(depth + 1);
        continue;
      }
      if (pos + 4 > buf.length) throw badBinary('insufficient data left in message');
      const len = buf.readInt32BE(pos);
      pos += 4;
      if (len === -1) out[i] = null;
      else {
        if (len < 0 || pos + len > buf.length) throw badBinary('insufficient data left in message');
        out[i] = dec(buf.subarray(pos, pos + len), ctx);
        pos += len;
      }
    }
    return out;
  };
  const out = build(0);
  if (pos !== buf.length) throw badBinary('incorrect binary data format in array element');
  return out;
}
