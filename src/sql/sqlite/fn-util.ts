/**
 * Helpers shared by the function modules (fn-text, fn-regex, fn-datetime, fn-math, fn-aggregates):
 * argument conversion following PG's function resolution for the common cases, and NULL-strict UDFs.
 */
import { OID } from '../../../protocol/types/oids.js';
import type { Node } from '../parse.js';
import { coerce, type Expr, isInt, isNumberType, isTextLike, toTextSql } from './coerce.js';
import type { ExprCtx } from './expr.js';

export type V = number | bigint | string | Buffer | null | undefined;

export const mk = (sql: string, type: number): Expr => ({ sql, type, typmod: -1 });

/** A text argument: untyped literals become text, char(n) loses its padding; other types do not match. */
export function textArg(ctx: ExprCtx, e: Expr, n: Node): Expr | undefined {
  if (e.type === OID.unknown) return coerce(ctx.t, e, OID.text, -1, 'implicit', n);
  if (!isTextLike(e.type)) return undefined;
  return { ...e, sql: toTextSql(ctx.t, e.sql, e.type), type: OID.text };
}

/** Several text arguments, or undefined when one of them is not text. */
export function textArgs(ctx: ExprCtx, es: Expr[], n: Node): Expr[] | undefined {
  const out: Expr[] = [];
  for (const e of es) {
    const x = textArg(ctx, e, n);
    if (!x) return undefined;
    out.push(x);
  }
  return out;
}

/** An integer argument (int2/int4 or untyped literal), as int4. */
export function intArg(ctx: ExprCtx, e: Expr, n: Node, to: number = OID.int4): Expr | undefined {
  if (e.type === OID.unknown) return coerce(ctx.t, e, to, -1, 'implicit', n);
  if (!isInt(e.type)) return undefined;
  if (to === OID.int4 && e.type === OID.int8) return undefined;
  return coerce(ctx.t, e, to, -1, 'implicit', n);
}

/** A bytea argument (untyped literals are parsed as bytea). */
export function byteaArg(ctx: ExprCtx, e: Expr, n: Node): Expr | undefined {
  if (e.type === OID.unknown) return coerce(ctx.t, e, OID.bytea, -1, 'implicit', n);
  return e.type === OID.bytea ? e : undefined;
}

/** A float8 argument (any number type, or an untyped literal). */
export function floatArg(ctx: ExprCtx, e: Expr, n: Node): Expr | undefined {
  if (e.type !== OID.unknown && !isNumberType(e.type)) return undefined;
  return coerce(ctx.t, e, OID.float8, -1, 'implicit', n);
}

/** SQL giving a value's text as its type's output function writes it (booleans are t/f, unlike ::text). */
export function outputTextSql(ctx: ExprCtx, e: Expr): string {
  if (e.type === OID.bool) return `CASE ${e.sql} WHEN 1 THEN 't' WHEN 0 THEN 'f' END`;
  if (e.type === OID.unknown) return e.sql;
  return toTextSql(ctx.t, e.sql, e.type, e.typmod);
}

export const isNull = (v: unknown): v is null | undefined => v === null || v === undefined;

/** Wrap a UDF body so any NULL argument gives NULL (PG's STRICT functions). */
export function strict<A extends V[]>(f: (...args: A) => unknown): (...args: A) => unknown {
  const g = (...args: A) => (args.some(isNull) ? null : f(...args));
  // better-sqlite3 takes a UDF's arity from Function.length.
  Object.defineProperty(g, 'length', { value: f.length });
  return g;
}

export const asStr = (v: V): string => (Buffer.isBuffer(v) ? v.toString() : String(v));
export const asBuf = (v: V): Buffer => (Buffer.isBuffer(v) ? v : Buffer.from(String(v)));
