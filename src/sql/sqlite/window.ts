/**
 * Window functions: OVER (PARTITION BY .. ORDER BY .. frame), named windows (WINDOW w AS ...), and every
 * PG window function. SQLite has the same window machinery (ROWS/RANGE/GROUPS, EXCLUDE), so the work is
 * PG's name resolution and errors, and ordering over storage forms (numeric text and intervals sort by key).
 */
import { PgError, SQLSTATE } from '../../../protocol/errors.js';
import { OID } from '../../../protocol/types/oids.js';
import type { Node } from '../parse.js';
import { inlineSlotSql } from '../shape/slots.js';
import { coerce, DAY_US, type Expr, isFloat, isInt } from './coerce.js';
import { type ExprCtx, expr } from './expr.js';
import { defineSqliteFunctions } from './fn-registry.js';
import { sortKey } from './sort-key.js';

/** Translates an aggregate call (no OVER) for use as a window aggregate. */
export type AggregateFn = (ctx: ExprCtx, n: Node) => Expr;

const F = {
  NONDEFAULT: 0x1,
  RANGE: 0x2,
  ROWS: 0x4,
  GROUPS: 0x8,
  BETWEEN: 0x10,
  START_UNBOUNDED_PRECEDING: 0x20,
  END_UNBOUNDED_FOLLOWING: 0x100,
  START_CURRENT_ROW: 0x200,
  END_CURRENT_ROW: 0x400,
  START_OFFSET_PRECEDING: 0x800,
  END_OFFSET_PRECEDING: 0x1000,
  START_OFFSET_FOLLOWING: 0x2000,
  END_OFFSET_FOLLOWING: 0x4000,
  EXCLUDE_CURRENT_ROW: 0x8000,
  EXCLUDE_GROUP: 0x10000,
  EXCLUDE_TIES: 0x20000,
};

const IN_WINDOW = Symbol('inWindow');
type WinCtx = ExprCtx & { [IN_WINDOW]?: boolean };

interface WindowSpec {
  partition: Node[];
  order: Node[];
  frameOptions: number;
  startOffset?: Node;
  endOffset?: Node;
}

const RESULT: Record<string, number> = {
  row_number: OID.int8,
  rank: OID.int8,
  dense_rank: OID.int8,
  percent_rank: OID.float8,
  cume_dist: OID.float8,
};

defineSqliteFunctions((db) => {
  db.function('lumos_ntile_arg', { deterministic: true }, (x: unknown) => {
    if (x !== null && Number(x) <= 0) throw new PgError('22014', 'argument of ntile must be greater than zero');
    return x as number;
  });
});

function windowError(ctx: ExprCtx, message: string, node: Node, code = '42P20'): PgError {
  return ctx.t.error(code, message, node);
}

function findWindow(ctx: ExprCtx, name: string, node: Node): Node {
  const def = ctx.windows?.find((w) => w.WindowDef?.name === name)?.WindowDef;
  if (!def) throw windowError(ctx, `window "${name}" does not exist`, node, SQLSTATE.UNDEFINED_OBJECT);
  return def;
}

/** The effective window of an OVER clause, following PG's rules for copying a named window. */
function resolveWindow(ctx: ExprCtx, w: Node, node: Node): WindowSpec {
  if (w.name && !w.partitionClause && !w.orderClause && !w.refname && !(w.frameOptions & F.NONDEFAULT)) {
    // OVER w: the named window as is.
    return resolveWindow(ctx, { ...findWindow(ctx, w.name, node), name: undefined }, node);
  }
  const own: WindowSpec = {
    partition: w.partitionClause ?? [],
    order: w.orderClause ?? [],
    frameOptions: w.frameOptions ?? 1058,
    startOffset: w.startOffset,
    endOffset: w.endOffset,
  };
  if (!w.refname) return own;
  const base = resolveWindow(ctx, { ...findWindow(ctx, w.refname, node), name: undefined }, node);
  if (own.partition.length)
    throw windowError(ctx, `cannot override PARTITION BY clause of window "${w.refname}"`, node);
  if (own.order.length && base.order.length)
    throw windowError(ctx, `cannot override ORDER BY clause of window "${w.refname}"`, node);
  if (base.frameOptions & F.NONDEFAULT)
    throw windowError(ctx, `cannot copy window "${w.refname}" because it has a frame clause`, node);
  return { ...own, partition: base.partition, order: own.order.length ? own.order : base.order };
}

/** SQLite sorts storage forms: numeric text and intervals need an order-preserving key. */
export function windowSortKey(e: Expr): string {
  if (e.type === OID.numeric) return `lumos_num_sortkey(${e.sql})`;
  if (e.type === OID.interval) return `lumos_interval_sortkey(${e.sql})`;
  return e.sql;
}

function keyExpr(ctx: ExprCtx, node: Node): Expr {
  const e = expr(ctx, node);
  return e.type === OID.unknown ? coerce(ctx.t, e, OID.text, -1, 'implicit', node) : e;
}

/** A frame offset as SQL; RANGE offsets are expressed in the units of the (numeric) sort key. */
function offsetSql(ctx: ExprCtx, node: Node, mode: string, orderType: number | undefined, start: boolean): string {
  const t = ctx.t;
  const which = start ? 'starting' : 'ending';
  const e0 = expr({ ...ctx, aggs: false, clause: 'window frame' }, node);
  if (mode !== 'RANGE' || orderType === undefined || isInt(orderType) || isFloat(orderType)) {
    const type = mode === 'RANGE' && orderType !== undefined && isFloat(orderType) ? OID.float8 : OID.int8;
    const e = coerce(
      t,
      e0,
      mode === 'RANGE' && orderType !== undefined && !isInt(orderType) ? type : OID.int8,
      -1,
      'implicit',
      node,
    );
    // The sign is checked here, so a literal offset is inlined (src/sql/shape).
    const offset = inlineSlotSql(e.sql);
    if (/^-\d/.test(offset) || offset.startsWith('(- '))
      throw t.error('22013', `frame ${which} offset must not be negative`); // PG reports no position
    return offset;
  }
  if (orderType === OID.numeric) {
    const e = coerce(t, e0, OID.numeric, -1, 'implicit', node);
    return `CAST(${e.sql} AS REAL)`;
  }
  if (orderType === OID.date || orderType === OID.timestamp || orderType === OID.timestamptz) {
    const e = coerce(t, e0, OID.interval, -1, 'implicit', node);
    const m = /^'(-?\d+),(-?\d+),(-?\d+)'$/.exec(e.sql);
    if (m?.[1] !== '0')
      throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, 'RANGE offsets must be constant intervals without months', node);
    const micros = Number(m[2]) * DAY_US + Number(m[3]);
    if (micros < 0) throw t.error('22013', 'invalid preceding or following size in window function', node);
    return String(orderType === OID.date ? micros / DAY_US : micros);
  }
  throw t.error(
    SQLSTATE.FEATURE_NOT_SUPPORTED,
    `RANGE with offset PRECEDING/FOLLOWING is not supported for column type ${t.typeName(orderType)}`,
    node,
  );
}

function frameSql(ctx: ExprCtx, spec: WindowSpec, orderTypes: number[], node: Node): string {
  const o = spec.frameOptions;
  if (!(o & F.NONDEFAULT)) return '';
  const mode = o & F.ROWS ? 'ROWS' : o & F.GROUPS ? 'GROUPS' : 'RANGE';
  const hasOffset =
    o & (F.START_OFFSET_PRECEDING | F.START_OFFSET_FOLLOWING | F.END_OFFSET_PRECEDING | F.END_OFFSET_FOLLOWING);
  if (mode === 'RANGE' && hasOffset && orderTypes.length !== 1)
    throw windowError(ctx, 'RANGE with offset PRECEDING/FOLLOWING requires exactly one ORDER BY column', node);
  if (mode === 'GROUPS' && !orderTypes.length) throw windowError(ctx, 'GROUPS mode requires an ORDER BY clause', node);
  const orderType = orderTypes[0];
  const start =
    o & F.START_UNBOUNDED_PRECEDING
      ? 'UNBOUNDED PRECEDING'
      : o & F.START_CURRENT_ROW
        ? 'CURRENT ROW'
        : `${offsetSql(ctx, spec.startOffset, mode, orderType, true)} ${o & F.START_OFFSET_PRECEDING ? 'PRECEDING' : 'FOLLOWING'}`;
  let sql = `${mode} `;
  if (o & F.BETWEEN) {
    const end =
      o & F.END_UNBOUNDED_FOLLOWING
        ? 'UNBOUNDED FOLLOWING'
        : o & F.END_CURRENT_ROW
          ? 'CURRENT ROW'
          : `${offsetSql(ctx, spec.endOffset, mode, orderType, false)} ${o & F.END_OFFSET_PRECEDING ? 'PRECEDING' : 'FOLLOWING'}`;
    sql += `BETWEEN ${start} AND ${end}`;
  } else sql += start;
  if (o & F.EXCLUDE_CURRENT_ROW) sql += ' EXCLUDE CURRENT ROW';
  else if (o & F.EXCLUDE_GROUP) sql += ' EXCLUDE GROUP';
  else if (o & F.EXCLUDE_TIES) sql += ' EXCLUDE TIES';
  return sql;
}

function overSql(ctx: ExprCtx, spec: WindowSpec, node: Node): string {
  const parts: string[] = [];
  if (spec.partition.length) {
    parts.push(`PARTITION BY ${spec.partition.map((p) => windowSortKey(keyExpr(ctx, p))).join(', ')}`);
  }
  const o = spec.frameOptions;
  const rangeOffset =
    !(o & (F.ROWS | F.GROUPS)) &&
    o & (F.START_OFFSET_PRECEDING | F.START_OFFSET_FOLLOWING | F.END_OFFSET_PRECEDING | F.END_OFFSET_FOLLOWING);
  const orderTypes: number[] = [];
  if (spec.order.length) {
    const keys = spec.order.map((s) => {
      const sb = s.SortBy;
      if (sb.sortby_dir === 'SORTBY_USING')
        throw ctx.t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, 'ORDER BY USING is not supported', s);
      const e = keyExpr(ctx, sb.node);
      orderTypes.push(e.type);
      const desc = sb.sortby_dir === 'SORTBY_DESC';
      const nullsFirst =
        sb.sortby_nulls === 'SORTBY_NULLS_FIRST' ? true : sb.sortby_nulls === 'SORTBY_NULLS_LAST' ? false : desc;
      // RANGE offsets need an arithmetic key: numeric as REAL, dates and timestamps as numbers already.
      const key = rangeOffset && e.type === OID.numeric ? `CAST(${e.sql} AS REAL)` : sortKey(e, ctx.t);
      return `${key}${desc ? ' DESC' : ''} NULLS ${nullsFirst ? 'FIRST' : 'LAST'}`;
    });
    parts.push(`ORDER BY ${keys.join(', ')}`);
  }
  const frame = frameSql(ctx, spec, orderTypes, node);
  if (frame) parts.push(frame);
  return ` OVER (${parts.join(' ')})`;
}

/** Does the frame's head move, so rows leave it (SQLite calls the aggregate's inverse)? */
function movingFrame(spec: WindowSpec): boolean {
  return !!(spec.frameOptions & F.NONDEFAULT) && !(spec.frameOptions & F.START_UNBOUNDED_PRECEDING);
}

/** A call with OVER. `agg` translates the call as a plain aggregate when `name` is one. */
export function windowCall(ctx: ExprCtx, name: string, n: Node, agg?: AggregateFn): Expr {
  const t = ctx.t;
  const w = n.over;
  if ((ctx as WinCtx)[IN_WINDOW]) throw t.error('42P20', 'window function calls cannot be nested', n);
  if (!ctx.aggs) throw t.error('42P20', `window functions are not allowed in ${ctx.clause ?? 'this context'}`, n);
  const inner: WinCtx = { ...ctx, aggs: true, srfs: undefined, clause: 'window definitions', [IN_WINDOW]: true };
  const spec = resolveWindow(ctx, w, n);
  const over = overSql(inner, spec, n);
  const out = (sql: string, type: number, typmod = -1): Expr => ({
    sql: `${sql}${over}`,
    type,
    typmod,
    name,
    agg: true,
  });
  const args = (): Expr[] => (n.args ?? []).map((a: Node) => expr(inner, a));
  const noArgs = (a: Expr[]) => {
    if (a.length)
      throw t.error(
        SQLSTATE.UNDEFINED_FUNCTION,
        `function ${name}(${a.map((x) => t.typeName(x.type)).join(', ')}) does not exist`,
        n,
      );
  };
  const int4 = (e: Expr, node: Node) => coerce(t, e, OID.int4, -1, 'implicit', node);
  if (RESULT[name] !== undefined) {
    noArgs(args());
    return out(`${name}()`, RESULT[name]);
  }
  switch (name) {
    case 'ntile': {
      const a = args();
      if (a.length !== 1) break;
      return out(`ntile(lumos_ntile_arg(${int4(a[0], n.args[0]).sql}))`, OID.int4);
    }
    case 'lag':
    case 'lead': {
      const a = args();
      if (a.length < 1 || a.length > 3) break;
      const v = a[0].type === OID.unknown ? coerce(t, a[0], OID.text, -1, 'implicit', n) : a[0];
      const parts = [v.sql];
      if (a.length > 1) parts.push(int4(a[1], n.args[1]).sql);
      if (a.length > 2) parts.push(coerce(t, a[2], v.type, -1, 'implicit', n.args[2]).sql);
      return out(`${name}(${parts.join(', ')})`, v.type, v.typmod);
    }
    case 'first_value':
    case 'last_value':
    case 'nth_value': {
      const a = args();
      if (a.length !== (name === 'nth_value' ? 2 : 1)) break;
      const v = a[0].type === OID.unknown ? coerce(t, a[0], OID.text, -1, 'implicit', n) : a[0];
      const extra = name === 'nth_value' ? `, ${int4(a[1], n.args[1]).sql}` : '';
      return out(`${name}(${v.sql}${extra})`, v.type, v.typmod);
    }
    default: {
      if (!agg) break;
      if (n.agg_distinct)
        throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, 'DISTINCT is not implemented for window functions', n);
      if (n.agg_within_group)
        throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, `OVER is not supported for ordered-set aggregate ${name}`, n);
      if (n.agg_order)
        throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, 'aggregate ORDER BY is not implemented for window functions', n);
      // The arguments of a window aggregate may hold aggregates of the grouped query: sum(sum(x)) OVER ().
      // The translation puts OVER right after the call, inside any wrapping (CAST(sum(x) OVER (..) AS TEXT)),
      // and picks the variant of its aggregate for frames whose head moves (fn-window-agg.ts).
      const a = agg(
        { ...ctx, aggs: true },
        { ...n, over: undefined, lumosWindowAgg: true, lumosWindowOver: over, lumosMovingFrame: movingFrame(spec) },
      );
      if (!a.sql.includes(over))
        throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, `${name} is not supported as a window function`, n);
      return { ...a, name, agg: true };
    }
  }
  const types = (n.args ?? []).map((a: Node) => t.typeName(expr(inner, a).type)).join(', ');
  throw t.error(SQLSTATE.UNDEFINED_FUNCTION, `function ${name}(${types}) does not exist`, n, {
    hint: 'No function matches the given name and argument types. You might need to add explicit type casts.',
  });
}
