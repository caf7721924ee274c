/** PostgreSQL function calls and SQL value functions (CURRENT_TIMESTAMP...) -> SQLite. */
import { SQLSTATE } from '../../../protocol/errors.js';
import { arrayOidOf, elementOidOf, isArrayOid, OID } from '../../../protocol/types/oids.js';
import type { Node } from '../parse.js';
import { coerce, DAY_US, type Expr, isFloat, isInt, isNumberType, isTextLike, toTextSql } from './coerce.js';
import { boolArg, type ExprCtx, expr } from './expr.js';
import { lookupScalar } from './fn-registry.js';
import { quoteString } from './storage.js';
import { str } from './translator.js';

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
    case 'SVFOP_LOCALTIME_N':
      return mk(`lumos_floor_mod(${localTs(ctx, now())}, ${DAY_US})`, OID.time, 'localtime');
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
]);

export function callFunction(ctx: ExprCtx, n: Node): Expr {
  const t = ctx.t;
  const names: string[] = n.funcname.map(str);
  if (names.length > 1 && names[0] !== 'pg_catalog') {
    throw t.error(SQLSTATE.UNDEFINED_FUNCTION, `function ${names.join('.')} does not exist`, n);
  }
  const name = names[names.length - 1].toLowerCase();
  if (n.over) return windowCall(ctx, name, n);
  if (AGGREGATES.has(name)) return aggregate(ctx, name, n);
  if (n.agg_star || n.agg_distinct || n.agg_order || n.agg_filter) {
    throw t.error('42809', `${name} is not an aggregate function`, n);
  }
  const args: Expr[] = (n.args ?? []).map((a: Node) => expr(ctx, a));
  const r = lookupScalar(name)?.(ctx, args, n) ?? scalar(ctx, name, args, n);
  if (!r) {
    const types = args.map((a) => t.typeName(a.type === OID.unknown ? OID.unknown : a.type)).join(', ');
    throw t.error(SQLSTATE.UNDEFINED_FUNCTION, `function ${name}(${types}) does not exist`, n, {
      hint: 'No function matches the given name and argument types. You might need to add explicit type casts.',
    });
  }
  return { ...r, name, agg: r.agg || args.some((a) => a.agg) };
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
      const path = t.opts.searchPath.filter((s) => s !== '$user' && s !== 'pg_catalog' && s !== 'pg_temp');
      const schemas = implicit ? ['pg_catalog', ...path] : path;
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
      return a.length === 1 ? mk(`lumos_${name}(${text(ctx, a[0], n).sql})`, OID.text) : undefined;
    case 'length':
    case 'char_length':
    case 'character_length':
      return a.length === 1 ? mk(`length(${text(ctx, a[0], n).sql})`, OID.int4) : undefined;
    case 'octet_length':
      return a.length === 1
        ? mk(`length(CAST(${a[0].type === OID.bytea ? a[0].sql : text(ctx, a[0], n).sql} AS BLOB))`, OID.int4)
        : undefined;
    case 'abs': {
      if (a.length !== 1) return undefined;
      const x = num(ctx, a[0], n, OID.float8);
      return mk(x.type === OID.numeric ? `lumos_num_abs(${x.sql})` : `abs(${x.sql})`, x.type);
    }
    case 'round':
    case 'trunc': {
      if (a.length < 1 || a.length > 2) return undefined;
      let x = num(ctx, a[0], n, OID.float8);
      if (isFloat(x.type) && a.length === 1) return mk(`lumos_float_${name}(${x.sql})`, OID.float8);
      x = c(x, OID.numeric);
      const digits = a.length === 2 ? c(a[1], OID.int4).sql : '0';
      return mk(`lumos_num_${name}(${x.sql}, ${digits})`, OID.numeric);
    }
    case 'ceil':
    case 'ceiling':
    case 'floor': {
      if (a.length !== 1) return undefined;
      const x = num(ctx, a[0], n, OID.float8);
      const f = name === 'floor' ? 'floor' : 'ceil';
      if (x.type === OID.numeric) return mk(`lumos_num_${f}(${x.sql})`, OID.numeric);
      return mk(`${f}(${c(x, OID.float8).sql})`, OID.float8);
    }
    case 'sqrt':
    case 'exp':
    case 'ln':
      return a.length === 1
        ? mk(`${name}(${c(num(ctx, a[0], n, OID.float8), OID.float8).sql})`, OID.float8)
        : undefined;
    case 'power':
    case 'pow':
      return a.length === 2
        ? mk(`lumos_pow(${c(a[0], OID.float8).sql}, ${c(a[1], OID.float8).sql})`, OID.float8)
        : undefined;
    case 'mod': {
      if (a.length !== 2) return undefined;
      const x = num(ctx, a[0], n, OID.int4);
      const y = num(ctx, a[1], n, OID.int4);
      if (x.type === OID.numeric || y.type === OID.numeric)
        return mk(`lumos_num_mod(${c(x, OID.numeric).sql}, ${c(y, OID.numeric).sql})`, OID.numeric);
      return mk(`(${x.sql} % lumos_nz(${y.sql}))`, isInt(x.type) && x.type === y.type ? x.type : OID.int8);
    }
    case 'substr':
    case 'substring': {
      if (a.length < 2 || a.length > 3) return undefined;
      const s = text(ctx, a[0], n);
      const from = c(a[1], OID.int4).sql;
      if (a.length === 2) return mk(`substr(${s.sql}, ${from})`, OID.text);
      return mk(`lumos_substr(${s.sql}, ${from}, ${c(a[2], OID.int4).sql})`, OID.text);
    }
    case 'btrim':
    case 'ltrim':
    case 'rtrim': {
      if (a.length < 1 || a.length > 2) return undefined;
      const fn = name === 'btrim' ? 'trim' : name;
      const chars = a.length === 2 ? `, ${text(ctx, a[1], n).sql}` : ", ' '";
      return mk(`${fn}(${text(ctx, a[0], n).sql}${chars})`, OID.text);
    }
    case 'replace':
      return a.length === 3 ? mk(`replace(${a.map((x) => text(ctx, x, n).sql).join(', ')})`, OID.text) : undefined;
    case 'strpos':
    case 'position':
      return a.length === 2 ? mk(`instr(${text(ctx, a[0], n).sql}, ${text(ctx, a[1], n).sql})`, OID.int4) : undefined;
    case 'left':
    case 'right': {
      if (a.length !== 2) return undefined;
      return mk(`lumos_${name}(${text(ctx, a[0], n).sql}, ${c(a[1], OID.int4).sql})`, OID.text);
    }
    case 'repeat':
      return a.length === 2
        ? mk(`lumos_repeat(${text(ctx, a[0], n).sql}, ${c(a[1], OID.int4).sql})`, OID.text)
        : undefined;
    case 'concat': {
      // concat() uses each type's output function: booleans print as t/f.
      const part = (x: Expr) =>
        x.type === OID.bool ? `CASE ${x.sql} WHEN 1 THEN 't' WHEN 0 THEN 'f' END` : text(ctx, x, n).sql;
      return mk(a.length ? `(${a.map((x) => `coalesce(${part(x)}, '')`).join(' || ')})` : "''", OID.text);
    }
    case 'concat_ws': {
      if (a.length < 1) return undefined;
      const sep = text(ctx, a[0], n).sql;
      return mk(
        `lumos_concat_ws(${sep}${a
          .slice(1)
          .map((x) => `, ${text(ctx, x, n).sql}`)
          .join('')})`,
        OID.text,
      );
    }
    case 'md5':
      return a.length === 1 ? mk(`lumos_md5(${text(ctx, a[0], n).sql})`, OID.text) : undefined;
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
    case 'date_part':
    case 'extract': {
      if (a.length !== 2) return undefined;
      const field = text(ctx, a[0], n).sql;
      const v = a[1].type === OID.unknown ? c(a[1], OID.timestamptz) : a[1];
      const type = name === 'extract' ? OID.numeric : OID.float8;
      return mk(`lumos_date_part(${field}, ${v.sql}, ${v.type}, ${type}, ${quoteString(t.timeZone() ?? 'UTC')})`, type);
    }
    case 'date_trunc': {
      if (a.length !== 2) return undefined;
      const v = a[1].type === OID.unknown ? c(a[1], OID.timestamptz) : a[1];
      if (v.type !== OID.timestamp && v.type !== OID.timestamptz) return undefined;
      const tz = v.type === OID.timestamptz ? (t.timeZone() ?? 'UTC') : 'UTC';
      return mk(`lumos_date_trunc(${text(ctx, a[0], n).sql}, ${v.sql}, ${quoteString(tz)})`, v.type);
    }
    case 'to_char':
      return undefined;
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
  const inner: ExprCtx = { ...ctx, aggs: false, clause: 'aggregate function calls' };
  const args: Expr[] = (n.args ?? []).map((a: Node) => expr(inner, a));
  const distinct = n.agg_distinct ? 'DISTINCT ' : '';
  let suffix = '';
  if (n.agg_filter) suffix = ` FILTER (WHERE ${boolArg(inner, n.agg_filter, 'FILTER').sql})`;
  const out = (sql: string, type: number): Expr => ({ sql: `${sql}${suffix}`, type, typmod: -1, name, agg: true });
  const wrap = (pre: string, inside: string, post = '') => ({
    sql: `${pre}(${distinct}${inside}${orderBy(inner, n)})${suffix}${post}`,
  });
  if (name === 'count') {
    if (n.agg_star) return out('count(*)', OID.int8);
    if (args.length !== 1) throw t.error(SQLSTATE.UNDEFINED_FUNCTION, 'function count() does not exist', n);
    return { ...out('', OID.int8), sql: wrap('count', args[0].sql).sql };
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
      if (x.type === OID.interval || isArrayOid(x.type) || x.type === OID.json) break;
      return { ...res(name, x.type), typmod: x.typmod };
    case 'bool_and':
    case 'every':
    case 'bool_or':
      if (x.type !== OID.bool) break;
      return res(name === 'bool_or' ? 'max' : 'min', OID.bool);
    case 'string_agg': {
      if (args.length !== 2) break;
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
      const arr = arrayOidOf(x.type);
      if (!arr) break;
      return res('json_group_array', arr);
    }
  }
  throw t.error(SQLSTATE.UNDEFINED_FUNCTION, `function ${name}(${t.typeName(x.type)}) does not exist`, n, {
    hint: 'No function matches the given name and argument types. You might need to add explicit type casts.',
  });
}

const RANKING: Record<string, number> = { row_number: OID.int8, rank: OID.int8, dense_rank: OID.int8, ntile: OID.int4 };
// frameOptions of the default frame (RANGE UNBOUNDED PRECEDING .. CURRENT ROW): nothing to emit.
const DEFAULT_FRAME = 1058;

/** Window functions: ranking functions and aggregates with OVER (PARTITION BY .. ORDER BY ..). */
function windowCall(ctx: ExprCtx, name: string, n: Node): Expr {
  const t = ctx.t;
  const w = n.over;
  if (w.name || w.refname || (w.frameOptions && w.frameOptions !== DEFAULT_FRAME)) {
    throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, 'named windows and window frames are not supported yet', n);
  }
  if (!ctx.aggs) throw t.error('42P20', `window functions are not allowed in ${ctx.clause ?? 'this context'}`, n);
  const inner: ExprCtx = { ...ctx, aggs: false, clause: 'window definitions' };
  const parts: string[] = [];
  if (w.partitionClause)
    parts.push(`PARTITION BY ${w.partitionClause.map((p: Node) => expr(inner, p).sql).join(', ')}`);
  const order = orderBy(inner, { agg_order: w.orderClause });
  if (order) parts.push(order.trim());
  const over = ` OVER (${parts.join(' ')})`;
  if (RANKING[name] !== undefined) {
    const args = (n.args ?? []).map((a: Node) => coerce(t, expr(inner, a), OID.int4, -1, 'implicit', a).sql);
    return { sql: `${name}(${args.join(', ')})${over}`, type: RANKING[name], typmod: -1, name, agg: true };
  }
  if (!AGGREGATES.has(name) || n.agg_distinct || n.agg_order) {
    throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, `window function ${name} is not supported yet`, n);
  }
  const a = aggregate({ ...ctx, aggs: true }, name, { ...n, over: undefined });
  // sum(int8) and friends wrap the aggregate call: put OVER right after the call itself.
  const m = /^(CAST\()?(.*?)(\sAS TEXT\))?$/s.exec(a.sql) as RegExpExecArray;
  const sql = m[1] ? `CAST(${m[2]}${over} AS TEXT)` : `${a.sql}${over}`;
  return { ...a, sql };
}

function orderBy(ctx: ExprCtx, n: Node): string {
  if (!n.agg_order) return '';
  const parts = n.agg_order.map((s: Node) => {
    const sb = s.SortBy;
    const e = expr(ctx, sb.node);
    const desc = sb.sortby_dir === 'SORTBY_DESC';
    const nulls =
      sb.sortby_nulls === 'SORTBY_NULLS_FIRST' ? true : sb.sortby_nulls === 'SORTBY_NULLS_LAST' ? false : desc;
    return `${e.sql}${desc ? ' DESC' : ''} NULLS ${nulls ? 'FIRST' : 'LAST'}`;
  });
  return ` ORDER BY ${parts.join(', ')}`;
}
