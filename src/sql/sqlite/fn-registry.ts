/**
 * Extension points for PostgreSQL functions, so each family (strings, dates, json, arrays, catalog...)
 * lives in its own module: scalar functions translated to SQLite SQL, and the SQLite user functions
 * (lumos_*) they call. Modules register themselves when imported from fn-modules.ts.
 */
import type Database from 'better-sqlite3';
import type { Node } from '../parse.js';
import type { Expr } from './coerce.js';
import type { ExprCtx } from './expr.js';
import type { AggregateFn } from './fn-aggregates.js';

/**
 * Translate a call whose arguments are already translated. Return undefined when the argument types do not
 * match this function (the caller then reports 42883 like PG).
 */
export type ScalarFn = (ctx: ExprCtx, args: Expr[], node: Node) => Expr | undefined;

export interface FunctionEnv {
  cancelFlag?: Int32Array;
  /** Blocks for `seconds` (the engine waits on the cancel flag and throws 57014 when cancelled). */
  sleep?: (seconds: number) => void;
}

export type SqliteFunctionRegistrar = (db: Database.Database, env: FunctionEnv) => void;

const scalars = new Map<string, ScalarFn>();
const registrars: SqliteFunctionRegistrar[] = [];

/** Register a PG function by lower-case name (several modules may not claim the same name). */
export function defineScalar(name: string, fn: ScalarFn): void {
  if (scalars.has(name)) throw new Error(`function ${name} defined twice`);
  scalars.set(name, fn);
}

const overloads = new Map<string, ScalarFn[]>();

/**
 * A type's own variant of a function another module defines (length(bit) beside length(text)): it is tried
 * before that definition and returns undefined for argument types that are not its own.
 */
export function defineOverload(name: string, fn: ScalarFn): void {
  const list = overloads.get(name);
  if (list) list.push(fn);
  else overloads.set(name, [fn]);
}

const aggregates = new Map<string, AggregateFn[]>();

/**
 * A type's own variant of an aggregate (sum(money), bit_and(bit)), tried before fn-aggregates.ts's and the
 * built-in ones. Kept here, in a module without runtime imports, so a type module may register while
 * fn-aggregates.ts is still loading.
 */
export function defineAggregateOverload(name: string, fn: AggregateFn): void {
  const list = aggregates.get(name);
  if (list) list.push(fn);
  else aggregates.set(name, [fn]);
}

export function aggregateOverloads(name: string): readonly AggregateFn[] | undefined {
  return aggregates.get(name);
}

export function lookupScalar(name: string): ScalarFn | undefined {
  const base = scalars.get(name);
  const own = overloads.get(name);
  if (!own) return base;
  return (ctx, args, node) => {
    for (const fn of own) {
      const r = fn(ctx, args, node);
      if (r) return r;
    }
    return base?.(ctx, args, node);
  };
}

/** Register SQLite user functions, installed on every connection (main thread and workers). */
export function defineSqliteFunctions(r: SqliteFunctionRegistrar): void {
  registrars.push(r);
}

export function installSqliteFunctions(db: Database.Database, env: FunctionEnv): void {
  for (const r of registrars) r(db, env);
}
