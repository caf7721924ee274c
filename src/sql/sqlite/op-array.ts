/**
 * Array expressions: ARRAY[...] constructors (multidimensional), ARRAY(subquery), subscripts and slices
 * (and jsonb subscripts), subscripted UPDATE targets, the array operators (@> <@ && || and ordering) and
 * `op ANY/ALL (array)` with PG's NULL semantics. Arrays are JSON text in SQLite (storage.ts).
 */
import { SQLSTATE } from '../../../protocol/errors.js';
import { arrayOidOf, elementOidOf, isArrayOid, OID } from '../../../protocol/types/oids.js';
import type { Node } from '../parse.js';
import { coerce, type Expr, isInt, isTextLike, resolveCommon, toTextSql } from './coerce.js';
import { type ExprCtx, expr } from './expr.js';
import { binaryOp } from './operators.js';
import { commonRecordTypmod, fieldSelection } from './record.js';
import { translateSubquery } from './select.js';
import { str } from './translator.js';

const bool = (sql: string, ...from: Expr[]): Expr => ({
  sql,
  type: OID.bool,
  typmod: -1,
  agg: from.some((e) => e.agg),
});

/** Element types whose storage text is canonical: equal arrays have equal JSON text. */
const TEXT_EQ = new Set<number>([
  OID.int2,
  OID.int4,
  OID.int8,
  OID.oid,
  OID.bool,
  OID.text,
  OID.varchar,
  OID.name,
  OID.bpchar,
  OID.date,
  OID.time,
  OID.timestamp,
  OID.timestamptz,
  OID.uuid,
  OID.jsonb,
  OID.bytea,
]);

/** SQL turning an element's storage value into its JSON array element. */
export function elemToJsonSql(e: Expr): string {
  // A record element is its JSON text as a string, so that array functions do not read its fields as a dimension.
  if (e.type === OID.record) return `(${e.sql} || '')`;
  if (isArrayOid(e.type)) return `json(${e.sql})`;
  if (e.type === OID.int8)
    return `CASE WHEN abs(${e.sql}) > 9007199254740991 THEN CAST(${e.sql} AS TEXT) ELSE ${e.sql} END`;
  if (e.type === OID.bytea) return `('\\x' || lower(hex(${e.sql})))`;
  return e.sql;
}

/** SQL turning a JSON element (json_each/json_tree value) back into the element's storage value. */
export function elemFromJsonSql(sql: string, elem: number): string {
  if (elem === OID.int8) return `CAST(${sql} AS INTEGER)`;
  if (elem === OID.bytea) return `unhex(substr(${sql}, 3))`;
  return sql;
}

/** ARRAY[...]; `target` is the array type of an enclosing cast (ARRAY[]::int[], ARRAY['1']::int[]). */
export function arrayConstructor(ctx: ExprCtx, n: Node, target?: number): Expr {
  const t = ctx.t;
  const nodes: Node[] = n.elements ?? [];
  const els = nodes.map((a) => (target && a.A_ArrayExpr ? arrayConstructor(ctx, a.A_ArrayExpr, target) : expr(ctx, a)));
  if (!els.length && !target)
    throw t.error('42P18', 'cannot determine type of empty array', n, {
      hint: 'Explicitly cast to the desired type, for example ARRAY[]::integer[].',
    });
  let type: number;
  if (target) type = els.some((e) => isArrayOid(e.type)) ? target : elementOidOf(target);
  else type = resolveCommon(t, els, 'ARRAY', n);
  const cs = els.map((a) => coerce(t, a, type, -1, target ? 'explicit' : 'implicit', n));
  const agg = cs.some((c) => c.agg);
  if (isArrayOid(type)) {
    return {
      sql: `lumos_array_md(json_array(${cs.map(elemToJsonSql).join(', ')}), 0)`,
      type,
      typmod: -1,
      name: 'array',
      agg,
    };
  }
  const arr = arrayOidOf(type);
  if (!arr) throw t.error(SQLSTATE.UNDEFINED_OBJECT, `could not find array type for data type ${t.typeName(type)}`, n);
  // record[] keeps its elements' shape (record.ts) in its typmod.
  const typmod = type === OID.record ? commonRecordTypmod(t, cs, 'ARRAY', n) : -1;
  return { sql: `json_array(${cs.map(elemToJsonSql).join(', ')})`, type: arr, typmod, name: 'array', agg };
}

/** ARRAY(SELECT ...). */
export function arraySublink(ctx: ExprCtx, n: Node): Expr {
  const t = ctx.t;
  const sub = translateSubquery(t, n.subselect, ctx.scope);
  if (sub.columns.length !== 1) throw t.error(SQLSTATE.SYNTAX_ERROR, 'subquery must return only one column', n);
  const c = sub.columns[0];
  const type = isArrayOid(c.type) ? c.type : arrayOidOf(c.type === OID.unknown ? OID.text : c.type);
  if (!type)
    throw t.error(SQLSTATE.UNDEFINED_OBJECT, `could not find array type for data type ${t.typeName(c.type)}`, n);
  const col = `"lumos_sub"."${c.name.replaceAll('"', '""')}"`;
  let sql = `(SELECT json_group_array(${elemToJsonSql({ sql: col, type: c.type, typmod: -1 })}) FROM (${sub.sql}) AS "lumos_sub")`;
  if (isArrayOid(c.type)) sql = `lumos_array_md(${sql}, 1)`;
  return { sql, type, typmod: c.type === OID.record ? c.typmod : -1, name: 'array' };
}

/** a[i], a[i][j], a[lo:hi] on arrays; jsonb['key'] / jsonb[0]. */
export function subscript(ctx: ExprCtx, n: Node): Expr {
  const t = ctx.t;
  let base = expr(ctx, n.arg);
  // PG names a subscripted expression after its base (tags[1] -> "tags").
  const name = base.name;
  const agg = base.agg;
  const field = fieldSelection(t, base, n.indirection, n);
  if (field) return { ...field, agg };
  for (const ind of n.indirection as Node[]) {
    if (!ind.A_Indices) {
      throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, 'field selection from a composite value is not supported', n);
    }
  }
  const idx: Node[] = (n.indirection as Node[]).map((i) => i.A_Indices);
  const int = (x: Node | undefined) => (x ? coerce(t, expr(ctx, x), OID.int4, -1, 'implicit', x).sql : 'NULL');
  if (base.type === OID.jsonb) {
    for (const i of idx) {
      if (i.is_slice) throw t.error(SQLSTATE.DATATYPE_MISMATCH, 'jsonb subscript does not support slices', n);
      let k = expr(ctx, i.uidx);
      if (k.type === OID.unknown) k = coerce(t, k, OID.text, -1, 'implicit', i.uidx);
      else if (isTextLike(k.type)) k = { ...k, sql: toTextSql(t, k.sql, k.type) };
      else if (!isInt(k.type))
        throw t.error(SQLSTATE.DATATYPE_MISMATCH, `subscript type ${t.typeName(k.type)} is not supported`, i.uidx, {
          hint: 'jsonb subscript must be coercible to either integer or text.',
        });
      base = { sql: `lumos_json_get(${base.sql}, ${k.sql}, 0)`, type: OID.jsonb, typmod: -1, name, agg };
    }
    return base;
  }
  if (!isArrayOid(base.type)) {
    throw t.error(
      SQLSTATE.DATATYPE_MISMATCH,
      `cannot subscript type ${t.typeName(base.type)} because it does not support subscripting`,
      n,
    );
  }
  if (idx.some((i) => i.is_slice)) {
    // With any slice, a plain subscript n means 1:n (PG).
    const b = idx.flatMap((i) => (i.is_slice ? [int(i.lidx), int(i.uidx)] : ['1', int(i.uidx)]));
    return { sql: `lumos_array_slice(${base.sql}, ${b.join(', ')})`, type: base.type, typmod: base.typmod, name, agg };
  }
  const elem = elementOidOf(base.type);
  const subs = idx.map((i) => int(i.uidx));
  // An element of record[] has the array's record shape (record.ts).
  const typmod = elem === OID.record ? base.typmod : -1;
  return { sql: `lumos_array_get(${base.sql}, ${elem}, ${subs.join(', ')})`, type: elem, typmod, name, agg };
}

/** UPDATE ... SET col[i] = v: the new array value. */
export function subscriptAssign(
  ctx: ExprCtx,
  colSql: string,
  colType: number,
  indirection: Node[],
  v: Expr,
  node: Node,
): string {
  const t = ctx.t;
  if (!isArrayOid(colType)) {
    throw t.error(
      SQLSTATE.DATATYPE_MISMATCH,
      `cannot subscript type ${t.typeName(colType)} because it does not support subscripting`,
      node,
    );
  }
  const subs = indirection.map((i) => {
    const a = i.A_Indices;
    if (!a || a.is_slice)
      throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, 'assignment to array slices is not supported', node);
    return coerce(t, expr(ctx, a.uidx), OID.int4, -1, 'implicit', a.uidx).sql;
  });
  const val = coerce(t, v, elementOidOf(colType), -1, 'assignment', node);
  return `lumos_array_set(${colSql}, ${val.sql}, ${subs.join(', ')})`;
}

function noOp(ctx: ExprCtx, op: string, l: Expr, r: Expr, node: Node): never {
  throw ctx.t.error(
    SQLSTATE.UNDEFINED_FUNCTION,
    `operator does not exist: ${ctx.t.typeName(l.type)} ${op} ${ctx.t.typeName(r.type)}`,
    node,
    { hint: 'No operator matches the given name and argument types. You might need to add explicit type casts.' },
  );
}

/** Both sides as one array type (an untyped literal takes the other side's type). */
function sameArrays(ctx: ExprCtx, op: string, l: Expr, r: Expr, node: Node): [Expr, Expr] {
  const type = isArrayOid(l.type) ? l.type : r.type;
  const a = l.type === OID.unknown ? coerce(ctx.t, l, type, -1, 'implicit', node) : l;
  const b = r.type === OID.unknown ? coerce(ctx.t, r, type, -1, 'implicit', node) : r;
  if (a.type !== b.type) noOp(ctx, op, a, b, node);
  return [a, b];
}

export function arrayOperator(ctx: ExprCtx, op: string, l: Expr, r: Expr, node: Node): Expr | undefined {
  if (!isArrayOid(l.type) && !isArrayOid(r.type)) return undefined;
  switch (op) {
    case '=':
    case '<>':
    case '!=':
    case '<':
    case '>':
    case '<=':
    case '>=': {
      const [a, b] = sameArrays(ctx, op, l, r, node);
      const o = op === '!=' ? '<>' : op;
      const elem = elementOidOf(a.type);
      if ((o === '=' || o === '<>') && TEXT_EQ.has(elem)) return bool(`(${a.sql} ${o} ${b.sql})`, a, b);
      return bool(`(lumos_array_cmp(${a.sql}, ${b.sql}, ${elem}) ${o} 0)`, a, b);
    }
    case '@>':
    case '<@':
    case '&&': {
      const [a, b] = sameArrays(ctx, op, l, r, node);
      const [x, y] = op === '<@' ? [b, a] : [a, b];
      return bool(`lumos_array_contains(${x.sql}, ${y.sql}, ${elementOidOf(a.type)}, ${op === '&&' ? 1 : 0})`, a, b);
    }
    case '||': {
      const t = ctx.t;
      const agg = l.agg || r.agg;
      if (isArrayOid(l.type) && isArrayOid(r.type)) {
        const [a, b] = sameArrays(ctx, op, l, r, node);
        return { sql: `lumos_array_cat(${a.sql}, ${b.sql})`, type: a.type, typmod: -1, agg };
      }
      // An untyped literal next to an array is an array literal ('{x}'), as PG resolves it.
      if (l.type === OID.unknown || r.type === OID.unknown) {
        const [a, b] = sameArrays(ctx, op, l, r, node);
        return { sql: `lumos_array_cat(${a.sql}, ${b.sql})`, type: a.type, typmod: -1, agg };
      }
      if (isArrayOid(l.type)) {
        if (isTextLike(r.type) && !isTextLike(elementOidOf(l.type))) return undefined;
        const e = coerce(t, r, elementOidOf(l.type), -1, 'implicit', node);
        return { sql: `lumos_array_append(${l.sql}, ${e.sql})`, type: l.type, typmod: -1, agg };
      }
      if (isTextLike(l.type) && !isTextLike(elementOidOf(r.type))) return undefined;
      const e = coerce(t, l, elementOidOf(r.type), -1, 'implicit', node);
      return { sql: `lumos_array_prepend(${e.sql}, ${r.sql})`, type: r.type, typmod: -1, agg };
    }
  }
  return undefined;
}

/** `x op ANY (array)` / `x op ALL (array)`: true/false/NULL exactly as PG (NULL elements, empty arrays). */
export function anyAllArray(ctx: ExprCtx, n: Node): Expr {
  const t = ctx.t;
  const op = n.name ? str(n.name[n.name.length - 1]) : '=';
  const any = n.kind === 'AEXPR_OP_ANY';
  const l = expr(ctx, n.lexpr);
  let arr = expr(ctx, n.rexpr);
  if (!isArrayOid(arr.type)) {
    if (arr.type !== OID.unknown) throw t.error('42809', `op ANY/ALL (array) requires array on right side`, n);
    arr = coerce(t, arr, arrayOidOf(l.type === OID.unknown ? OID.text : l.type) || OID._text, -1, 'implicit', n);
  }
  const elem = elementOidOf(arr.type);
  const el: Expr = { sql: elemFromJsonSql('"lumos_e"."value"', elem), type: elem, typmod: -1 };
  const cmp = binaryOp(ctx, op, l, el, n);
  if (cmp.type !== OID.bool)
    throw t.error(SQLSTATE.DATATYPE_MISMATCH, `op ANY/ALL (array) requires operator to yield boolean`, n);
  const src = `json_tree(${arr.sql}) AS "lumos_e" WHERE "lumos_e"."type" <> 'array'`;
  const agg = any
    ? 'CASE WHEN max(c) = 1 THEN 1 WHEN max(c IS NULL) = 1 THEN NULL ELSE 0 END'
    : 'CASE WHEN min(c) = 0 THEN 0 WHEN max(c IS NULL) = 1 THEN NULL ELSE 1 END';
  const sql = `(CASE WHEN ${arr.sql} IS NULL THEN NULL ELSE (SELECT ${agg} FROM (SELECT ${cmp.sql} AS c FROM ${src})) END)`;
  return bool(sql, l, arr);
}
