/**
 * time with time zone (timetz): CURRENT_TIME [(p)] and the casts from timestamptz and to time. Values are
 * stored as the sortable text key of storage.ts (timetzToStorage).
 */
import { OID } from '../../../protocol/types/oids.js';
import type { Expr } from './coerce.js';
import type { ExprCtx } from './expr.js';
import { defineSqliteFunctions } from './fn-registry.js';
import { utcToLocal } from './functions-datetime.js';
import { quoteString, timetzFromStorage, timetzToStorage } from './storage.js';
import type { Translator } from './translator.js';

const DAY = 86_400_000_000;

// Imported by coerce.ts: no fn-util import here (fn-util imports coerce.ts).
type V = number | bigint | string | Buffer | null | undefined;
const isNull = (v: V): v is null | undefined => v === null || v === undefined;

/** Microseconds rounded half away from zero to p fractional digits (PG's AdjustTimeForTypmod). */
function roundMicros(x: number, p: number): number {
  if (p >= 6) return x;
  const scale = 10 ** (6 - p);
  return Math.floor((x + scale / 2) / scale) * scale;
}

/** A timestamptz (UTC micros) as timetz in zone `tz` (or UTC): the local time of day and that instant's offset. */
function tstzToTimetz(utc: number, tz: string | null, p: number): string {
  const local = tz ? utcToLocal(utc, tz) : utc;
  const offset = Math.round((local - utc) / 1e6);
  const micros = roundMicros(((local % DAY) + DAY) % DAY, p);
  return timetzToStorage({ micros, offset });
}

const zoneSql = (t: Translator) => {
  const tz = t.timeZone();
  return tz ? quoteString(tz) : 'NULL';
};

/** CURRENT_TIME / CURRENT_TIME(p): the transaction start time in the session time zone. */
export function currentTimeSql(ctx: ExprCtx, typmod: number): Expr {
  const t = ctx.t;
  const p = typmod >= 0 ? Math.min(typmod, 6) : 6;
  return {
    sql: `lumos_tstz_timetz(${t.sessionParam('now')}, ${zoneSql(t)}, ${p})`,
    type: OID.timetz,
    typmod: typmod >= 0 ? typmod : -1,
    name: 'current_time',
  };
}

/** SQL of a cast between timetz and another type, or undefined when PG has no such cast here. */
export function timetzCastSql(t: Translator, sql: string, from: number, to: number): string | undefined {
  if (from === OID.timetz && to === OID.time) return `lumos_timetz_time(${sql})`;
  if (from === OID.timestamptz && to === OID.timetz) return `lumos_tstz_timetz(${sql}, ${zoneSql(t)}, 6)`;
  return undefined;
}

defineSqliteFunctions((db) => {
  db.function('lumos_tstz_timetz', { deterministic: true }, (v: V, tz: V, p: V) =>
    isNull(v) ? null : tstzToTimetz(Number(v), isNull(tz) ? null : String(tz), Number(p)),
  );
  db.function('lumos_timetz_time', { deterministic: true }, (v: V) =>
    isNull(v) ? null : timetzFromStorage(String(v)).micros,
  );
});
