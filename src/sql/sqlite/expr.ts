/** Expressions: PostgreSQL expression nodes -> typed SQLite SQL (see coerce.ts for the type rules). */
import { PgError, SQLSTATE } from '../../../protocol/errors.js';
import { elementOidOf, OID } from '../../../protocol/types/oids.js';
import type { Node } from '../parse.js';
import { slotLiteral } from '../shape/slots.js';
import { callFunction, sqlValueFunction } from './builtins.js';
import { castSql, coerce, commonType, type Expr, isInt, isTextLike, resolveCommon, toTextSql } from './coerce.js';
import { colnameStrength } from './colname.js';
import { enumFromSortKey, enumOf, enumSortKey } from './enum-core.js';
import { anyAllArray, arrayConstructor, arraySublink, subscript } from './op-array.js';
import { binaryOp, compare, unaryOp } from './operators.js';
import { commonRecordTypmod, isRecordType, recordMinMax, recordNullTestSql, wholeRowRef } from './record.js';
import type { Scope } from './scope.js';
import type { SrfCollector } from './srf.js';
import { quoteString } from './storage.js';
import { rowComparison, rowIn, rowValue, subLinkExpr } from './sublink.js';
import { str, type Translator } from './translator.js';

export interface ExprCtx {
  t: Translator;
  scope: Scope;
  /** Aggregate calls are allowed (select list, HAVING, ORDER BY). */
  aggs: boolean;
  /** Where this expression is, for error messages ('WHERE', 'JOIN conditions'...). */
  clause?: string;
  /** Collects set-returning functions of a select list (srf.ts); unset where SRFs are not allowed. */
  srfs?: SrfCollector;
  /** The WINDOW clause of the query level (named windows, window.ts). */
  windows?: Node[];
  /** GROUP BY context (grouping-sets.ts): the grouped expressions that are NULL in this grouping set, grouping(). */
  grouping?: GroupingCtx;
}

export interface GroupingCtx {
  /** SQL of the expressions grouped by other grouping sets only: NULL above the aggregates of this one. */
  nulled: Set<string>;
  /** grouping(a, ...): its bitmask in this grouping set. */
  func(ctx: ExprCtx, n: Node): Expr;
}

export function expr(ctx: ExprCtx, node: Node): Expr {
  const e = exprNode(ctx, node);
  // Outside aggregate arguments (ctx.aggs), a column grouped by another grouping set only is NULL.
  if (ctx.grouping?.nulled.has(e.sql) && ctx.aggs)
    return { sql: 'NULL', type: e.type, typmod: e.typmod, name: e.name, tableOid: e.tableOid, attnum: e.attnum };
  return e;
}

function exprNode(ctx: ExprCtx, node: Node): Expr {
  const kind = Object.keys(node)[0];
  const n = node[kind];
  switch (kind) {
    case 'ColumnRef':
      return columnRef(ctx, n);
    case 'A_Const':
      return constant(ctx, n);
    case 'ParamRef': {
      const p = ctx.t.param(n.number ?? 0, n.location + 1);
      return { sql: p.sql, type: p.type, typmod: -1, param: n.number };
    }
    case 'TypeCast':
      return typeCast(ctx, n);
    case 'A_Expr':
      return aExpr(ctx, n);
    case 'BoolExpr':
      return boolExpr(ctx, n);
    case 'NullTest': {
      const a = expr(ctx, n.arg);
      const not = n.nulltesttype === 'IS_NOT_NULL' ? ' NOT' : '';
      const sql = a.type === OID.record ? recordNullTestSql(a.sql, !!not) : `(${a.sql} IS${not} NULL)`;
      return { sql, type: OID.bool, typmod: -1, agg: a.agg };
    }
    case 'BooleanTest': {
      const a = boolArg(ctx, n.arg, 'IS TRUE');
      const m: Record<string, string> = {
        IS_TRUE: 'IS 1',
        IS_NOT_TRUE: 'IS NOT 1',
        IS_FALSE: 'IS 0',
        IS_NOT_FALSE: 'IS NOT 0',
        IS_UNKNOWN: 'IS NULL',
        IS_NOT_UNKNOWN: 'IS NOT NULL',
      };
      return { sql: `(${a.sql} ${m[n.booltesttype]})`, type: OID.bool, typmod: -1, agg: a.agg };
    }
    case 'SubLink':
      return subLink(ctx, n);
    case 'CaseExpr':
      return caseExpr(ctx, n);
    case 'CoalesceExpr': {
      const args = n.args.map((a: Node) => expr(ctx, a));
      const type = resolveCommon(ctx.t, args, 'COALESCE', node);
      const cs = args.map((a: Expr) => coerce(ctx.t, a, type, -1, 'implicit', node));
      return {
        sql: `coalesce(${cs.map((c: Expr) => c.sql).join(', ')}${cs.length === 1 ? ', NULL' : ''})`,
        type,
        typmod: isRecordType(type) ? commonRecordTypmod(ctx.t, args, 'COALESCE', node) : -1,
        name: 'coalesce',
        agg: cs.some((c: Expr) => c.agg),
      };
    }
    case 'MinMaxExpr': {
      const args = n.args.map((a: Node) => expr(ctx, a));
      const type = resolveCommon(ctx.t, args, n.op === 'IS_GREATEST' ? 'GREATEST' : 'LEAST', node);
      const cs = args.map((a: Expr) => coerce(ctx.t, a, type, -1, 'implicit', node));
      const fn = n.op === 'IS_GREATEST' ? 'greatest' : 'least';
      if (type === OID.record) return recordMinMax(ctx.t, fn, cs, node);
      const numeric = type === OID.numeric ? 1 : 0;
      // Enums compare by their sort order: pick the extreme rank, then its label.
      const en = enumOf(ctx.t, type);
      const call = `lumos_${fn}(${numeric}, ${cs.map((c: Expr) => (en ? enumSortKey(en, c.sql) : c.sql)).join(', ')})`;
      return {
        sql: en ? enumFromSortKey(en, call) : call,
        type,
        typmod: -1,
        name: fn,
        agg: cs.some((c: Expr) => c.agg),
      };
    }
    case 'SQLValueFunction':
      return sqlValueFunction(ctx, n);
    case 'FuncCall':
      return callFunction(ctx, n);
    case 'CollateClause':
      return expr(ctx, n.arg);
    case 'NamedArgExpr':
      // name => value: functions that take named arguments (make_interval...) read the names from the call node.
      return expr(ctx, n.arg);
    case 'A_ArrayExpr':
      return arrayConstructor(ctx, n);
    case 'A_Indirection':
      return subscript(ctx, n);
    case 'RowExpr':
      return rowValue(ctx, n);
    case 'GroupingFunc':
      if (!ctx.aggs)
        throw ctx.t.error('42803', `grouping operations are not allowed in ${ctx.clause ?? 'this context'}`, node);
      if (!ctx.grouping)
        throw ctx.t.error(
          '42803',
          'arguments to GROUPING must be grouping expressions of the associated query level',
          node,
        );
      return ctx.grouping.func(ctx, n);
    case 'SetToDefault':
      throw ctx.t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, 'DEFAULT is not allowed in this context', node);
    default:
      throw ctx.t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, `expression type ${kind} is not supported yet`, node);
  }
}

function columnRef(ctx: ExprCtx, n: Node): Expr {
  const fields: Node[] = n.fields;
  if (fields.some((f) => f.A_Star)) {
    throw ctx.t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, '"*" is not allowed here', n);
  }
  const names = fields.map(str);
  let r: ReturnType<Scope['resolve']>;
  try {
    r = ctx.scope.resolve(names, n.location + 1);
  } catch (err) {
    // A bare FROM-item name is a whole-row reference (row_to_json(t), json_agg(t)).
    const row = names.length === 1 ? wholeRowRef(ctx, names[0]) : undefined;
    if (row) return row;
    throw err;
  }
  const c = r.column;
  return {
    sql: r.sql,
    type: c.type,
    typmod: c.typmod,
    name: names[names.length - 1],
    tableOid: c.tableOid,
    attnum: c.attnum,
  };
}

function constant(ctx: ExprCtx, n: Node): Expr {
  if (n.isnull) return { sql: 'NULL', type: OID.unknown, typmod: -1, nullConst: true };
  // A literal of a shaped statement: a parameter, so the translation serves every value (src/sql/shape).
  const slot = slotLiteral(n);
  if (slot !== undefined) {
    if (slot.cls === 'i') return { sql: slot.sql, type: OID.int4, typmod: -1 };
    if (slot.cls === 'I') return { sql: slot.sql, type: OID.int8, typmod: -1 };
    if (slot.cls === 'n') return { sql: slot.sql, type: OID.numeric, typmod: -1 };
    const e: Expr = { sql: slot.sql, type: OID.unknown, typmod: -1, literalParam: true };
    // Code that looks at the text makes the translation depend on the value.
    Object.defineProperty(e, 'unknownText', { enumerable: true, get: slot.text });
    return e;
  }
  if (n.ival !== undefined) return { sql: String(n.ival.ival ?? 0), type: OID.int4, typmod: -1 };
  if (n.fval !== undefined) {
    const s: string = n.fval.fval;
    if (/^-?\d+$/.test(s)) {
      const v = BigInt(s);
      if (v <= 9223372036854775807n && v >= -9223372036854775808n) return { sql: s, type: OID.int8, typmod: -1 };
    }
    const text = s.startsWith('.') ? `0${s}` : s;
    return { sql: coerceLiteral(ctx, text, OID.numeric, n), type: OID.numeric, typmod: -1 };
  }
  if (n.boolval !== undefined) return { sql: n.boolval.boolval ? '1' : '0', type: OID.bool, typmod: -1 };
  if (n.sval !== undefined) {
    const text: string = n.sval.sval ?? '';
    return { sql: quoteString(text), type: OID.unknown, typmod: -1, unknownText: text };
  }
  // B'101' and X'1F' (the parser hands 'b101' / 'x1F' to bit_in): constants of type bit, never shaped.
  if (n.bsval !== undefined) return { sql: coerceLiteral(ctx, n.bsval.bsval, OID.bit, n), type: OID.bit, typmod: -1 };
  throw ctx.t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, 'this kind of constant is not supported', n);
}

function coerceLiteral(ctx: ExprCtx, text: string, type: number, node: Node): string {
  return coerce(ctx.t, { sql: '', type: OID.unknown, typmod: -1, unknownText: text }, type, -1, 'explicit', node).sql;
}

function typeCast(ctx: ExprCtx, n: Node): Expr {
  const { oid, typmod } = ctx.t.typeOid(n.typeName);
  // A cast of ARRAY[...] types its elements (ARRAY[]::int[], ARRAY['1']::int[]).
  const arg = n.arg.A_ArrayExpr && elementOidOf(oid) ? arrayConstructor(ctx, n.arg.A_ArrayExpr, oid) : expr(ctx, n.arg);
  const names = n.typeName.names.map(str);
  const r = coerce(ctx.t, arg, oid, typmod, 'explicit', arg.unknownText !== undefined ? n.arg : n);
  // PG (FigureColname) keeps the argument's name only when it is a strong one: a column, a function...
  const weak = colnameStrength(n.arg) < 2;
  return { ...r, name: (weak ? undefined : arg.name) ?? names[names.length - 1] };
}

/** An expression that must be boolean (WHERE, AND/OR/NOT operands). */
export function boolArg(ctx: ExprCtx, node: Node, what: string): Expr {
  const e = expr(ctx, node);
  if (e.type === OID.bool) return e;
  if (e.type === OID.unknown) return coerce(ctx.t, e, OID.bool, -1, 'implicit', node);
  throw ctx.t.error(
    SQLSTATE.DATATYPE_MISMATCH,
    `argument of ${what} must be type boolean, not type ${ctx.t.typeName(e.type)}`,
    node,
  );
}

function boolExpr(ctx: ExprCtx, n: Node): Expr {
  const op = n.boolop === 'AND_EXPR' ? 'AND' : n.boolop === 'OR_EXPR' ? 'OR' : 'NOT';
  const args = n.args.map((a: Node) => boolArg(ctx, a, op));
  const agg = args.some((a: Expr) => a.agg);
  if (op === 'NOT') return { sql: `(NOT ${args[0].sql})`, type: OID.bool, typmod: -1, agg };
  return { sql: `(${args.map((a: Expr) => a.sql).join(` ${op} `)})`, type: OID.bool, typmod: -1, agg };
}

function aExpr(ctx: ExprCtx, n: Node): Expr {
  const opName: string = n.name ? str(n.name[n.name.length - 1]) : '';
  const t = ctx.t;
  // OPERATOR(schema.op): Lumos's operators are pg_catalog's; another schema has none (or does not exist).
  if (n.name?.length > 1) {
    const schema = str(n.name[0]);
    if (schema !== 'pg_catalog') {
      if (!t.catalog.hasSchema(schema)) throw t.error('3F000', `schema "${schema}" does not exist`, n);
      throw t.error(SQLSTATE.UNDEFINED_FUNCTION, `operator does not exist: ${schema}.${opName}`, n);
    }
  }
  switch (n.kind) {
    case 'AEXPR_OP': {
      if (!n.lexpr) return unaryOp(ctx, opName, expr(ctx, n.rexpr), n);
      // ROW(...) op ROW(...) compares field by field; a row against another value is an ordinary operator.
      if (n.lexpr.RowExpr && n.rexpr.RowExpr) return rowComparison(ctx, opName, n) as Expr;
      return binaryOp(ctx, opName, expr(ctx, n.lexpr), expr(ctx, n.rexpr), n);
    }
    case 'AEXPR_DISTINCT':
    case 'AEXPR_NOT_DISTINCT': {
      const [l, r] = unify(ctx, expr(ctx, n.lexpr), expr(ctx, n.rexpr), n);
      const eq = compare(ctx, '=', l, r, n);
      const not = n.kind === 'AEXPR_DISTINCT' ? 'NOT ' : '';
      const sql =
        l.type === OID.numeric
          ? `(${not}((${l.sql} IS NULL AND ${r.sql} IS NULL) OR coalesce(${eq.sql}, 0)))`
          : `(${l.sql} IS ${not}${r.sql})`;
      return { sql, type: OID.bool, typmod: -1, agg: l.agg || r.agg };
    }
    case 'AEXPR_NULLIF': {
      const [l, r] = unify(ctx, expr(ctx, n.lexpr), expr(ctx, n.rexpr), n);
      const eq = compare(ctx, '=', l, r, n);
      return {
        sql: `CASE WHEN ${eq.sql} THEN NULL ELSE ${l.sql} END`,
        type: l.type,
        typmod: l.typmod,
        name: 'nullif',
        agg: l.agg || r.agg,
      };
    }
    case 'AEXPR_IN': {
      if (n.lexpr.RowExpr) return rowIn(ctx, n, opName === '<>') as Expr;
      const l0 = expr(ctx, n.lexpr);
      const items: Expr[] = n.rexpr.List.items.map((i: Node) => expr(ctx, i));
      const type = resolveCommon(t, [l0, ...items], 'IN', n);
      const l = coerce(t, l0, type, l0.typmod, 'implicit', n);
      const cs = items.map((i) => coerce(t, i, type, type === OID.bpchar ? l.typmod : -1, 'implicit', n));
      const not = opName === '<>';
      if (type === OID.numeric) {
        const ors = cs.map((c) => compare(ctx, '=', l, c, n).sql).join(' OR ');
        return { sql: not ? `(NOT (${ors}))` : `(${ors})`, type: OID.bool, typmod: -1 };
      }
      return {
        sql: `(${l.sql} ${not ? 'NOT IN' : 'IN'} (${cs.map((c) => c.sql).join(', ')}))`,
        type: OID.bool,
        typmod: -1,
        agg: l.agg,
      };
    }
    case 'AEXPR_SIMILAR':
      // x SIMILAR TO p is x ~ similar_to_escape(p) in PG's own parse tree.
      return binaryOp(ctx, opName, expr(ctx, n.lexpr), expr(ctx, n.rexpr), n);
    case 'AEXPR_LIKE':
    case 'AEXPR_ILIKE': {
      const l = coerce(t, textish(ctx, expr(ctx, n.lexpr), n), OID.text, -1, 'implicit', n);
      const r = coerce(t, textish(ctx, expr(ctx, n.rexpr), n), OID.text, -1, 'implicit', n);
      const not = opName.startsWith('!') ? 'NOT ' : '';
      const sql =
        n.kind === 'AEXPR_LIKE'
          ? `(${l.sql} ${not}LIKE ${r.sql} ESCAPE '\\')`
          : `(lumos_lower(${l.sql}) ${not}LIKE lumos_lower(${r.sql}) ESCAPE '\\')`;
      return { sql, type: OID.bool, typmod: -1, agg: l.agg || r.agg };
    }
    case 'AEXPR_BETWEEN':
    case 'AEXPR_NOT_BETWEEN':
    case 'AEXPR_BETWEEN_SYM':
    case 'AEXPR_NOT_BETWEEN_SYM': {
      const a0 = expr(ctx, n.lexpr);
      const [lo0, hi0] = n.rexpr.List.items.map((i: Node) => expr(ctx, i));
      // PG expands BETWEEN into two comparisons: types that do not meet are a missing operator (42883).
      const type = betweenType(ctx, a0, [lo0, hi0], n);
      const [a, lo, hi] = [a0, lo0, hi0].map((e) =>
        coerce(t, e, type, type === OID.bpchar ? a0.typmod : -1, 'implicit', n),
      );
      const ge = compare(ctx, '>=', a, lo, n).sql;
      const le = compare(ctx, '<=', a, hi, n).sql;
      let sql = `(${ge} AND ${le})`;
      if (n.kind.endsWith('_SYM'))
        sql = `(${sql} OR (${compare(ctx, '>=', a, hi, n).sql} AND ${compare(ctx, '<=', a, lo, n).sql}))`;
      if (n.kind.includes('NOT')) sql = `(NOT ${sql})`;
      return { sql, type: OID.bool, typmod: -1, agg: a.agg };
    }
    case 'AEXPR_OP_ANY':
    case 'AEXPR_OP_ALL':
      return anyAllArray(ctx, n);
    default:
      throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, `operator kind ${n.kind} is not supported yet`, n);
  }
}

function betweenType(ctx: ExprCtx, a: Expr, bounds: Expr[], n: Node): number {
  try {
    return resolveCommon(ctx.t, [a, ...bounds], 'BETWEEN', n);
  } catch (err) {
    if (!(err instanceof PgError) || err.code !== SQLSTATE.DATATYPE_MISMATCH) throw err;
    const other = bounds.find((b) => b.type !== OID.unknown && commonType(a.type, b.type) === undefined) ?? bounds[0];
    throw ctx.t.error(
      SQLSTATE.UNDEFINED_FUNCTION,
      `operator does not exist: ${ctx.t.typeName(a.type)} >= ${ctx.t.typeName(other.type)}`,
      n,
      { hint: 'No operator matches the given name and argument types. You might need to add explicit type casts.' },
    );
  }
}

function textish(ctx: ExprCtx, e: Expr, node: Node): Expr {
  if (e.type === OID.unknown || isTextLike(e.type))
    return e.type === OID.bpchar ? { ...e, sql: toTextSql(ctx.t, e.sql, e.type), type: OID.text } : e;
  throw ctx.t.error(SQLSTATE.UNDEFINED_FUNCTION, `operator does not exist: ${ctx.t.typeName(e.type)} ~~ text`, node, {
    hint: 'No operator matches the given name and argument types. You might need to add explicit type casts.',
  });
}

/** Bring two operands to one type (PG's operator resolution for the common cases). */
export function unify(ctx: ExprCtx, l: Expr, r: Expr, node: Node): [Expr, Expr] {
  const t = ctx.t;
  if (l.type === OID.unknown && r.type === OID.unknown) {
    return [coerce(t, l, OID.text, -1, 'implicit', node), coerce(t, r, OID.text, -1, 'implicit', node)];
  }
  if (l.type === OID.unknown) return [coerce(t, l, r.type, r.type === OID.bpchar ? r.typmod : -1, 'implicit', node), r];
  if (r.type === OID.unknown) return [l, coerce(t, r, l.type, l.type === OID.bpchar ? l.typmod : -1, 'implicit', node)];
  if (l.type === r.type) return [l, r];
  const c = commonType(l.type, r.type);
  if (c === undefined) {
    throw t.error(
      SQLSTATE.UNDEFINED_FUNCTION,
      `operator does not exist: ${t.typeName(l.type)} = ${t.typeName(r.type)}`,
      node,
      {
        hint: 'No operator matches the given name and argument types. You might need to add explicit type casts.',
      },
    );
  }
  const conv = (e: Expr) =>
    e.type === c ? e : { ...e, sql: castSql(t, e.sql, e.type, c, -1, 'implicit', node), type: c, typmod: -1 };
  return [conv(l), conv(r)];
}

function subLink(ctx: ExprCtx, n: Node): Expr {
  switch (n.subLinkType) {
    case 'ARRAY_SUBLINK':
      return arraySublink(ctx, n);
    default:
      // EXISTS, scalar, IN / op ANY / op ALL (subquery): sublink.ts.
      return subLinkExpr(ctx, n);
  }
}

function caseExpr(ctx: ExprCtx, n: Node): Expr {
  const t = ctx.t;
  const arg = n.arg ? expr(ctx, n.arg) : undefined;
  const whens: { cond: Expr; result: Expr }[] = n.args.map((w: Node) => {
    const cw = w.CaseWhen;
    let cond: Expr;
    if (arg) {
      const [l, r] = unify(ctx, arg, expr(ctx, cw.expr), cw);
      cond = compare(ctx, '=', l, r, cw);
    } else cond = boolArg(ctx, cw.expr, 'CASE');
    return { cond, result: expr(ctx, cw.result) };
  });
  const def = n.defresult ? expr(ctx, n.defresult) : undefined;
  // PG resolves the ELSE result first (transformCaseExpr), which decides between string types.
  const results = [...(def ? [def] : []), ...whens.map((w) => w.result)];
  const type = resolveCommon(t, results, 'CASE', n);
  const typmod = isRecordType(type) ? commonRecordTypmod(t, results, 'CASE', n) : -1;
  const c = (e: Expr) => coerce(t, e, type, -1, 'implicit', n);
  const parts = whens.map((w) => `WHEN ${w.cond.sql} THEN ${c(w.result).sql}`);
  const sql = `CASE ${parts.join(' ')}${def ? ` ELSE ${c(def).sql}` : ''} END`;
  const agg = results.some((r) => r.agg) || whens.some((w) => w.cond.agg) || arg?.agg;
  // PG names CASE after its ELSE result only when that name is a strong one (FigureColname).
  const name = def?.name && colnameStrength(n.defresult) >= 2 ? def.name : 'case';
  return { sql, type, typmod, name, agg };
}

export { isInt };
