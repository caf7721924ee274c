/**
 * Binary-format codecs per type OID (the typsend/typrecv formats of PG 15). Same canonical JS values as text.ts.
 * Unknown OIDs fall back to the UTF-8 bytes of the text form.
 */
import { decodeUtf8 } from '../frontend.js';
import { arrayFromBinary, arrayToBinary } from './array.js';
import { bitFromBinary, bitToBinary } from './bitstring.js';
import type { CodecContext } from './context.js';
import type { TimeTz } from './datetime.js';
import { float4FromText, float8FromText } from './float.js';
import { type Interval, intervalFromText } from './interval.js';
import { jsonbFromText, jsonbToText, jsonValueText } from './json.js';
import { moneyFromBinary, moneyToBinary } from './money.js';
import { numericFromBinary, numericToBinary } from './numeric.js';
import { elementOidOf, OID } from './oids.js';
import { normalizeInt8, textFromText, toBool, toBuffer, toText, toUuidText } from './scalar.js';
import { getTextDecoder, getTextEncoder } from './text.js';
import { badBinary, memoByOid } from './util.js';

export type BinaryEncoder = (v: unknown, ctx: CodecContext) => Buffer;
export type BinaryDecoder = (buf: Buffer, ctx: CodecContext) => unknown;

const PG_EPOCH_DAYS = 10957;
const PG_EPOCH_USECS = 946_684_800_000_000;
const PG_EPOCH_USECS_N = 946_684_800_000_000n;
const INT64_MAX = 0x7fffffffffffffffn;
const INT64_MIN = -0x8000000000000000n;
const TWO32 = 4294967296;

/** Write a safe integer (or bigint) as int64 big-endian. */
function writeInt64(b: Buffer, v: number | bigint, offset: number): void {
  if (typeof v === 'bigint') {
    b.writeBigInt64BE(v, offset);
    return;
  }
  const hi = Math.floor(v / TWO32);
  b.writeInt32BE(hi, offset);
  b.writeUInt32BE(v - hi * TWO32, offset + 4);
}

/** Read an int64 as a number when safe, bigint otherwise. */
function readInt64(b: Buffer, offset: number): number | bigint {
  const hi = b.readInt32BE(offset);
  if (hi >= -0x200000 && hi < 0x200000) return hi * TWO32 + b.readUInt32BE(offset + 4);
  return b.readBigInt64BE(offset);
}

function need(buf: Buffer, n: number): void {
  if (buf.length < n) throw badBinary('insufficient data left in message');
  if (buf.length > n) throw badBinary('incorrect binary data format');
}

function int64Buf(v: number | bigint): Buffer {
  const b = Buffer.allocUnsafe(8);
  writeInt64(b, v, 0);
  return b;
}

function toInt(v: unknown): number | bigint {
  if (typeof v === 'number') return Number.isInteger(v) ? v : Math.round(v);
  if (typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  const s = String(v).trim();
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : BigInt(s);
}

/** A value of a date/time type: canonical already, or text to read first. */
function canonical(v: unknown, oid: number, ctx: CodecContext): unknown {
  return typeof v === 'string' ? getTextDecoder(oid)(v, ctx) : v;
}

function timestampBuf(v: unknown): Buffer {
  if (v instanceof Date) v = v.getTime() * 1000;
  if (v === Number.POSITIVE_INFINITY) return int64Buf(INT64_MAX);
  if (v === Number.NEGATIVE_INFINITY) return int64Buf(INT64_MIN);
  if (typeof v === 'bigint') return int64Buf(v - PG_EPOCH_USECS_N);
  const n = Math.round(Number(v));
  const rel = n - PG_EPOCH_USECS;
  return int64Buf(Number.isSafeInteger(rel) ? rel : BigInt(n) - PG_EPOCH_USECS_N);
}

function timestampFromBuf(buf: Buffer): number | bigint {
  need(buf, 8);
  const raw = readInt64(buf, 0);
  if (typeof raw === 'bigint') {
    if (raw === INT64_MAX) return Number.POSITIVE_INFINITY;
    if (raw === INT64_MIN) return Number.NEGATIVE_INFINITY;
    return normalizeInt8(raw + PG_EPOCH_USECS_N);
  }
  const v = raw + PG_EPOCH_USECS;
  return Number.isSafeInteger(v) ? v : normalizeInt8(BigInt(raw) + PG_EPOCH_USECS_N);
}

function makeEncoder(oid: number): BinaryEncoder {
  switch (oid) {
    case OID.bool:
      return (v) => Buffer.from([toBool(v) ? 1 : 0]);
    case OID.char:
      return (v) => Buffer.from(toText(v), 'utf8').subarray(0, 1);
    case OID.int2:
      return (v) => {
        const b = Buffer.allocUnsafe(2);
        b.writeInt16BE(Number(toInt(v)), 0);
        return b;
      };
    case OID.int4:
      return (v) => {
        const b = Buffer.allocUnsafe(4);
        b.writeInt32BE(Number(toInt(v)), 0);
        return b;
      };
    case OID.oid:
    case OID.xid:
    case OID.cid:
    case OID.regproc:
    case OID.regprocedure:
    case OID.regoper:
    case OID.regoperator:
    case OID.regclass:
    case OID.regtype:
    case OID.regnamespace:
    case OID.regrole:
      return (v) => {
        const b = Buffer.allocUnsafe(4);
        b.writeUInt32BE(Number(toInt(v)) >>> 0, 0);
        return b;
      };
    case OID.int8:
    case OID.xid8:
      return (v) => int64Buf(toInt(v));
    case OID.float4:
      return (v) => {
        const b = Buffer.allocUnsafe(4);
        b.writeFloatBE(typeof v === 'number' ? v : float4FromText(String(v)), 0);
        return b;
      };
    case OID.float8:
      return (v) => {
        const b = Buffer.allocUnsafe(8);
        b.writeDoubleBE(typeof v === 'number' ? v : float8FromText(String(v)), 0);
        return b;
      };
    case OID.numeric:
      return numericToBinary;
    // Records arrive already in record_send form (src/sql/sqlite/record-io.ts).
    case OID.record:
    case OID.bytea:
      return toBuffer;
    case OID.uuid:
      return (v) => Buffer.from(toUuidText(v).replace(/-/g, ''), 'hex');
    case OID.json:
      return (v) => Buffer.from(jsonValueText(v), 'utf8');
    case OID.jsonb:
      return (v) => {
        const body = Buffer.from(jsonbToText(v), 'utf8');
        const b = Buffer.allocUnsafe(body.length + 1);
        b[0] = 1;
        body.copy(b, 1);
        return b;
      };
    case OID.date:
      return (v, ctx) => {
        const d = Number(canonical(v, oid, ctx));
        const b = Buffer.allocUnsafe(4);
        if (d === Number.POSITIVE_INFINITY) b.writeInt32BE(0x7fffffff, 0);
        else if (d === Number.NEGATIVE_INFINITY) b.writeInt32BE(-0x80000000, 0);
        else b.writeInt32BE(d - PG_EPOCH_DAYS, 0);
        return b;
      };
    case OID.time:
      return (v, ctx) => int64Buf(Number(canonical(v, oid, ctx)));
    case OID.timetz:
      return (v, ctx) => {
        const t = canonical(v, oid, ctx) as TimeTz;
        const b = Buffer.allocUnsafe(12);
        writeInt64(b, t.micros, 0);
        b.writeInt32BE(-t.offset, 8);
        return b;
      };
    case OID.timestamp:
    case OID.timestamptz:
      return (v, ctx) => timestampBuf(canonical(v, oid, ctx));
    case OID.interval:
      return (v, ctx) => {
        const iv = (typeof v === 'string' ? intervalFromText(v, ctx) : v) as Interval;
        const b = Buffer.allocUnsafe(16);
        writeInt64(b, typeof iv.micros === 'bigint' ? iv.micros : Math.round(Number(iv.micros)), 0);
        b.writeInt32BE(Number(iv.days), 8);
        b.writeInt32BE(Number(iv.months), 12);
        return b;
      };
    case OID.money:
      return moneyToBinary;
    case OID.bit:
    case OID.varbit:
      return (v) => bitToBinary(String(v));
  }
  const elem = elementOidOf(oid);
  if (elem !== 0) {
    const enc = getBinaryEncoder(elem);
    return (v, ctx) => arrayToBinary(v, elem, enc, ctx);
  }
  const text = getTextEncoder(oid);
  return (v, ctx) => Buffer.from(text(v, ctx), 'utf8');
}

function makeDecoder(oid: number): BinaryDecoder {
  switch (oid) {
    case OID.bool:
      return (b) => {
        need(b, 1);
        return b[0] !== 0;
      };
    case OID.char:
      return (b) => b.toString('latin1');
    case OID.int2:
      return (b) => {
        need(b, 2);
        return b.readInt16BE(0);
      };
    case OID.int4:
      return (b) => {
        need(b, 4);
        return b.readInt32BE(0);
      };
    case OID.oid:
    case OID.xid:
    case OID.cid:
    case OID.regproc:
    case OID.regprocedure:
    case OID.regoper:
    case OID.regoperator:
    case OID.regclass:
    case OID.regtype:
    case OID.regnamespace:
    case OID.regrole:
      return (b) => {
        need(b, 4);
        return b.readUInt32BE(0);
      };
    case OID.int8:
    case OID.xid8:
      return (b) => {
        need(b, 8);
        return readInt64(b, 0);
      };
    case OID.float4:
      return (b) => {
        need(b, 4);
        return b.readFloatBE(0);
      };
    case OID.float8:
      return (b) => {
        need(b, 8);
        return b.readDoubleBE(0);
      };
    case OID.numeric:
      return numericFromBinary;
    case OID.bytea:
      return (b) => Buffer.from(b);
    case OID.uuid:
      return (b) => {
        need(b, 16);
        return toUuidText(b);
      };
    case OID.text:
    case OID.varchar:
    case OID.bpchar:
    case OID.name:
    case OID.unknown:
    case OID.xml:
      return (b) => textFromText(decodeUtf8(b));
    case OID.jsonb:
      return (b) => {
        if (b.length < 1 || b[0] !== 1) throw badBinary(`unsupported jsonb version number ${b[0]}`);
        return jsonbFromText(b.toString('utf8', 1));
      };
    case OID.date:
      return (b) => {
        need(b, 4);
        const d = b.readInt32BE(0);
        if (d === 0x7fffffff) return Number.POSITIVE_INFINITY;
        if (d === -0x80000000) return Number.NEGATIVE_INFINITY;
        return d + PG_EPOCH_DAYS;
      };
    case OID.time:
      return (b) => {
        need(b, 8);
        return Number(readInt64(b, 0));
      };
    case OID.timetz:
      return (b) => {
        need(b, 12);
        return { micros: Number(readInt64(b, 0)), offset: -b.readInt32BE(8) || 0 } satisfies TimeTz;
      };
    case OID.timestamp:
    case OID.timestamptz:
      return timestampFromBuf;
    case OID.interval:
      return (b) => {
        need(b, 16);
        return {
          micros: Number(readInt64(b, 0)),
          days: b.readInt32BE(8),
          months: b.readInt32BE(12),
        } satisfies Interval;
      };
    case OID.money:
      return moneyFromBinary;
    case OID.bit:
    case OID.varbit:
      return bitFromBinary;
  }
  const elem = elementOidOf(oid);
  if (elem !== 0) {
    const dec = getBinaryDecoder(elem);
    return (b, ctx) => arrayFromBinary(b, dec, ctx);
  }
  // json and unknown types: the text form.
  const text = getTextDecoder(oid);
  return (b, ctx) => text(decodeUtf8(b), ctx);
}

/** Binary send function for a type OID. */
export const getBinaryEncoder: (oid: number) => BinaryEncoder = memoByOid(makeEncoder);

/** Binary receive function for a type OID. Throws PgError (22P03) on malformed input. */
export const getBinaryDecoder: (oid: number) => BinaryDecoder = memoByOid(makeDecoder);
