/**
 * json/jsonb operators: -> ->> #> #>> (json and jsonb), @> <@ ? ?| ?& || - #- (jsonb), jsonb ordering,
 * and PG's missing json = json. Called first from operators.ts binaryOp; undefined = not a json operator.
 */
import { SQLSTATE } from '../../../protocol/errors.js';
import { OID } from '../../../protocol/types/oids.js';
import type { Node } from '../parse.js';
import { coerce, type Expr, isInt, isTextLike, toTextSql } from './coerce.js';
import type { ExprCtx } from './expr.js';
import { jsonPathSql } from './jsonpath.js';

const isJ = (t: number) => t === OID.json || t === OID.jsonb;
const ORDER = new Set(['<', '>', '<=', '>=']);

function noOp(ctx: ExprCtx, op: string, l: Expr, r: Expr, node: Node): never {
  const name = (e: Expr) => ctx.t.typeName(e.type === OID.unknown ? OID.unknown : e.type);
  throw ctx.t.error(SQLSTATE.UNDEFINED_FUNCTION, `operator does not exist: ${name(l)} ${op} ${name(r)}`, node, {
    hint: 'No operator matches the given name and argument types. You might need to add explicit type casts.',
  });
}

const res = (sql: string, type: number, ...from: Expr[]): Expr => ({
  sql,
  type,
  typmod: -1,
  agg: from.some((e) => e.agg),
});

export function jsonOperator(ctx: ExprCtx, op: string, l: Expr, r: Expr, node: Node): Expr | undefined {
  const L = l.type;
  const R = r.type;
  if (!isJ(L) && !isJ(R)) return undefined;
  const t = ctx.t;
  const to = (e: Expr, type: number) => coerce(t, e, type, -1, 'implicit', node);
  const jsonb = (e: Expr) => (e.type === OID.jsonb ? e : e.type === OID.unknown ? to(e, OID.jsonb) : undefined);
  const textArr = (e: Expr) => (e.type === OID._text ? e : e.type === OID.unknown ? to(e, OID._text) : undefined);
  switch (op) {
    case '=':
    case '<>':
    case '!=':
    case '<':
    case '>':
    case '<=':
    case '>=': {
      // json has no comparison operators at all in PG.
      if ((L === OID.json && (R === OID.json || R === OID.unknown)) || (R === OID.json && L === OID.unknown))
        noOp(ctx, op, l, r, node);
      if (!ORDER.has(op)) return undefined;
      const a = jsonb(l);
      const b = jsonb(r);
      if (!a || !b) return undefined;
      return res(`(lumos_jsonb_sortkey(${a.sql}) ${op} lumos_jsonb_sortkey(${b.sql}))`, OID.bool, a, b);
    }
    case '->':
    case '->>': {
      if (!isJ(L)) return undefined;
      let key: Expr;
      if (isInt(R)) key = R === OID.int8 ? r : to(r, OID.int4);
      else if (R === OID.unknown) key = to(r, OID.text);
      else if (isTextLike(R)) key = { ...r, sql: toTextSql(t, r.sql, R), type: OID.text };
      else return noOp(ctx, op, l, r, node);
      const asText = op === '->>';
      return res(`lumos_json_get(${l.sql}, ${key.sql}, ${asText ? 1 : 0})`, asText ? OID.text : L, l, key);
    }
    case '#>':
    case '#>>': {
      const p = isJ(L) ? textArr(r) : undefined;
      if (!p) return noOp(ctx, op, l, r, node);
      const asText = op === '#>>';
      return res(`lumos_json_path(${l.sql}, ${p.sql}, ${asText ? 1 : 0})`, asText ? OID.text : L, l, p);
    }
    case '@>':
    case '<@': {
      const a = jsonb(l);
      const b = jsonb(r);
      if (!a || !b) return noOp(ctx, op, l, r, node);
      const [x, y] = op === '@>' ? [a, b] : [b, a];
      return res(`lumos_jsonb_contains(${x.sql}, ${y.sql})`, OID.bool, a, b);
    }
    case '?':
    case '?|':
    case '?&': {
      if (L !== OID.jsonb) return noOp(ctx, op, l, r, node);
      const k = op === '?' ? (R === OID.unknown || isTextLike(R) ? to(r, OID.text) : undefined) : textArr(r);
      if (!k) return noOp(ctx, op, l, r, node);
      const mode = op === '?' ? 0 : op === '?|' ? 1 : 2;
      return res(`lumos_jsonb_exists(${l.sql}, ${k.sql}, ${mode})`, OID.bool, l, k);
    }
    case '||': {
      if (L === OID.json || R === OID.json) return undefined;
      const a = jsonb(l);
      const b = jsonb(r);
      if (!a || !b) return undefined;
      return res(`lumos_jsonb_concat(${a.sql}, ${b.sql})`, OID.jsonb, a, b);
    }
    case '-': {
      if (L !== OID.jsonb) return undefined;
      if (isInt(R)) return res(`lumos_jsonb_delete(${l.sql}, ${r.sql}, 1)`, OID.jsonb, l, r);
      if (R === OID._text) return res(`lumos_jsonb_delete(${l.sql}, ${r.sql}, 2)`, OID.jsonb, l, r);
      if (R === OID.unknown || isTextLike(R)) {
        const k = to(r, OID.text);
        return res(`lumos_jsonb_delete(${l.sql}, ${k.sql}, 0)`, OID.jsonb, l, k);
      }
      return noOp(ctx, op, l, r, node);
    }
    case '#-': {
      const p = L === OID.jsonb ? textArr(r) : undefined;
      if (!p) return noOp(ctx, op, l, r, node);
      return res(`lumos_jsonb_delete_path(${l.sql}, ${p.sql})`, OID.jsonb, l, p);
    }
    case '@?':
    case '@@':
      return jsonPathSql(ctx, l, r, op === '@?' ? 0 : 1, node) ?? noOp(ctx, op, l, r, node);
  }
  return undefined;
}
