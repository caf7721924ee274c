/**
 * SQL values -> JSON text as PG's to_json/datum_to_json writes them (compact: row_to_json style):
 * numbers bare (NaN/Infinity quoted), booleans, dates and timestamps in ISO 8601 with 'T', arrays as
 * nested JSON arrays, json/jsonb embedded, everything else as a JSON string of its text output.
 */
import type { CodecContext } from '../../../protocol/types/context.js';
import { escapeString } from '../../../protocol/types/json.js';
import { elementOidOf, isArrayOid, OID } from '../../../protocol/types/oids.js';
import { getTextEncoder } from '../../../protocol/types/text.js';
import { fromStorageFn, type StorageValue } from './storage.js';

const NUMERIC_TYPES = new Set<number>([OID.int2, OID.int4, OID.int8, OID.oid, OID.float4, OID.float8, OID.numeric]);

function canonicalToJson(oid: number, v: unknown, ctx: CodecContext): string {
  if (v === null || v === undefined) return 'null';
  if (isArrayOid(oid)) {
    const elem = elementOidOf(oid);
    const walk = (a: unknown): string =>
      Array.isArray(a) ? `[${a.map(walk).join(',')}]` : canonicalToJson(elem, a, ctx);
    return walk(v);
  }
  switch (oid) {
    case OID.bool:
      return v ? 'true' : 'false';
    case OID.json:
    case OID.jsonb:
    case OID.record:
      return Buffer.isBuffer(v) ? v.toString() : String(v);
  }
  const text = String(getTextEncoder(oid)(v as never, ctx));
  if (NUMERIC_TYPES.has(oid)) return /^-?\d/.test(text) ? text : escapeString(text);
  if (oid === OID.date) return escapeString(text);
  if (oid === OID.timestamp || oid === OID.timestamptz) {
    if (!/^\d/.test(text)) return escapeString(text);
    let t = text.replace(' ', 'T');
    // ISO offsets are written in full (+05:30, -05:00), never abbreviated to the hour.
    if (oid === OID.timestamptz) t = t.replace(/([+-]\d\d)$/, '$1:00');
    return escapeString(t);
  }
  return escapeString(text);
}

/** JSON text of a storage value of type `oid` ('null' for NULL). */
export function storageToJson(oid: number, v: StorageValue | undefined, ctx: CodecContext): string {
  if (v === null || v === undefined) return 'null';
  if (oid === OID.bool) return v === 1 || v === 1n ? 'true' : 'false';
  if (oid === OID.json || oid === OID.jsonb || oid === OID.record) return String(v);
  if (oid === OID.int2 || oid === OID.int4 || oid === OID.int8) return String(v);
  if (oid === OID.text || oid === OID.varchar || oid === OID.name) return escapeString(String(v));
  const from = fromStorageFn(oid);
  const canonical = from ? from(v) : v;
  // ISO DateStyle regardless of the session: to_json always writes ISO 8601.
  return canonicalToJson(oid, canonical, { ...ctx, dateStyle: 'ISO, MDY' });
}
