/**
 * Lumos's own aggregates as window functions over any frame.
 *
 * SQLite accepts an aggregate with OVER only if it has an inverse (xInverse), which it calls when a row leaves
 * the frame: only when the frame head moves (a start other than UNBOUNDED PRECEDING); never for GROUP BY,
 * running totals or whole-partition frames, and not under EXCLUDE (SQLite then rescans each frame). PG has no
 * inverse for float sums, statistics, bit_and... (subtraction is inexact, AND cannot be undone): it recomputes
 * the aggregate over the frame, in frame order. So each aggregate below is registered twice:
 *
 * - `name`: the plain aggregate, O(1) state, for GROUP BY and frames whose head does not move. Its inverse
 *   only exists so SQLite accepts OVER; it is never called (window.ts picks the other variant otherwise).
 * - `name_w` (MOVING_FRAME_SUFFIX): also keeps the inputs of the rows in the frame; after an inverse the next
 *   result recomputes the state from them, exactly as PG's restart does, and until then steps stay incremental.
 */
import { PgError, SQLSTATE } from '../../../protocol/errors.js';

export interface AggregateDef<S> {
  start: () => S;
  /** Returns the new state (better-sqlite3 semantics); its declared arity is the SQL arity. */
  step: (acc: S, ...args: never[]) => S;
  /** Must not alter the state: SQLite asks for the value of every row of a window. */
  result: (acc: S) => unknown;
  safeIntegers?: boolean;
}

export const MOVING_FRAME_SUFFIX = '_w';

/** The aggregates registered by defineFramedAggregate (their translations may pick the `_w` variant). */
const FRAMED = new Set([
  'lumos_float_sum',
  'lumos_float_stat',
  'lumos_num_stat',
  'lumos_num_sum',
  'lumos_num_avg',
  'lumos_num_min',
  'lumos_num_max',
  'lumos_regr',
  'lumos_bit_agg',
  'lumos_interval_avg',
  'lumos_interval_min',
  'lumos_interval_max',
  'lumos_bytea_agg',
]);

export function framedAggregates(): readonly string[] {
  return [...FRAMED];
}

export function isFramedAggregate(name: string): boolean {
  return FRAMED.has(name);
}

/** The SQLite aggregate to call: the `_w` variant in a window whose frame head moves. */
export function windowAggregateName(fn: string, movingFrame: boolean | undefined): string {
  return movingFrame && FRAMED.has(fn) ? `${fn}${MOVING_FRAME_SUFFIX}` : fn;
}

interface Framed<S> {
  acc: S;
  /** Inputs of the rows in the frame, from `head` on (rows leave at the front, in order). */
  rows: unknown[][];
  head: number;
  /** An inverse happened since `acc` was computed. */
  stale: boolean;
}

type AggregateRegistrar = { aggregate: (name: string, o: never) => unknown };

export function defineFramedAggregate<S>(db: AggregateRegistrar, name: string, def: AggregateDef<S>): void {
  if (!FRAMED.has(name)) throw new Error(`${name} is missing from the framed aggregates of fn-window-agg.ts`);
  const arity = def.step.length;
  const step = def.step as (acc: S, ...args: unknown[]) => S;
  const withArity = <F extends (...a: never[]) => unknown>(f: F): F =>
    Object.defineProperty(f, 'length', { value: arity });
  db.aggregate(name, {
    start: def.start,
    step: def.step,
    inverse: withArity(() => {
      throw new PgError(SQLSTATE.INTERNAL_ERROR, `${name} was used in a moving window frame`);
    }),
    result: def.result,
    safeIntegers: def.safeIntegers ?? false,
  } as never);
  db.aggregate(`${name}${MOVING_FRAME_SUFFIX}`, {
    start: (): Framed<S> => ({ acc: def.start(), rows: [], head: 0, stale: false }),
    step: withArity((w: Framed<S>, ...args: unknown[]) => {
      w.rows.push(args);
      if (!w.stale) w.acc = step(w.acc, ...args);
      return w;
    }),
    inverse: withArity((w: Framed<S>) => {
      w.rows[w.head++] = [];
      // Drop the departed rows now and then, so a long partition does not keep them all.
      if (w.head >= 64 && w.head * 2 >= w.rows.length) {
        w.rows = w.rows.slice(w.head);
        w.head = 0;
      }
      w.stale = true;
      return w;
    }),
    result: (w: Framed<S>) => {
      if (w.stale) {
        let acc = def.start();
        for (let i = w.head; i < w.rows.length; i++) acc = step(acc, ...w.rows[i]);
        w.acc = acc;
        w.stale = false;
      }
      return def.result(w.acc);
    },
    safeIntegers: def.safeIntegers ?? false,
  } as never);
}
