/**
 * Text-format codecs per type OID: getTextEncoder(oid)(value, ctx) -> PG 15's output text,
 * getTextDecoder(oid)(text, ctx) -> canonical JS value. Look the function up once per column, not per row
 * (both getters are cached anyway).
 *
 * Canonical values: bool boolean (encoders also take 0/1, bigint, 't'/'f'); int2/int4/oid number; int8 number when
 * safe, else bigint; float4/float8 number; numeric canonical PG text ('1.50', 'NaN', '-Infinity'); text types string;
 * bytea Buffer; uuid lowercase string; json string as written; jsonb PG-normalised string; date days since
 * 1970-01-01; time microseconds since midnight; timetz {micros, offset (seconds east)}; timestamp/timestamptz
 * microseconds since 1970-01-01 UTC (number, bigint beyond 2^53; +-Infinity for 'infinity'); interval
 * {months, days, micros}; arrays JS arrays (nested for more dimensions, null elements).
 */
import { arrayFromText, arrayToText, vectorFromText, vectorToText } from './array.js';
import { bitFromText } from './bitstring.js';
import type { CodecContext } from './context.js';
import {
  dateFromText,
  dateToText,
  timeFromText,
  timestampFromText,
  timestampToText,
  timestamptzFromText,
  timestamptzToText,
  timeToText,
  timetzFromText,
  timetzToText,
} from './datetime.js';
import { float4FromText, float4ToText, float8FromText, float8ToText } from './float.js';
import { intervalFromText, intervalToText } from './interval.js';
import { jsonbFromText, jsonbToText, jsonFromText, jsonValueText } from './json.js';
import { moneyFromText, moneyToText } from './money.js';
import { numericFromText, toNumericText } from './numeric.js';
import { elementOidOf, OID } from './oids.js';
import {
  boolFromText,
  byteaFromText,
  byteaToText,
  int2FromText,
  int4FromText,
  int8FromText,
  nameFromText,
  oidFromText,
  textFromText,
  toBool,
  toText,
  toUuidText,
  uuidFromText,
} from './scalar.js';
import { memoByOid } from './util.js';

export type TextEncoder = (v: unknown, ctx: CodecContext) => string;
/** `typmod` matters only to interval, whose typmod range decides the unit of a unit-less number. */
export type TextDecoder = (text: string, ctx: CodecContext, typmod?: number) => unknown;

const str = (v: unknown): string => (typeof v === 'string' ? v : String(v));

/** Date/time encoders also accept text (re-read so the output is canonical) and JS Dates. */
function lenient(enc: TextEncoder, dec: TextDecoder): TextEncoder {
  return (v, ctx) => enc(typeof v === 'string' ? dec(v, ctx) : v, ctx);
}

function makeEncoder(oid: number): TextEncoder {
  switch (oid) {
    case OID.bool:
      return (v) => (v === true || v === 1 ? 't' : v === false || v === 0 ? 'f' : toBool(v) ? 't' : 'f');
    case OID.int2:
    case OID.int4:
    case OID.int8:
    case OID.oid:
    case OID.xid:
    case OID.cid:
    case OID.xid8:
    case OID.regproc:
    case OID.regclass:
    case OID.regtype:
    case OID.regnamespace:
    case OID.regrole:
      return str;
    case OID.float4:
      return (v, ctx) => float4ToText(typeof v === 'number' ? v : float4FromText(str(v)), ctx.extraFloatDigits);
    case OID.float8:
      return (v, ctx) => float8ToText(typeof v === 'number' ? v : float8FromText(str(v)), ctx.extraFloatDigits);
    case OID.numeric:
      return toNumericText;
    case OID.text:
    case OID.varchar:
    case OID.bpchar:
    case OID.name:
    case OID.unknown:
    case OID.char:
    case OID.xml:
    case OID.cstring:
      return toText;
    case OID.bytea:
      return (v, ctx) => byteaToText(v, ctx.byteaOutput === 'escape');
    case OID.uuid:
      return toUuidText;
    case OID.json:
      return jsonValueText;
    case OID.jsonb:
      return jsonbToText;
    case OID.date:
      return lenient(dateToText, dateFromText);
    case OID.time:
      return lenient(timeToText, timeFromText);
    case OID.timetz:
      return lenient(timetzToText, timetzFromText);
    case OID.timestamp:
      return lenient(timestampToText, timestampFromText);
    case OID.timestamptz:
      return lenient(timestamptzToText, timestamptzFromText);
    case OID.interval:
      return intervalToText;
    case OID.money:
      return moneyToText;
    case OID.bit:
    case OID.varbit:
      return str;
  }
  if (oid === OID.int2vector || oid === OID.oidvector) return vectorToText;
  const elem = elementOidOf(oid);
  if (elem !== 0) {
    const enc = getTextEncoder(elem);
    return (v, ctx) => arrayToText(v, enc, ctx);
  }
  return (v) => {
    if (typeof v === 'string') return v;
    if (v !== null && typeof v === 'object' && !Buffer.isBuffer(v)) return jsonValueText(v);
    return toText(v);
  };
}

function makeDecoder(oid: number): TextDecoder {
  switch (oid) {
    case OID.bool:
      return boolFromText;
    case OID.int2:
      return int2FromText;
    case OID.int4:
      return int4FromText;
    case OID.int8:
      return int8FromText;
    case OID.oid:
    case OID.xid:
    case OID.cid:
    case OID.regproc:
    case OID.regclass:
    case OID.regtype:
    case OID.regnamespace:
    case OID.regrole:
      return oidFromText;
    case OID.float4:
      return float4FromText;
    case OID.float8:
      return float8FromText;
    case OID.numeric:
      return numericFromText;
    case OID.text:
    case OID.varchar:
    case OID.bpchar:
    case OID.unknown:
    case OID.xml:
      return textFromText;
    case OID.name:
      return nameFromText;
    case OID.char:
      return (t) => textFromText(t).slice(0, 1);
    case OID.bytea:
      return byteaFromText;
    case OID.uuid:
      return uuidFromText;
    case OID.json:
      return jsonFromText;
    case OID.jsonb:
      return jsonbFromText;
    case OID.date:
      return dateFromText;
    case OID.time:
      return timeFromText;
    case OID.timetz:
      return timetzFromText;
    case OID.timestamp:
      return timestampFromText;
    case OID.timestamptz:
      return timestamptzFromText;
    case OID.interval:
      return intervalFromText;
    case OID.money:
      return moneyFromText;
    case OID.bit:
      return (t, _ctx, typmod) => bitFromText(t, typmod ?? -1, false);
    case OID.varbit:
      return (t, _ctx, typmod) => bitFromText(t, typmod ?? -1, true);
  }
  if (oid === OID.int2vector) return (t) => vectorFromText(t, 'int2vector');
  if (oid === OID.oidvector) return (t) => vectorFromText(t, 'oidvector');
  const elem = elementOidOf(oid);
  if (elem !== 0) {
    const dec = getTextDecoder(elem);
    return (t, ctx) => arrayFromText(t, dec, ctx);
  }
  return (t) => t;
}

/** Text output function for a type OID (unknown OIDs: String(v)). */
export const getTextEncoder: (oid: number) => TextEncoder = memoByOid(makeEncoder);

/** Text input function for a type OID (unknown OIDs: the text itself). Throws PgError on invalid input. */
export const getTextDecoder: (oid: number) => TextDecoder = memoByOid(makeDecoder);

/** Convenience: encode one value (null stays null). */
export function encodeText(oid: number, v: unknown, ctx: CodecContext): string | null {
  return v === null || v === undefined ? null : getTextEncoder(oid)(v, ctx);
}

/** Convenience: decode one value (null stays null). */
export function decodeText(oid: number, text: string | null, ctx: CodecContext): unknown {
  return text === null ? null : getTextDecoder(oid)(text, ctx);
}
