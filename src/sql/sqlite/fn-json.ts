/**
 * json/jsonb SQLite functions (lumos_json*) and the PG json functions translated onto them.
 * Operators (-> ->> @> ? || ...) are in op-json.ts; the JSON algorithms in json-core.ts.
 */
import { PgError, SQLSTATE } from '../../../protocol/errors.js';
import { escapeString, parseJson, serialize } from '../../../protocol/types/json.js';
import { isArrayOid, OID } from '../../../protocol/types/oids.js';
import { coerce, type Expr, isTextLike, toTextSql } from './coerce.js';
import type { ExprCtx } from './expr.js';
import { defineScalar, defineSqliteFunctions } from './fn-registry.js';
import { codecFromJson, numericSortKey } from './functions.js';
import { storageToJson } from './json-convert.js';
import {
  concat,
  contains,
  deletePath,
  elementSpans,
  fieldSpan,
  hasKey,
  indexSpan,
  invalidParam,
  type JNode,
  JObject,
  pretty,
  rootSpan,
  type Span,
  setPath,
  sortKey,
  spanText,
  spanType,
  stripNulls,
  tree,
  typeOf,
} from './json-core.js';
import { isRecordType, recordJsonSql } from './record.js';
import { quoteString, type StorageValue } from './storage.js';

type V = StorageValue | undefined;
const str = (v: V) => (Buffer.isBuffer(v) ? v.toString() : String(v));
const isNull = (v: V) => v === null || v === undefined;

function pathOf(v: V): (string | null)[] {
  return JSON.parse(str(v)) as (string | null)[];
}

function getSpan(s: string, sp: Span, key: V): Span | null {
  if (typeof key === 'number' || typeof key === 'bigint') return indexSpan(s, sp, Number(key));
  return fieldSpan(s, sp, str(key));
}

function out(s: string, sp: Span | null, asText: V): string | null {
  if (!sp) return null;
  return asText ? spanText(s, sp) : s.slice(sp[0], sp[1]);
}

const norm = (v: JNode) => serialize(v);

defineSqliteFunctions((db) => {
  const det = { deterministic: true };
  const fn = (name: string, f: (...args: any[]) => unknown, varargs = false) =>
    db.function(name, { ...det, varargs }, f as never);
  fn('lumos_json_get', (doc: V, key: V, asText: V) => {
    if (isNull(doc) || isNull(key)) return null;
    const s = str(doc);
    return out(s, getSpan(s, rootSpan(s), key), asText);
  });
  fn('lumos_json_path', (doc: V, path: V, asText: V) => {
    if (isNull(doc) || isNull(path)) return null;
    const s = str(doc);
    let sp: Span | null = rootSpan(s);
    for (const p of pathOf(path)) {
      if (p === null || !sp) return null;
      if (s[sp[0]] === '[') {
        if (!/^\s*[+-]?\d+\s*$/.test(p)) return null;
        sp = indexSpan(s, sp, Number(p));
      } else sp = fieldSpan(s, sp, p);
    }
    return out(s, sp, asText);
  });
  fn('lumos_json_typeof', (doc: V) => (isNull(doc) ? null : spanType(str(doc), rootSpan(str(doc)))));
  fn('lumos_json_array_length', (doc: V) => {
    if (isNull(doc)) return null;
    const s = str(doc);
    const sp = rootSpan(s);
    const t = spanType(s, sp);
    if (t === 'array') return elementSpans(s, sp).length;
    throw invalidParam(
      t === 'object' ? 'cannot get array length of a non-array' : 'cannot get array length of a scalar',
    );
  });
  fn('lumos_jsonb_contains', (a: V, b: V) => {
    if (isNull(a) || isNull(b)) return null;
    const x = parseJson(str(a));
    return contains(x, tree(str(b))) ? 1 : 0;
  });
  fn('lumos_jsonb_exists', (doc: V, key: V, mode: V) => {
    if (isNull(doc) || isNull(key)) return null;
    const v = tree(str(doc));
    if (Number(mode) === 0) return hasKey(v, str(key)) ? 1 : 0;
    const keys = (JSON.parse(str(key)) as (string | null)[]).filter((k): k is string => k !== null);
    return (Number(mode) === 1 ? keys.some((k) => hasKey(v, k)) : keys.every((k) => hasKey(v, k))) ? 1 : 0;
  });
  fn('lumos_jsonb_concat', (a: V, b: V) => {
    if (isNull(a) || isNull(b)) return null;
    const x = parseJson(str(a));
    return norm(concat(x, tree(str(b))));
  });
  fn('lumos_jsonb_delete', (doc: V, key: V, mode: V) => {
    if (isNull(doc) || isNull(key)) return null;
    const v = tree(str(doc));
    const t = typeOf(v);
    if (t !== 'object' && t !== 'array') throw invalidParam('cannot delete from scalar');
    if (Number(mode) === 1) {
      if (v instanceof JObject) throw invalidParam('cannot delete from object using integer index');
      const a = v as JNode[];
      const i0 = Number(key);
      const i = i0 < 0 ? a.length + i0 : i0;
      return i < 0 || i >= a.length ? str(doc) : norm(a.filter((_, j) => j !== i));
    }
    const keys = Number(mode) === 2 ? pathOf(key) : [str(key)];
    if (v instanceof JObject) {
      const m = new Map(v.map);
      for (const k of keys) if (k !== null) m.delete(k);
      return norm(new JObject(m));
    }
    return norm((v as JNode[]).filter((e) => typeof e !== 'string' || !keys.includes(e)));
  });
  fn('lumos_jsonb_delete_path', (doc: V, path: V) => {
    if (isNull(doc) || isNull(path)) return null;
    return norm(deletePath(tree(str(doc)), pathOf(path) as string[]));
  });
  fn('lumos_jsonb_set', (doc: V, path: V, nv: V, mode: V) => {
    if (isNull(doc) || isNull(path) || isNull(nv)) return null;
    const p = pathOf(path);
    if (p.includes(null)) throw invalidParam(`path element at position ${p.indexOf(null) + 1} is null`);
    return norm(setPath(parseJson(str(doc)), p as string[], parseJson(str(nv)), String(modeName(mode))));
  });
  fn('lumos_json_strip_nulls', (doc: V, jsonb: V) => {
    if (isNull(doc)) return null;
    const v = stripNulls(parseJson(str(doc)));
    return Number(jsonb) ? norm(v) : compact(v);
  });
  fn('lumos_jsonb_pretty', (doc: V) => (isNull(doc) ? null : pretty(tree(str(doc)))));
  fn('lumos_jsonb_sortkey', (doc: V) => (isNull(doc) ? null : sortKey(tree(str(doc)), (t) => numericSortKey(t) ?? '')));
  fn('lumos_jsonb_norm', (doc: V) => (isNull(doc) ? null : norm(parseJson(str(doc)))));
  fn('lumos_to_json', (oid: V, v: V, ctx: V) => (isNull(v) ? null : storageToJson(Number(oid), v, codecFromJson(ctx))));
  fn('lumos_json_quote', (v: V) => (isNull(v) ? null : escapeString(str(v))));
  fn('lumos_json_key', (v: V) => {
    if (isNull(v)) throw invalidParam('field name must not be null');
    return escapeString(str(v));
  });
  fn(
    'lumos_json_build',
    (kind: V, ...args: V[]) => {
      // kind: 0 json_build_array, 1 jsonb_build_array, 2 json_build_object, 3 jsonb_build_object, 4 row (compact)
      const k = Number(kind);
      const val = (v: V) => (isNull(v) ? 'null' : str(v));
      if (k < 2) {
        const s = `[${args.map(val).join(', ')}]`;
        return k === 1 ? norm(parseJson(s)) : s;
      }
      const parts: string[] = [];
      for (let i = 0; i < args.length; i += 2) {
        if (isNull(args[i])) throw new PgError('22004', `argument ${i + 1}: key must not be null`);
        const key = escapeString(str(args[i]));
        parts.push(k === 4 ? `${key}:${val(args[i + 1])}` : `${key} : ${val(args[i + 1])}`);
      }
      if (k === 4) return `{${parts.join(',')}}`;
      const s = `{${parts.join(', ')}}`;
      return k === 3 ? norm(parseJson(s)) : s;
    },
    true,
  );
});

function modeName(m: V): string {
  return ['set', 'set-nocreate', 'before', 'after'][Number(m)] ?? 'set';
}

/** json (not jsonb) output of the processing functions: no whitespace at all. */
function compact(v: JNode): string {
  if (Array.isArray(v)) return `[${v.map(compact).join(',')}]`;
  if (v instanceof JObject) return `{${[...v.map].map(([k, x]) => `${escapeString(k)}:${compact(x)}`).join(',')}}`;
  return serialize(v);
}

// ---- translation ----

const mk = (sql: string, type: number): Expr => ({ sql, type, typmod: -1 });

/** The argument as json or jsonb (unknown literals take the function's type). */
function jarg(ctx: ExprCtx, e: Expr, type: number, node: unknown): Expr | undefined {
  if (e.type === type) return e;
  if (e.type === OID.unknown) return coerce(ctx.t, e, type, -1, 'implicit', node as never);
  return undefined;
}

function textArg(ctx: ExprCtx, e: Expr, node: unknown): Expr | undefined {
  if (e.type === OID.unknown) return coerce(ctx.t, e, OID.text, -1, 'implicit', node as never);
  if (isTextLike(e.type)) return { ...e, sql: toTextSql(ctx.t, e.sql, e.type), type: OID.text };
  return undefined;
}

function arrArg(ctx: ExprCtx, e: Expr, node: unknown): Expr | undefined {
  if (e.type === OID._text) return e;
  if (e.type === OID.unknown) return coerce(ctx.t, e, OID._text, -1, 'implicit', node as never);
  return undefined;
}

/** SQL giving the JSON text of any value (NULL stays NULL). */
export function jsonFragment(ctx: ExprCtx, e: Expr, node?: unknown): string {
  const x = e.type === OID.unknown ? coerce(ctx.t, e, OID.text, -1, 'implicit', node as never) : e;
  if (x.type === OID.json || x.type === OID.jsonb) return x.sql;
  if (isRecordType(x.type)) return recordJsonSql(ctx.t, x, node as never);
  if (x.type === OID.int2 || x.type === OID.int4 || x.type === OID.int8) return `CAST(${x.sql} AS TEXT)`;
  if (x.type === OID.text || x.type === OID.varchar) return `lumos_json_quote(${x.sql})`;
  return `lumos_to_json(${x.type}, ${x.sql}, ${ctx.t.codecSql()})`;
}

/** Object keys are the text output of any type. */
export function jsonKey(ctx: ExprCtx, e: Expr, node?: unknown): string {
  if (e.type === OID.unknown) return coerce(ctx.t, e, OID.text, -1, 'implicit', node as never).sql;
  return toTextSql(ctx.t, e.sql, e.type);
}

for (const [name, type] of [
  ['json_typeof', OID.json],
  ['jsonb_typeof', OID.jsonb],
] as const) {
  defineScalar(name, (ctx, a, n) => {
    const x = a.length === 1 ? jarg(ctx, a[0], type, n) : undefined;
    return x && mk(`lumos_json_typeof(${x.sql})`, OID.text);
  });
}
for (const [name, type] of [
  ['json_array_length', OID.json],
  ['jsonb_array_length', OID.jsonb],
] as const) {
  defineScalar(name, (ctx, a, n) => {
    const x = a.length === 1 ? jarg(ctx, a[0], type, n) : undefined;
    return x && mk(`lumos_json_array_length(${x.sql})`, OID.int4);
  });
}
for (const [name, type] of [
  ['to_json', OID.json],
  ['to_jsonb', OID.jsonb],
  ['row_to_json', OID.json],
] as const) {
  defineScalar(name, (ctx, a, n) => {
    if (a.length < 1 || (name === 'row_to_json' ? a[0].type !== OID.record || a.length > 2 : a.length !== 1)) return;
    if (a[0].type === OID.unknown && !a[0].nullConst)
      throw ctx.t.error(
        SQLSTATE.DATATYPE_MISMATCH,
        'could not determine polymorphic type because input has type unknown',
        n,
      );
    const frag = jsonFragment(ctx, a[0], n);
    return mk(type === OID.jsonb ? `lumos_jsonb_norm(${frag})` : frag, type);
  });
}
for (const [name, kind] of [
  ['json_build_array', 0],
  ['jsonb_build_array', 1],
  ['json_build_object', 2],
  ['jsonb_build_object', 3],
] as const) {
  defineScalar(name, (ctx, a, n) => {
    const type = kind % 2 ? OID.jsonb : OID.json;
    if (kind >= 2 && a.length % 2 !== 0)
      throw ctx.t.error(SQLSTATE.INVALID_PARAMETER_VALUE, 'argument list must have even number of elements', n, {
        hint: `The arguments of ${name}() must consist of alternating keys and values.`,
      });
    const parts = a.map((x, i) => (kind >= 2 && i % 2 === 0 ? jsonKey(ctx, x, n) : jsonFragment(ctx, x, n)));
    if (!parts.length) return mk(kind >= 2 ? "'{}'" : "'[]'", type);
    return mk(`lumos_json_build(${kind}, ${parts.join(', ')})`, type);
  });
}
defineScalar('jsonb_set', (ctx, a, n) => {
  if (a.length < 3 || a.length > 4) return;
  const [d, p, v] = [jarg(ctx, a[0], OID.jsonb, n), arrArg(ctx, a[1], n), jarg(ctx, a[2], OID.jsonb, n)];
  const create = a[3] ? coerce(ctx.t, a[3], OID.bool, -1, 'implicit', n).sql : '1';
  if (!d || !p || !v) return;
  return mk(`lumos_jsonb_set(${d.sql}, ${p.sql}, ${v.sql}, CASE WHEN ${create} THEN 0 ELSE 1 END)`, OID.jsonb);
});
defineScalar('jsonb_insert', (ctx, a, n) => {
  if (a.length < 3 || a.length > 4) return;
  const [d, p, v] = [jarg(ctx, a[0], OID.jsonb, n), arrArg(ctx, a[1], n), jarg(ctx, a[2], OID.jsonb, n)];
  const after = a[3] ? coerce(ctx.t, a[3], OID.bool, -1, 'implicit', n).sql : '0';
  if (!d || !p || !v) return;
  return mk(`lumos_jsonb_set(${d.sql}, ${p.sql}, ${v.sql}, CASE WHEN ${after} THEN 3 ELSE 2 END)`, OID.jsonb);
});
for (const [name, type] of [
  ['json_strip_nulls', OID.json],
  ['jsonb_strip_nulls', OID.jsonb],
] as const) {
  defineScalar(name, (ctx, a, n) => {
    const x = a.length === 1 ? jarg(ctx, a[0], type, n) : undefined;
    return x && mk(`lumos_json_strip_nulls(${x.sql}, ${type === OID.jsonb ? 1 : 0})`, type);
  });
}
defineScalar('jsonb_pretty', (ctx, a, n) => {
  const x = a.length === 1 ? jarg(ctx, a[0], OID.jsonb, n) : undefined;
  return x && mk(`lumos_jsonb_pretty(${x.sql})`, OID.text);
});
for (const name of ['json_extract_path', 'json_extract_path_text', 'jsonb_extract_path', 'jsonb_extract_path_text']) {
  defineScalar(name, (ctx, a, n) => {
    const type = name.startsWith('jsonb') ? OID.jsonb : OID.json;
    const d = a.length >= 1 ? jarg(ctx, a[0], type, n) : undefined;
    const keys = a.slice(1).map((k) => textArg(ctx, k, n));
    if (!d || keys.some((k) => !k)) return;
    const asText = name.endsWith('_text');
    const path = `json_array(${keys.map((k) => k?.sql).join(', ')})`;
    return mk(`lumos_json_path(${d.sql}, ${path}, ${asText ? 1 : 0})`, asText ? OID.text : type);
  });
}

/** Aggregate pieces the caller (builtins.ts aggregate) has already translated. */
export interface AggParts {
  distinct: boolean;
  /** ' ORDER BY ...' or ''. */
  order: string;
  /** ' FILTER (WHERE ...)' or ''. */
  suffix: string;
}

/** json_agg, jsonb_agg, json_object_agg, jsonb_object_agg over group_concat of JSON fragments. */
export function jsonAggregate(ctx: ExprCtx, name: string, a: Expr[], p: AggParts, n: unknown): Expr | undefined {
  if (p.distinct) throw ctx.t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, `DISTINCT is not supported in ${name}`, n as never);
  const jsonb = name.startsWith('jsonb');
  const type = jsonb ? OID.jsonb : OID.json;
  const gc = (inner: string, sep: string) => `group_concat(${inner}, ${quoteString(sep)}${p.order})${p.suffix}`;
  const val = (e: Expr) => `coalesce(${jsonFragment(ctx, e, n)}, 'null')`;
  if (name.endsWith('object_agg')) {
    if (a.length !== 2) return undefined;
    const kv = `lumos_json_key(${jsonKey(ctx, a[0], n)}) || ' : ' || ${val(a[1])}`;
    const sql = `('{ ' || ${gc(kv, ', ')} || ' }')`;
    return mk(jsonb ? `lumos_jsonb_norm(${sql})` : sql, type);
  }
  if (a.length !== 1) return undefined;
  // json_agg_transfn puts a newline between arrays and records only.
  const structured = a[0].type === OID.record || isArrayOid(a[0].type);
  const sql = `('[' || ${gc(val(a[0]), !jsonb && structured ? ', \n ' : ', ')} || ']')`;
  return mk(jsonb ? `lumos_jsonb_norm(${sql})` : sql, type);
}
