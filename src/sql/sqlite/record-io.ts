/**
 * The SQLite side of records (record.ts): output as PG text (record_out), binary (record_send) and JSON
 * (row_to_json), and sort keys, each driven by the type descriptor literal the translator passes.
 */
import { PgError, SQLSTATE } from '../../../protocol/errors.js';
import { arrayToBinary, quoteElement } from '../../../protocol/types/array.js';
import type { CodecContext } from '../../../protocol/types/context.js';
import { getBinaryEncoder } from '../../../protocol/types/index.js';
import { escapeString } from '../../../protocol/types/json.js';
import { elementOidOf, isArrayOid, OID } from '../../../protocol/types/oids.js';
import { arrSortKey, parseArr } from './array-core.js';
import { defineSqliteFunctions } from './fn-registry.js';
import { codecFromJson, numericSortKey, storageToText } from './functions.js';
import { storageToJson } from './json-convert.js';
import { sortKey as jsonbSortKey, tree } from './json-core.js';
import type { TypeDescriptor } from './record.js';
import { fromStorageFn, INTEGER_STORED, type StorageValue } from './storage.js';

type RecordDescriptor = { o: number; f: [string, TypeDescriptor][] };
type Value = StorageValue | undefined;

const malformed = () => new PgError(SQLSTATE.INTERNAL_ERROR, 'malformed record value');

function skipWs(s: string, i: number): number {
  while (i < s.length && (s[i] === ' ' || s[i] === '\n' || s[i] === '\t' || s[i] === '\r')) i++;
  return i;
}

/** End (exclusive) of the JSON string starting at s[i] === '"'. */
function stringEnd(s: string, i: number): number {
  for (let j = i + 1; j < s.length; j++) {
    if (s[j] === '\\') j++;
    else if (s[j] === '"') return j + 1;
  }
  throw malformed();
}

/** End (exclusive) of the JSON array or object starting at s[i]. */
function nestedEnd(s: string, i: number): number {
  let depth = 0;
  for (let j = i; j < s.length; j++) {
    const c = s[j];
    if (c === '"') j = stringEnd(s, j) - 1;
    else if (c === '[' || c === '{') depth++;
    else if ((c === ']' || c === '}') && --depth === 0) return j + 1;
  }
  throw malformed();
}

function scalarToken(t: string): StorageValue {
  if (t === 'null') return null;
  if (t === 'true') return 1;
  if (t === 'false') return 0;
  if (/^-?\d+$/.test(t)) {
    const n = Number(t);
    return Number.isSafeInteger(n) ? n : BigInt(t); // int8 beyond 2^53 keeps its digits
  }
  const n = Number(t); // 9.0e+999 is how SQLite writes an infinite REAL
  if (Number.isNaN(n)) throw malformed();
  return n;
}

/**
 * The elements of a JSON array (a record's fields, or an array's elements): storage values, with nested arrays
 * and objects (arrays, records) as their JSON text, which is their storage form.
 */
export function splitJsonArray(s: string): StorageValue[] {
  const out: StorageValue[] = [];
  let i = skipWs(s, 0);
  if (s[i] !== '[') throw malformed();
  i = skipWs(s, i + 1);
  if (s[i] === ']') return out;
  for (;;) {
    i = skipWs(s, i);
    const c = s[i];
    let end: number;
    if (c === '"') {
      end = stringEnd(s, i);
      out.push(JSON.parse(s.slice(i, end)) as string);
    } else if (c === '[' || c === '{') {
      end = nestedEnd(s, i);
      out.push(s.slice(i, end));
    } else {
      end = i;
      while (end < s.length && s[end] !== ',' && s[end] !== ']' && s[end] !== ' ') end++;
      out.push(scalarToken(s.slice(i, end)));
    }
    i = skipWs(s, end);
    if (s[i] === ',') i++;
    else if (s[i] === ']') return out;
    else throw malformed();
  }
}

const descriptors = new Map<string, TypeDescriptor>();

function parseDescriptor(s: Value): TypeDescriptor {
  const key = String(s);
  let d = descriptors.get(key);
  if (d === undefined) {
    d = JSON.parse(key) as TypeDescriptor;
    if (descriptors.size > 1000) descriptors.clear();
    descriptors.set(key, d);
  }
  return d;
}

const isRecord = (d: TypeDescriptor): d is RecordDescriptor => typeof d === 'object' && 'f' in d;
const elementOf = (d: TypeDescriptor) => (typeof d === 'object' && 'a' in d ? d.a : undefined);

/** A field's storage value: bytea comes back from its '\x...' text (record.ts). */
function fieldStorage(oid: number, v: StorageValue): StorageValue {
  if (oid === OID.bytea && typeof v === 'string') return Buffer.from(v.slice(2), 'hex');
  return v;
}

/** record_out's quoting of one field: empty, or containing quotes, backslashes, parentheses, commas, spaces. */
export function quoteRecordField(s: string): string {
  if (s !== '' && !/["\\(),\s]/.test(s)) return s;
  return `"${s.replace(/["\\]/g, '$&$&')}"`;
}

function valueText(d: TypeDescriptor, v: StorageValue, ctx: CodecContext): string {
  if (typeof d === 'number') return storageToText(d, fieldStorage(d, v), ctx) ?? '';
  if (isRecord(d)) {
    const fields = splitJsonArray(String(v));
    let out = '(';
    d.f.forEach(([, fd], i) => {
      if (i > 0) out += ',';
      const x = fields[i];
      if (x !== null && x !== undefined) out += quoteRecordField(valueText(fd, x, ctx));
    });
    return `${out})`;
  }
  const e = elementOf(d) as TypeDescriptor;
  const items = splitJsonArray(String(v)).map((x) => (x === null ? 'NULL' : quoteElement(valueText(e, x, ctx))));
  return `{${items.join(',')}}`;
}

function valueJson(d: TypeDescriptor, v: StorageValue | undefined, ctx: CodecContext): string {
  if (v === null || v === undefined) return 'null';
  if (typeof d === 'number') return storageToJson(d, fieldStorage(d, v), ctx);
  const items = splitJsonArray(String(v));
  if (isRecord(d))
    return `{${d.f.map(([name, fd], i) => `${escapeString(name)}:${valueJson(fd, items[i], ctx)}`).join(',')}}`;
  const e = elementOf(d) as TypeDescriptor;
  return `[${items.map((x) => valueJson(e, x, ctx)).join(',')}]`;
}

const typeOidOf = (d: TypeDescriptor) => (typeof d === 'number' ? d : isRecord(d) ? d.o : OID._record);

function valueSend(d: TypeDescriptor, v: StorageValue, ctx: CodecContext): Buffer {
  if (typeof d === 'number') {
    if (d === OID.bool) return Buffer.from([v === 1 || v === 1n ? 1 : 0]);
    const from = fromStorageFn(d);
    const x = fieldStorage(d, v);
    return getBinaryEncoder(d)(from ? from(x) : x, ctx);
  }
  const items = splitJsonArray(String(v));
  if (!isRecord(d)) {
    const e = elementOf(d) as TypeDescriptor;
    return arrayToBinary(items, typeOidOf(e), (x) => valueSend(e, x as StorageValue, ctx), ctx);
  }
  const parts: Buffer[] = [];
  const head = Buffer.allocUnsafe(4);
  head.writeInt32BE(d.f.length, 0);
  parts.push(head);
  d.f.forEach(([, fd], i) => {
    const x = items[i];
    const h = Buffer.allocUnsafe(8);
    h.writeUInt32BE(typeOidOf(fd), 0);
    const body = x === null || x === undefined ? undefined : valueSend(fd, x, ctx);
    h.writeInt32BE(body ? body.length : -1, 4);
    parts.push(h);
    if (body) parts.push(body);
  });
  return Buffer.concat(parts);
}

/** 8 bytes ordered as the float: NaN (stored as 'NaN') above every float, as in PG; -0 = 0. */
function floatKey(v: StorageValue): Buffer {
  const b = Buffer.alloc(8, 0xff);
  if (typeof v === 'number') {
    b.writeDoubleBE(v === 0 ? 0 : v, 0);
    if (b[0] & 0x80) for (let i = 0; i < 8; i++) b[i] ^= 0xff;
    else b[0] ^= 0x80;
  }
  return b;
}

const TEXT_STORED = new Set<number>([OID.text, OID.varchar, OID.bpchar, OID.name, OID.char, OID.uuid]);

/**
 * Appends the sort key of a non-NULL value. Keys are prefix-free so that concatenated keys compare field by field:
 * fixed-width numbers, text terminated by NUL (which PG text cannot contain), bytea escaped and terminated, records as their fields each
 * marked 01 (value) or 02 (NULL: after every value, as btrecordcmp), arrays as elements marked the same way
 * and ended by 00 (a shorter array sorts first).
 */
function sortKey(d: TypeDescriptor, v: StorageValue, out: Buffer[]): void {
  const marked = (x: StorageValue | undefined, fd: TypeDescriptor) => {
    if (x === null || x === undefined) out.push(Buffer.from([2]));
    else {
      out.push(Buffer.from([1]));
      sortKey(fd, x, out);
    }
  };
  if (typeof d !== 'number') {
    const items = splitJsonArray(String(v));
    if (isRecord(d)) {
      for (let i = 0; i < d.f.length; i++) marked(items[i], d.f[i][1]);
    } else {
      const e = elementOf(d) as TypeDescriptor;
      for (const x of items) marked(x, e);
      out.push(Buffer.from([0]));
    }
    return;
  }
  if (INTEGER_STORED.has(d) && (typeof v === 'number' || typeof v === 'bigint')) {
    const b = Buffer.allocUnsafe(8);
    b.writeBigInt64BE(BigInt(v), 0);
    b[0] ^= 0x80;
    out.push(b);
  } else if (d === OID.float4 || d === OID.float8) {
    out.push(floatKey(v));
  } else if (d === OID.interval) {
    // 'months,days,micros', ordered as PG's interval_cmp: months of 30 days, days of 24 hours.
    const [months, days, micros] = String(v).split(',').map(Number);
    out.push(floatKey((months * 30 + days) * 86_400_000_000 + micros));
  } else if (d === OID.jsonb) {
    out.push(jsonbSortKey(tree(String(v)), (x) => numericSortKey(x) ?? '')); // self-delimiting (json-core.ts)
  } else if (isArrayOid(d)) {
    // An array of a base type (a field holds it as nested JSON): its array_cmp key, self-delimiting too.
    const a = parseArr(String(v));
    if (a) out.push(arrSortKey(a, elementOidOf(d), (x) => numericSortKey(x) ?? ''));
  } else if (TEXT_STORED.has(d) && typeof v === 'string') {
    // C collation: bytewise UTF-8 (char(n) compares without its padding).
    out.push(Buffer.from(d === OID.bpchar ? v.replace(/ +$/, '') : v, 'utf8'), Buffer.from([0]));
  } else if (d === OID.bytea && typeof v === 'string') {
    // Bytes may be 00: escaped as 00 FF, and ended by 00 00 (memcmp order of the bytes, shorter first).
    const b = Buffer.from(v.slice(2), 'hex');
    const esc: number[] = [];
    for (const x of b) esc.push(...(x === 0 ? [0, 0xff] : [x]));
    out.push(Buffer.from(esc), Buffer.from([0, 0]));
  } else if (d === OID.numeric) {
    out.push(Buffer.from(numericSortKey(v) ?? '', 'latin1'), Buffer.from([0]));
  } else {
    throw new PgError(SQLSTATE.FEATURE_NOT_SUPPORTED, `ordering records with a field of type ${d} is not supported`);
  }
}

defineSqliteFunctions((db) => {
  const fn = (name: string, f: (d: TypeDescriptor, v: StorageValue, ctx: Value) => unknown) =>
    db.function(name, { deterministic: true, safeIntegers: true }, (d: Value, v: Value, ctx: Value) =>
      v === null || v === undefined ? null : f(parseDescriptor(d), v, ctx),
    );
  fn('lumos_record_out', (d, v, ctx) => valueText(d, v, codecFromJson(ctx)));
  fn('lumos_record_json', (d, v, ctx) => valueJson(d, v, codecFromJson(ctx)));
  fn('lumos_record_send', (d, v, ctx) => valueSend(d, v, codecFromJson(ctx)));
  db.function('lumos_record_sortkey', { deterministic: true, safeIntegers: true }, (d: Value, v: Value) => {
    if (v === null || v === undefined) return null;
    const out: Buffer[] = [];
    sortKey(parseDescriptor(d), v, out);
    return Buffer.concat(out);
  });
});
