/** PostgreSQL function calls and SQL value functions (CURRENT_TIMESTAMP...) -> SQLite. */
import { SQLSTATE } from '../../../protocol/errors.js';
import { arrayOidOf, elementOidOf, isArrayOid, OID } from '../../../protocol/types/oids.js';
import type { Node } from '../parse.js';
import { coerce, DAY_US, type Expr, intBits, isFloat, isInt, isNumberType, isTextLike, toTextSql } from './coerce.js';
import { boolArg, type ExprCtx, expr } from './expr.js';
import { resolveExtensionFunction } from './extension.js';
import { lookupAggregate } from './fn-aggregates.js';
import { jsonAggregate } from './fn-json.js';
import { lookupScalar } from './fn-registry.js';
import { currentTimeSql } from './fn-timetz.js';
import { windowAggregateName } from './fn-window-agg.js';
import { elemToJsonSql } from './op-array.js';
import { isRecordType } from './record.js';
import { eqKey } from './select.js';
import { sortKey } from './sort-key.js';
import { lookupSetReturning, srfInExpression } from './srf.js';
import { quoteString } from './storage.js';
import { str } from './translator.js';
import { windowCall } from './window.js';

export const LUMOS_VERSION = 'PostgreSQL 15.0 (Lumos 0.1.0) on x86_64-pc-linux-gnu';

const mk = (sql: string, type: number, name?: string, agg?: boolean): Expr => ({ sql, type, typmod: -1, name, agg });

function localTs(ctx: ExprCtx, sql: string): string {
  const tz = ctx.t.timeZone();
  return tz ? `lumos_tstz_to_ts(${sql}, ${quoteString(tz)})` : sql;
}

export function sqlValueFunction(ctx: ExprCtx, n: Node): Expr {
  const t = ctx.t;
  const now = () => t.sessionParam('now');
  switch (n.op) {
    case 'SVFOP_CURRENT_TIMESTAMP':
    case 'SVFOP_CURRENT_TIMESTAMP_N':
      return mk(now(), OID.timestamptz, 'current_timestamp');
    case 'SVFOP_LOCALTIMESTAMP':
    case 'SVFOP_LOCALTIMESTAMP_N':
      return mk(localTs(ctx, now()), OID.timestamp, 'localtimestamp');
    case 'SVFOP_CURRENT_DATE':
      return mk(`lumos_floor_div(${localTs(ctx, now())}, ${DAY_US})`, OID.date, 'current_date');
    case 'SVFOP_LOCALTIME':
    case 'SVFOP_LOCALTIME_N': {
      const time = `lumos_floor_mod(${localTs(ctx, now())}, ${DAY_US})`;
      // LOCALTIME(p) rounds to p fractional digits like time(p) (the parse tree omits a zero typmod).
      const p = n.op.endsWith('_N') ? (n.typmod ?? 0) : -1;
      return p >= 0 && p < 6
        ? { ...mk(`lumos_time_round(${time}, ${p})`, OID.time, 'localtime'), typmod: p }
        : mk(time, OID.time, 'localtime');
    }
    case 'SVFOP_CURRENT_TIME':
    case 'SVFOP_CURRENT_TIME_N':
      return currentTimeSql(ctx, n.op.endsWith('_N') ? (n.typmod ?? 0) : -1);
    case 'SVFOP_CURRENT_USER':
    case 'SVFOP_CURRENT_ROLE':
    case 'SVFOP_SESSION_USER':
    case 'SVFOP_USER': {
      const name = n.op.slice(6).toLowerCase();
      return mk(t.sessionParam('user'), OID.name, name === 'user' ? 'user' : name);
    }
    case 'SVFOP_CURRENT_CATALOG':
      return mk(t.sessionParam('database'), OID.name, 'current_catalog');
    case 'SVFOP_CURRENT_SCHEMA':
      return mk(t.sessionParam('schema'), OID.name, 'current_schema');
    default:
      throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, `${n.op} is not supported yet`, n);
  }
}

const AGGREGATES = new Set([
  'count',
  'sum',
  'avg',
  'min',
  'max',
  'bool_and',
  'bool_or',
  'every',
  'string_agg',
  'array_agg',
  'json_agg',
  'jsonb_agg',
  'json_object_agg',
  'jsonb_object_agg',
]);

/** An aggregate function name (built in or from fn-aggregates.ts). */
export function isAggregateName(name: string): boolean {
  return AGGREGATES.has(name) || !!lookupAggregate(name);
}

export function callFunction(ctx: ExprCtx, n: Node): Expr {
  const t = ctx.t;
  const names: string[] = n.funcname.map(str);
  // information_schema's helper functions (_pg_expandarray...) are called qualified by drivers.
  const infoHelper = names.length === 2 && names[0] === 'information_schema' && names[1].startsWith('_pg_');
  const name = names[names.length - 1].toLowerCase();
  if (names.length > 1 && names[0] !== 'pg_catalog' && !infoHelper) {
    // Outside pg_catalog only installed extensions' functions exist (schema.function).
    if (names.length === 2 && !infoHelper && !t.catalog.hasSchema(names[0]))
      throw t.error(SQLSTATE.INVALID_SCHEMA_NAME, `schema "${names[0]}" does not exist`, n);
    const own = names.length === 2 ? resolveExtensionFunction(t, name, names[0]) : undefined;
    const r = own?.(
      ctx,
      (n.args ?? []).map((a: Node) => expr(ctx, a)),
      n,
    );
    if (r) return integerResult({ ...r, name });
    throw t.error(SQLSTATE.UNDEFINED_FUNCTION, `function ${names.join('.')} does not exist`, n);
  }
  if (n.over)
    return integerResult(
      windowCall(
        ctx,
        name,
        n,
        AGGREGATES.has(name) || lookupAggregate(name) ? (c, node) => aggregate(c, name, node) : undefined,
      ),
    );
  if (lookupSetReturning(name)) return srfInExpression(ctx, name, n);
  if (AGGREGATES.has(name) || lookupAggregate(name)) return integerResult(aggregate(ctx, name, n));
  if (n.agg_star || n.agg_distinct || n.agg_order || n.agg_filter) {
    throw t.error('42809', `${name} is not an aggregate function`, n);
  }
  const args: Expr[] = (n.args ?? []).map((a: Node) => expr(ctx, a));
  // pg_catalog comes first in PG's search path, so built-in functions win over extensions' (gen_random_uuid).
  const r =
    lookupScalar(name)?.(ctx, args, n) ??
    scalar(ctx, name, args, n) ??
    (names.length === 1 ? resolveExtensionFunction(t, name, undefined)?.(ctx, args, n) : undefined);
  if (!r) {
    const types = args.map((a) => t.typeName(a.type === OID.unknown ? OID.unknown : a.type)).join(', ');
    throw t.error(SQLSTATE.UNDEFINED_FUNCTION, `function ${name}(${types}) does not exist`, n, {
      hint: 'No function matches the given name and argument types. You might need to add explicit type casts.',
    });
  }
  return integerResult({ ...r, name, agg: r.agg || args.some((a) => a.agg) });
}

/**
 * Lumos's JS functions hand SQLite a JS number as REAL: an integer-typed result must be made INTEGER, or
 * ascii('a')::text is '97.0' and length-like results divide as floats.
 */
function integerResult(e: Expr): Expr {
  return isInt(e.type) && /^lumos_\w+\(/.test(e.sql) ? { ...e, sql: `CAST(${e.sql} AS INTEGER)` } : e;
}

function text(ctx: ExprCtx, e: Expr, n: Node): Expr {
  if (e.type === OID.unknown) return coerce(ctx.t, e, OID.text, -1, 'implicit', n);
  return { ...e, sql: toTextSql(ctx.t, e.sql, e.type), type: OID.text };
}

function num(ctx: ExprCtx, e: Expr, n: Node, dflt: number = OID.numeric): Expr {
  if (e.type === OID.unknown) return coerce(ctx.t, e, dflt, -1, 'implicit', n);
  if (!isNumberType(e.type)) {
    throw ctx.t.error(SQLSTATE.UNDEFINED_FUNCTION, `function does not exist for type ${ctx.t.typeName(e.type)}`, n);
  }
  return e;
}

function scalar(ctx: ExprCtx, name: string, a: Expr[], n: Node): Expr | undefined {
  const t = ctx.t;
  const c = (e: Expr, type: number) => coerce(t, e, type, -1, 'implicit', n);
  switch (name) {
    case 'version':
      return mk(quoteString(LUMOS_VERSION), OID.text);
    case 'current_database':
      return mk(t.sessionParam('database'), OID.name);
    case 'current_schema':
      return mk(t.sessionParam('schema'), OID.name);
    case 'current_user':
    case 'session_user':
      return mk(t.sessionParam('user'), OID.name);
    case 'pg_backend_pid':
      return mk(t.sessionParam('pid'), OID.int4);
    case 'current_schemas': {
      const implicit = a.length === 1 && a[0].sql !== '0';
      const path = t.opts.searchPath.filter((s) => s !== '$user' && s !== 'pg_catalog' && !s.startsWith('pg_temp'));
      // The session's temporary schema is implicit: listed (first) only with true, once it holds objects.
      const temp = t.opts.searchPath.filter(
        (s) => s.startsWith('pg_temp_') && t.catalog.all().some((x) => x.schema === s),
      );
      const schemas = implicit ? [...temp, 'pg_catalog', ...path] : path;
      return mk(quoteString(JSON.stringify(schemas)), OID._name);
    }
    case 'now':
    case 'transaction_timestamp':
    case 'statement_timestamp':
      if (a.length) return undefined;
      return mk(t.sessionParam('now'), OID.timestamptz);
    case 'clock_timestamp':
      t.volatile = true;
      return mk('lumos_clock_timestamp()', OID.timestamptz);
    case 'pg_sleep': {
      if (a.length !== 1) return undefined;
      t.blocking = true;
      t.volatile = true;
      return mk(`lumos_pg_sleep(${c(a[0], OID.float8).sql})`, OID.void);
    }
    case 'random':
      t.volatile = true;
      return a.length ? undefined : mk('lumos_random()', OID.float8);
    case 'gen_random_uuid':
      t.volatile = true;
      return mk('lumos_uuid()', OID.uuid);
    case 'lower':
    case 'upper':
      // No implicit cast to text for function arguments: upper(42) does not exist in PG.
      if (a.length !== 1 || (a[0].type !== OID.unknown && !isTextLike(a[0].type))) return undefined;
      return mk(`lumos_${name}(${text(ctx, a[0], n).sql})`, OID.text);
    case 'abs': {
      if (a.length !== 1) return undefined;
      const x = num(ctx, a[0], n, OID.float8);
      if (isFloat(x.type)) return mk(`lumos_f_math('abs', ${x.sql})`, x.type);
      if (x.type === OID.numeric) return mk(`lumos_num_abs(${x.sql})`, x.type);
      // abs(-32768::int2) overflows its type in PG (SQLite's abs only fails at 64 bits).
      const bits = intBits(x.type);
      return mk(bits < 64 ? `lumos_int_range(abs(${x.sql}), ${bits})` : `abs(${x.sql})`, x.type);
    }
    case 'ceil':
    case 'ceiling':
    case 'floor': {
      if (a.length !== 1) return undefined;
      const x = num(ctx, a[0], n, OID.float8);
      const f = name === 'floor' ? 'floor' : 'ceil';
      if (x.type === OID.numeric) return mk(`lumos_num_${f}(${x.sql})`, OID.numeric);
      return mk(`lumos_f_math('${f}', ${c(x, OID.float8).sql})`, OID.float8);
    }
    case 'mod': {
      if (a.length !== 2) return undefined;
      const x = num(ctx, a[0], n, OID.int4);
      const y = num(ctx, a[1], n, OID.int4);
      if (x.type === OID.numeric || y.type === OID.numeric)
        return mk(`lumos_num_mod(${c(x, OID.numeric).sql}, ${c(y, OID.numeric).sql})`, OID.numeric);
      return mk(`(${x.sql} % lumos_nz(${y.sql}))`, isInt(x.type) && x.type === y.type ? x.type : OID.int8);
    }
    case 'array_position': {
      if (a.length !== 2) return undefined;
      const arr = a[0];
      if (!isArrayOid(arr.type)) return undefined;
      const elem = elementOidOf(arr.type);
      const v = a[1].type === OID.unknown || isTextLike(a[1].type) ? text(ctx, a[1], n) : c(a[1], elem);
      return mk(`lumos_array_position(${arr.sql}, ${v.sql})`, OID.int4);
    }
    case 'array_length':
    case 'cardinality': {
      if (!a.length || !isArrayOid(a[0].type)) return undefined;
      return mk(`CASE WHEN json_array_length(${a[0].sql}) > 0 THEN json_array_length(${a[0].sql}) END`, OID.int4);
    }
    case 'pg_typeof':
      // In the fallback switch on purpose: a catalog module may register a richer pg_typeof.
      if (a.length !== 1) return undefined;
      // Keep the argument in the SQL when it holds an aggregate, so the query still aggregates.
      if (a[0].agg)
        return mk(
          `CASE WHEN ${a[0].sql} IS NULL THEN ${quoteString(t.typeName(a[0].type))} ELSE ${quoteString(t.typeName(a[0].type))} END`,
          OID.regtype,
        );
      return mk(quoteString(t.typeName(a[0].type)), OID.regtype);
    case 'coalesce':
      return undefined;
    default:
      return undefined;
  }
}

function aggregate(ctx: ExprCtx, name: string, n: Node): Expr {
  const t = ctx.t;
  if (!ctx.aggs) {
    throw t.error('42803', `aggregate functions are not allowed in ${ctx.clause ?? 'this context'}`, n);
  }
  // Arguments of an aggregate are evaluated per row: nested aggregates are an error in PG.
  const inner: ExprCtx = n.lumosWindowAgg ? ctx : { ...ctx, aggs: false, clause: 'aggregate function calls' };
  const args: Expr[] = (n.args ?? []).map((a: Node) => expr(inner, a));
  const distinct = n.agg_distinct ? 'DISTINCT ' : '';
  let suffix = '';
  if (n.agg_filter) suffix = ` FILTER (WHERE ${boolArg(inner, n.agg_filter, 'FILTER').sql})`;
  // A window aggregate (window.ts): OVER follows the call and its FILTER wherever a translation puts them.
  const movingFrame: boolean | undefined = n.lumosMovingFrame;
  if (n.lumosWindowOver) suffix += n.lumosWindowOver;
  const out = (sql: string, type: number): Expr => ({ sql: `${sql}${suffix}`, type, typmod: -1, name, agg: true });
  const wrap = (pre: string, inside: string, post = '') => ({
    sql: `${windowAggregateName(pre, movingFrame)}(${distinct}${inside}${orderBy(inner, n)})${suffix}${post}`,
  });
  // Aggregates of fn-aggregates.ts (statistics, ordered-set, PG-exact sum/avg variants) come first.
  const aggParts = { distinct: !!distinct, order: orderBy(inner, n), suffix, movingFrame };
  const ext = lookupAggregate(name)?.(inner, args, aggParts, n);
  if (ext) return { ...ext, name, agg: true };
  if (name === 'count') {
    if (n.agg_star) return out('count(*)', OID.int8);
    if (args.length !== 1) throw t.error(SQLSTATE.UNDEFINED_FUNCTION, 'function count() does not exist', n);
    // count(DISTINCT x) over numerics/intervals counts values, not their texts (1.0 = 1).
    return { ...out('', OID.int8), sql: wrap('count', distinct ? eqKey(args[0]) : args[0].sql).sql };
  }
  if (args.length < 1) throw t.error(SQLSTATE.UNDEFINED_FUNCTION, `function ${name}() does not exist`, n);
  let x = args[0];
  if (x.type === OID.unknown) x = coerce(t, x, name === 'string_agg' ? OID.text : OID.numeric, -1, 'implicit', n);
  const res = (fn: string, type: number, post = '') => ({
    sql: wrap(fn, x.sql, post).sql,
    type,
    typmod: -1,
    name,
    agg: true,
  });
  switch (name) {
    case 'sum':
      if (x.type === OID.int2 || x.type === OID.int4) return res('sum', OID.int8);
      if (x.type === OID.int8) return { ...res('sum', OID.numeric), sql: `CAST(${wrap('sum', x.sql).sql} AS TEXT)` };
      if (isFloat(x.type)) return res('sum', OID.float8);
      if (x.type === OID.numeric) return res('lumos_num_sum', OID.numeric);
      if (x.type === OID.interval) return res('lumos_interval_sum', OID.interval);
      break;
    case 'avg':
      if (isInt(x.type) || x.type === OID.numeric) return res('lumos_num_avg', OID.numeric);
      if (isFloat(x.type)) return res('avg', OID.float8);
      break;
    case 'min':
    case 'max':
      if (x.type === OID.numeric) return res(`lumos_num_${name}`, OID.numeric);
      // PG has no min/max over records (nor json): 42883 below.
      if (x.type === OID.interval || isArrayOid(x.type) || x.type === OID.json || x.type === OID.record) break;
      return { ...res(name, x.type), typmod: x.typmod };
    case 'bool_and':
    case 'every':
    case 'bool_or':
      if (x.type !== OID.bool) break;
      return res(name === 'bool_or' ? 'max' : 'min', OID.bool);
    case 'string_agg': {
      // PG's string_agg takes text or bytea; a record has no implicit cast to text.
      if (args.length !== 2 || isRecordType(x.type)) break;
      const sep = coerce(t, args[1], OID.text, -1, 'implicit', n);
      return {
        sql: `group_concat(${distinct}${toTextSql(t, x.sql, x.type)}, ${sep.sql}${orderBy(inner, n)})${suffix}`,
        type: OID.text,
        typmod: -1,
        name,
        agg: true,
      };
    }
    case 'array_agg': {
      // Elements in their JSON storage form (int8 beyond 2^53, bytea); arrays gain a dimension (op-array.ts).
      const el = elemToJsonSql(x);
      // Over no rows PG returns NULL, not an empty array (a non-empty input never yields '[]').
      if (isArrayOid(x.type))
        return {
          ...res('json_group_array', x.type),
          sql: `lumos_array_md(NULLIF(${wrap('json_group_array', el).sql}, '[]'), 1)`,
        };
      const arr = arrayOidOf(x.type);
      if (!arr) break;
      // record[] keeps its elements' shape (record.ts) in its typmod.
      const typmod = x.type === OID.record ? x.typmod : -1;
      return { ...res('json_group_array', arr), sql: `NULLIF(${wrap('json_group_array', el).sql}, '[]')`, typmod };
    }
    case 'json_agg':
    case 'jsonb_agg':
    case 'json_object_agg':
    case 'jsonb_object_agg': {
      const parts = { distinct: !!distinct, order: orderBy(inner, n), suffix };
      const r = jsonAggregate(inner, name, args, parts, n);
      if (r) return { ...r, name, agg: true };
      break;
    }
  }
  throw t.error(SQLSTATE.UNDEFINED_FUNCTION, `function ${name}(${t.typeName(x.type)}) does not exist`, n, {
    hint: 'No function matches the given name and argument types. You might need to add explicit type casts.',
  });
}

/** Aggregates whose result shows their input order. */
const ORDER_SHOWN = new Set(['array_agg', 'string_agg', 'json_agg', 'jsonb_agg']);

function orderBy(ctx: ExprCtx, n: Node): string {
  if (!n.agg_order) {
    // PG implements DISTINCT by sorting the input: array_agg(DISTINCT x) lists the values in order.
    const name = str(n.funcname[n.funcname.length - 1]);
    if (!n.agg_distinct || !n.args?.length || !ORDER_SHOWN.has(name)) return '';
    return ` ORDER BY ${sortKey(expr(ctx, n.args[0]), ctx.t)}`;
  }
  const parts = n.agg_order.map((s: Node) => {
    const sb = s.SortBy;
    // Through the sort key: numerics, enums, records... do not sort like their stored form.
    const key = sortKey(expr(ctx, sb.node), ctx.t);
    const desc = sb.sortby_dir === 'SORTBY_DESC';
    const nulls =
      sb.sortby_nulls === 'SORTBY_NULLS_FIRST' ? true : sb.sortby_nulls === 'SORTBY_NULLS_LAST' ? false : desc;
    return `${key}${desc ? ' DESC' : ''} NULLS ${nulls ? 'FIRST' : 'LAST'}`;
  });
  return ` ORDER BY ${parts.join(', ')}`;
}
