/**
 * Sequence functions: nextval, currval, setval, lastval, pg_get_serial_sequence.
 *
 * Where the state lives, and why:
 * - PostgreSQL's nextval/setval are NOT transactional: a value handed out stays used even if the transaction
 *   rolls back. SQLite has one transaction per connection, so a write of the counter inside it would be undone.
 *   The authoritative counter is therefore kept in memory on the connection that runs nextval: every statement
 *   calling it writes (it is never readOnly), so it runs on the single writer connection. The value is persisted
 *   to `_lumos_sequences` after each job (flushSequences, called by the engine before it commits), so it is
 *   durable once any later job commits; after a rollback the memory stays ahead of the table, as in PG.
 *   (Only if the server restarts right after a rollback can values of that rolled-back transaction be handed
 *   out again: they were never visible in committed data.)
 * - A UDF cannot query its own connection (better-sqlite3 refuses re-entrancy), so each call receives the
 *   sequence's stored row as an argument (an uncorrelated scalar subquery, evaluated once per statement).
 *   Its `epoch` changes on every transactional change of the sequence (CREATE, ALTER, RESTART IDENTITY):
 *   when it differs from the in-memory epoch, the stored row wins.
 * - currval/lastval are per session: the writer keeps, per session process id ($__pid), the last value
 *   each sequence returned to it. If the writer connection is replaced (a stuck statement was cancelled)
 *   that memory is lost and currval reports "not yet defined" again.
 */
import type Database from 'better-sqlite3';
import { PgError, SQLSTATE } from '../../../protocol/errors.js';
import { OID } from '../../../protocol/types/oids.js';
import { SEQUENCE_TABLE } from '../../catalog/catalog.js';
import type { SequenceDef } from '../../catalog/types.js';
import type { Node } from '../parse.js';
import { inlineSlotSql } from '../shape/slots.js';
import type { Expr } from './coerce.js';
import { coerce } from './coerce.js';
import type { ExprCtx } from './expr.js';
import { defineScalar, defineSqliteFunctions } from './fn-registry.js';
import { quoteString } from './storage.js';

/** SQL giving the stored state of sequence `oid` as one text value (see parseState). */
export function seqStateSql(oid: number): string {
  return `(SELECT name||'|'||params||'|'||last_value||'|'||is_called||'|'||epoch FROM ${SEQUENCE_TABLE} WHERE oid = ${oid})`;
}

/** nextval of sequence `oid` as SQLite SQL (column defaults store this). */
export function nextvalSql(oid: number): string {
  return `lumos_nextval(${oid}, $__pid, ${seqStateSql(oid)})`;
}

/** The `params` column of _lumos_sequences for a definition. */
export function seqParams(s: SequenceDef): string {
  return [s.increment, s.min, s.max, s.start, s.cycle ? 1 : 0, s.typeOid].join(',');
}

interface Stored {
  name: string;
  inc: bigint;
  min: bigint;
  max: bigint;
  cycle: boolean;
  last: bigint;
  called: boolean;
  /** A random int64, compared as text (a JS number would round it). */
  epoch: string;
}

interface Live {
  epoch: string;
  last: bigint;
  called: boolean;
}

interface ConnState {
  live: Map<number, Live>;
  dirty: Set<number>;
  sessions: Map<number, { vals: Map<number, bigint>; last?: number }>;
}

const states = new WeakMap<Database.Database, ConnState>();
const parsed = new Map<string, Stored>();

function parseState(s: string): Stored {
  let p = parsed.get(s);
  if (p) return p;
  const [name, params, last, called, epoch] = s.split('|');
  const [inc, min, max, , cycle] = params.split(',');
  p = {
    name,
    inc: BigInt(inc),
    min: BigInt(min),
    max: BigInt(max),
    cycle: cycle === '1',
    last: BigInt(last),
    called: called === '1',
    epoch,
  };
  if (parsed.size > 1000) parsed.clear();
  parsed.set(s, p);
  return p;
}

const out = (v: bigint): number | bigint => (v >= -(2n ** 53n) && v <= 2n ** 53n ? Number(v) : v);

function big(v: unknown): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return BigInt(Math.trunc(v));
  return BigInt(String(v));
}

function live(st: ConnState, oid: number, stored: Stored): Live {
  let l = st.live.get(oid);
  if (!l || l.epoch !== stored.epoch) {
    l = { epoch: stored.epoch, last: stored.last, called: stored.called };
    st.live.set(oid, l);
  }
  return l;
}

function session(st: ConnState, pid: unknown) {
  const key = Number(pid ?? 0);
  let s = st.sessions.get(key);
  if (!s) {
    // Bounded: sessions are never told to the writer when they end.
    if (st.sessions.size > 10000) st.sessions.clear();
    s = { vals: new Map() };
    st.sessions.set(key, s);
  }
  return s;
}

function missing(): PgError {
  return new PgError(SQLSTATE.UNDEFINED_TABLE, 'sequence does not exist');
}

defineSqliteFunctions((db) => {
  const st: ConnState = { live: new Map(), dirty: new Set(), sessions: new Map() };
  states.set(db, st);
  const opts = { deterministic: false, varargs: false, safeIntegers: true } as const;
  db.function('lumos_nextval', opts, (oid: unknown, pid: unknown, state: unknown) => {
    if (typeof state !== 'string') throw missing();
    const o = Number(oid);
    const s = parseState(state);
    const l = live(st, o, s);
    let v = l.last;
    if (l.called) {
      v = l.last + s.inc;
      if (s.inc > 0n && v > s.max) {
        if (!s.cycle) throw new PgError('2200H', `nextval: reached maximum value of sequence "${s.name}" (${s.max})`);
        v = s.min;
      } else if (s.inc < 0n && v < s.min) {
        if (!s.cycle) throw new PgError('2200H', `nextval: reached minimum value of sequence "${s.name}" (${s.min})`);
        v = s.max;
      }
    }
    l.last = v;
    l.called = true;
    st.dirty.add(o);
    const ss = session(st, pid);
    ss.vals.set(o, v);
    ss.last = o;
    return out(v);
  });
  db.function('lumos_setval', opts, (oid: unknown, pid: unknown, state: unknown, value: unknown, called: unknown) => {
    if (typeof state !== 'string') throw missing();
    if (value === null) return null;
    const o = Number(oid);
    const s = parseState(state);
    const v = big(value);
    if (v < s.min || v > s.max)
      throw new PgError(
        SQLSTATE.NUMERIC_VALUE_OUT_OF_RANGE,
        `setval: value ${v} is out of bounds for sequence "${s.name}" (${s.min}..${s.max})`,
      );
    const l = live(st, o, s);
    l.last = v;
    l.called = called === null || called === undefined ? true : big(called) !== 0n;
    st.dirty.add(o);
    if (l.called) session(st, pid).vals.set(o, v);
    return out(v);
  });
  db.function('lumos_currval', opts, (oid: unknown, pid: unknown, name: unknown) => {
    const v = session(st, pid).vals.get(Number(oid));
    if (v === undefined)
      throw new PgError('55000', `currval of sequence "${String(name)}" is not yet defined in this session`);
    return out(v);
  });
  db.function('lumos_lastval', opts, (pid: unknown) => {
    const s = session(st, pid);
    const v = s.last === undefined ? undefined : s.vals.get(s.last);
    if (v === undefined) throw new PgError('55000', 'lastval is not yet defined in this session');
    return out(v);
  });
});

/** CHECK constraints added by ALTER TABLE are SQLite triggers calling these (see ddl-constraint.ts). */
defineSqliteFunctions((db) => {
  db.function('lumos_check_violation', { deterministic: true }, (name: unknown, table: unknown) => {
    throw new PgError(
      SQLSTATE.CHECK_VIOLATION,
      `new row for relation "${String(table)}" violates check constraint "${String(name)}"`,
      { constraint: String(name), table: String(table) },
    );
  });
  db.function('lumos_check_existing', { deterministic: true }, (name: unknown, table: unknown) => {
    throw new PgError(
      SQLSTATE.CHECK_VIOLATION,
      `check constraint "${String(name)}" of relation "${String(table)}" is violated by some row`,
      { constraint: String(name), table: String(table) },
    );
  });
});

/**
 * Persist the in-memory counters this connection changed (the engine calls it after each job, inside the
 * job's transaction). A row whose epoch changed meanwhile (ALTER/RESTART in this job) is left as stored.
 */
export function flushSequences(db: Database.Database): void {
  const st = states.get(db);
  if (!st || st.dirty.size === 0) return;
  const stmt = db.prepare(`UPDATE ${SEQUENCE_TABLE} SET last_value = ?, is_called = ? WHERE oid = ? AND epoch = ?`);
  for (const oid of st.dirty) {
    const l = st.live.get(oid);
    if (l) stmt.run(l.last, l.called ? 1 : 0, oid, BigInt(l.epoch));
  }
  st.dirty.clear();
}

/** Split a regclass text ('s.name', '"Mixed"') the way PG's identifier rules do. */
export function parseRelName(text: string): string[] {
  const parts: string[] = [];
  let i = 0;
  const s = text.trim();
  while (i <= s.length) {
    let part = '';
    if (s[i] === '"') {
      i++;
      while (i < s.length) {
        if (s[i] === '"') {
          if (s[i + 1] === '"') {
            part += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        part += s[i++];
      }
    } else {
      while (i < s.length && s[i] !== '.') part += s[i++];
      part = part.trim().toLowerCase();
    }
    parts.push(part);
    if (s[i] !== '.') break;
    i++;
  }
  return parts;
}

/** The string constant an argument is, if it is one (a literal, or a literal cast to text/regclass). */
function constText(e: Expr): string | undefined {
  if (e.unknownText !== undefined) return e.unknownText;
  const m = /^'((?:[^']|'')*)'$/s.exec(e.sql);
  return m ? m[1].replaceAll("''", "'") : undefined;
}

/** Resolve nextval's regclass argument to a sequence at translate time (PG resolves it when parsing). */
function sequenceArg(ctx: ExprCtx, e: Expr, node: Node): SequenceDef {
  const t = ctx.t;
  let rel: ReturnType<typeof t.catalog.lookupRelation>;
  let display: string;
  if (
    (e.type === OID.regclass || e.type === OID.oid || e.type === OID.int4 || e.type === OID.int8) &&
    /^\d+$/.test(inlineSlotSql(e.sql))
  ) {
    const oid = inlineSlotSql(e.sql);
    const o = t.catalog.object(Number(oid));
    rel = o && o.kind !== 'schema' && o.kind !== 'enum' && o.kind !== 'extension' ? o : undefined;
    display = oid;
  } else {
    const text = constText(e);
    if (text === undefined)
      throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, 'sequence functions need a constant sequence name', node);
    const names = parseRelName(text);
    display = text;
    if (names.length > 2)
      throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, `cross-database references are not implemented: ${text}`, node);
    rel = t.catalog.lookupRelation(names[names.length - 1], names.length > 1 ? names[0] : undefined, t.opts.searchPath);
  }
  if (!rel) throw t.error(SQLSTATE.UNDEFINED_TABLE, `relation "${display}" does not exist`, node);
  if (rel.kind !== 'sequence') throw t.error('42809', `"${rel.name}" is not a sequence`, node);
  return rel;
}

/** The statement changes state outside its rows: never readOnly, never cached as a pure read. */
function writes(ctx: ExprCtx): string {
  ctx.t.volatile = true;
  ctx.t.sideEffects = true;
  return ctx.t.sessionParam('pid');
}

const int8 = (sql: string): Expr => ({ sql, type: OID.int8, typmod: -1 });

defineScalar('nextval', (ctx, args, node) => {
  if (args.length !== 1) return undefined;
  const seq = sequenceArg(ctx, args[0], node);
  writes(ctx);
  return int8(nextvalSql(seq.oid));
});

defineScalar('currval', (ctx, args, node) => {
  if (args.length !== 1) return undefined;
  const seq = sequenceArg(ctx, args[0], node);
  return int8(`lumos_currval(${seq.oid}, ${writes(ctx)}, ${quoteString(seq.name)})`);
});

defineScalar('lastval', (ctx, args) => {
  if (args.length !== 0) return undefined;
  return int8(`lumos_lastval(${writes(ctx)})`);
});

defineScalar('setval', (ctx, args, node) => {
  if (args.length !== 2 && args.length !== 3) return undefined;
  const seq = sequenceArg(ctx, args[0], node);
  const pid = writes(ctx);
  const v = coerce(ctx.t, args[1], OID.int8, -1, 'implicit', node);
  const called = args[2] ? coerce(ctx.t, args[2], OID.bool, -1, 'implicit', node).sql : '1';
  return int8(`lumos_setval(${seq.oid}, ${pid}, ${seqStateSql(seq.oid)}, ${v.sql}, ${called})`);
});

defineScalar('pg_get_serial_sequence', (ctx, args, node) => {
  if (args.length !== 2) return undefined;
  const t = ctx.t;
  const tableText = constText(args[0]);
  const colText = constText(args[1]);
  if (tableText === undefined || colText === undefined)
    throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, 'pg_get_serial_sequence needs constant arguments', node);
  const names = parseRelName(tableText);
  const rel = t.catalog.lookupRelation(
    names[names.length - 1],
    names.length > 1 ? names[0] : undefined,
    t.opts.searchPath,
  );
  if (!rel) throw t.error(SQLSTATE.UNDEFINED_TABLE, `relation "${tableText}" does not exist`, node);
  const col = rel.kind === 'sequence' ? undefined : rel.columns.find((c) => c.name === colText);
  if (!col)
    throw t.error(SQLSTATE.UNDEFINED_COLUMN, `column "${colText}" of relation "${rel.name}" does not exist`, node);
  const seq = col.seqOid !== undefined ? t.catalog.object(col.seqOid) : undefined;
  if (seq?.kind !== 'sequence') return { sql: 'NULL', type: OID.text, typmod: -1 };
  return { sql: quoteString(`${quoteIdentPg(seq.schema)}.${quoteIdentPg(seq.name)}`), type: OID.text, typmod: -1 };
});

/** PG's quote_ident: quotes only when needed. */
export function quoteIdentPg(s: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(s) ? s : `"${s.replaceAll('"', '""')}"`;
}
