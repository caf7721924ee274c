/**
 * Set-returning functions (generate_series, unnest, jsonb_array_elements...), in FROM and in the select list.
 *
 * Each SRF is a SQLite table-valued function (better-sqlite3 `db.table`), so its arguments may reference
 * earlier FROM items (PG's implicit LATERAL for functions) and it runs lazily row by row. Modules register
 * the PG name with `defineSetReturning` (translation: argument types -> SrfCall) and the SQLite side with
 * `defineSqliteTable`. Every table gets a trailing `ordinality` column (WITH ORDINALITY, zipping).
 * Several SRFs in one select list (or ROWS FROM / unnest(a, b)) run in lockstep like PG 10+: the
 * `lumos_srf_zip` table drives the registered generators together, padding exhausted ones with NULLs.
 */
import { type PgError, SQLSTATE } from '../../../protocol/errors.js';
import { OID } from '../../../protocol/types/oids.js';
import type { Node } from '../parse.js';
import type { Expr } from './coerce.js';
import { type ExprCtx, expr } from './expr.js';
import { defineSqliteFunctions } from './fn-registry.js';
import { recordSql, recordTypmod } from './record.js';
import type { ScopeColumn } from './scope.js';
import { quoteIdent, quoteString, type StorageValue } from './storage.js';
import { str, type Translator } from './translator.js';

export interface SrfColumn {
  name: string;
  type: number;
  typmod: number;
}

/** A translated SRF call. */
export interface SrfCall {
  /** SQLite table-valued function registered with defineSqliteTable. */
  table: string;
  /** SQL of its arguments, in the table's parameter order. */
  args: string[];
  /** Output columns (without ordinality). */
  columns: SrfColumn[];
  /** Returns a base type, not a record: its one column is named after the FROM alias or the function. */
  scalar: boolean;
}

export type SrfFn = (ctx: ExprCtx, args: Expr[], node: Node) => SrfCall | undefined;

export interface SqliteTableDef {
  /** Output column names (an `ordinality` column is appended). */
  columns: string[];
  parameters: string[];
  /** Integer arguments arrive as bigint. */
  safeIntegers?: boolean;
  rows: (...args: (StorageValue | undefined)[]) => Iterable<unknown[]>;
}

const srfs = new Map<string, SrfFn>();
const tables = new Map<string, SqliteTableDef>();

export function defineSetReturning(name: string, fn: SrfFn): void {
  if (srfs.has(name)) throw new Error(`set-returning function ${name} defined twice`);
  srfs.set(name, fn);
}

export function lookupSetReturning(name: string): SrfFn | undefined {
  return srfs.get(name);
}

export function defineSqliteTable(name: string, def: SqliteTableDef): void {
  if (tables.has(name)) throw new Error(`SQLite table function ${name} defined twice`);
  tables.set(name, def);
}

const ZIP_PARAMS = 29;
const ZIP_COLUMNS = 16;

function* withOrdinality(it: Iterable<unknown[]>): Generator<unknown[]> {
  let i = 0;
  for (const r of it) yield [...r, ++i];
}

/**
 * A NULL argument of a table-valued function is an `= NULL` constraint, which SQLite never satisfies (no
 * rows at all): arguments are passed through coalesce(), followed by padding up to the declared parameters,
 * the number of real arguments and a bit mask of which were NULL.
 */
function unmask(args: unknown[]): unknown[] {
  const nargs = Number(args[args.length - 2]);
  const mask = BigInt(args[args.length - 1] as number | bigint);
  return args.slice(0, nargs).map((a, k) => ((mask >> BigInt(k)) & 1n ? null : a));
}

const isLiteral = (sql: string) => /^(-?\d+(\.\d+)?|'([^']|'')*')$/.test(sql);

/** `table(args..., padding, nargs, nullmask)` (see unmask). */
function callSql(table: string, args: string[]): string {
  const declared = table === 'lumos_srf_zip' ? ZIP_PARAMS + 1 : (tables.get(table) as SqliteTableDef).parameters.length;
  const pad = Array.from({ length: declared - args.length }, () => '0');
  const mask = args
    .map((a, k) => (isLiteral(a) ? '' : `((${a}) IS NULL) * ${2 ** k}`))
    .filter((m) => m)
    .join(' + ');
  const vals = args.map((a) => (isLiteral(a) ? a : `coalesce(${a}, 0)`));
  return `${table}(${[...vals, ...pad, args.length, mask || '0'].join(', ')})`;
}

function toNumbers(args: unknown[]): unknown[] {
  return args.map((a) => (typeof a === 'bigint' ? Number(a) : a));
}

defineSqliteTable('lumos_srf_one', { columns: ['value'], parameters: ['v'], safeIntegers: true, rows: (v) => [[v]] });

defineSqliteFunctions((db) => {
  for (const [name, def] of tables) {
    db.table(name, {
      columns: [...def.columns, 'ordinality'],
      parameters: [...def.parameters, 'nargs', 'nullmask'],
      safeIntegers: def.safeIntegers ?? false,
      rows: function* (...args: unknown[]) {
        yield* withOrdinality(def.rows(...(unmask(args) as StorageValue[])));
      },
    } as never);
  }
  // spec: "table:nargs,table:nargs"; the arguments of all tables follow in order.
  db.table('lumos_srf_zip', {
    columns: [...Array.from({ length: ZIP_COLUMNS }, (_, i) => `c${i}`), 'ordinality'],
    parameters: ['spec', ...Array.from({ length: ZIP_PARAMS }, (_, i) => `p${i}`), 'nargs', 'nullmask'],
    safeIntegers: true,
    rows: function* (...masked: unknown[]) {
      const [spec, ...params] = unmask(masked);
      let p = 0;
      const parts = String(spec)
        .split(',')
        .map((s) => {
          const [name, nargs] = s.split(':');
          const def = tables.get(name) as SqliteTableDef;
          const args = params.slice(p, p + Number(nargs));
          p += Number(nargs);
          const it = def.rows(...((def.safeIntegers ? args : toNumbers(args)) as StorageValue[]))[Symbol.iterator]();
          return { it, width: def.columns.length, done: false };
        });
      for (let ord = 1; ; ord++) {
        const row: unknown[] = [];
        let any = false;
        for (const part of parts) {
          const r = part.done ? undefined : part.it.next();
          if (r && !r.done) {
            any = true;
            row.push(...r.value);
          } else {
            part.done = true;
            for (let i = 0; i < part.width; i++) row.push(null);
          }
        }
        if (!any) return;
        while (row.length < ZIP_COLUMNS) row.push(null);
        row.push(ord);
        yield row;
      }
    },
  } as never);
});

function tableColumnNames(call: SrfCall): string[] {
  return (tables.get(call.table) as SqliteTableDef).columns;
}

function undefinedFunction(t: Translator, name: string, args: Expr[], node: Node): PgError {
  const types = args.map((a) => t.typeName(a.type)).join(', ');
  return t.error(SQLSTATE.UNDEFINED_FUNCTION, `function ${name}(${types}) does not exist`, node, {
    hint: 'No function matches the given name and argument types. You might need to add explicit type casts.',
  });
}

function funcName(fc: Node): string {
  const names: string[] = fc.funcname.map(str);
  return names[names.length - 1].toLowerCase();
}

/** Translate one function of a FROM item: an SRF, or any scalar expression (one row). */
function fromCall(ctx: ExprCtx, node: Node): { call: SrfCall; name: string }[] {
  const fc = node.FuncCall;
  const name = fc ? funcName(fc) : 'value';
  const fn = fc && !fc.over ? srfs.get(name) : undefined;
  if (fn) {
    const argCtx: ExprCtx = { ...ctx, aggs: false, srfs: undefined, clause: 'functions in FROM' };
    const args: Expr[] = (fc.args ?? []).map((a: Node) => expr(argCtx, a));
    // unnest(a, b, ...) in FROM is ROWS FROM (unnest(a), unnest(b), ...).
    if (name === 'unnest' && args.length > 1) {
      return args.map((a, i) => {
        const call = fn(ctx, [a], fc.args[i]);
        if (!call) throw undefinedFunction(ctx.t, name, [a], node);
        return { call, name };
      });
    }
    const call = fn(ctx, args, node);
    if (!call) throw undefinedFunction(ctx.t, name, args, node);
    return [{ call, name }];
  }
  const e = expr({ ...ctx, aggs: false, clause: 'functions in FROM' }, node);
  const type = e.type === OID.unknown ? OID.text : e.type;
  return [
    {
      call: { table: 'lumos_srf_one', args: [e.sql], columns: [{ name, type, typmod: e.typmod }], scalar: true },
      name: e.name ?? name,
    },
  ];
}

/** SQL of a zip of several calls, and the SQLite column of each output column. */
function zipSql(t: Translator, calls: SrfCall[], node: Node): { sql: string; cols: string[] } {
  const width = calls.reduce((n, c) => n + c.columns.length, 0);
  const nargs = calls.reduce((n, c) => n + c.args.length, 0);
  if (width > ZIP_COLUMNS || nargs > ZIP_PARAMS) {
    throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, 'too many set-returning functions in one query level', node);
  }
  const spec = calls.map((c) => `${c.table}:${c.args.length}`).join(',');
  const args = calls.flatMap((c) => c.args);
  return {
    sql: callSql('lumos_srf_zip', [quoteString(spec), ...args]),
    cols: Array.from({ length: width }, (_, i) => `c${i}`),
  };
}

/** A RangeFunction FROM item; adds its scope item and returns its SQL. */
export function rangeFunction(ctx: ExprCtx, rf: Node): string {
  const t = ctx.t;
  const parts: { call: SrfCall; name: string }[] = [];
  for (const f of rf.functions) {
    const items: Node[] = f.List.items;
    if (items[1] && Object.keys(items[1]).length)
      throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, 'column definition lists in FROM are not supported', items[1]);
    parts.push(...fromCall(ctx, items[0]));
  }
  const calls = parts.map((p) => p.call);
  const aliasName: string | undefined = rf.alias?.aliasname;
  const alias = aliasName ?? parts[0].name;
  let source: string;
  let sqlCols: string[];
  if (calls.length === 1) {
    source = callSql(calls[0].table, calls[0].args);
    sqlCols = tableColumnNames(calls[0]);
  } else {
    const z = zipSql(t, calls, rf);
    source = z.sql;
    sqlCols = z.cols;
  }
  const columns: ScopeColumn[] = [];
  for (const p of parts) {
    for (const c of p.call.columns) {
      const name = p.call.scalar ? (calls.length === 1 && aliasName ? aliasName : p.name) : c.name;
      columns.push({ name, type: c.type, typmod: c.typmod });
    }
  }
  if (rf.ordinality) columns.push({ name: 'ordinality', type: OID.int8, typmod: -1 });
  const colnames: string[] = rf.alias?.colnames?.map(str) ?? [];
  if (colnames.length > columns.length) {
    throw t.error(
      '42P10',
      `table "${alias}" has ${columns.length} columns available but ${colnames.length} columns specified`,
      rf,
    );
  }
  const q = quoteIdent(alias);
  ctx.scope.add({
    alias,
    // PG (makeWholeRowVar): `alias` is the value of a function with one output column, a record WITH ORDINALITY.
    scalarFunction: calls.length === 1 && calls[0].columns.length === 1 && !rf.ordinality,
    columns: columns.map((c, i) => ({
      ...c,
      name: colnames[i] ?? c.name,
      sql: `${q}.${quoteIdent(i < sqlCols.length ? sqlCols[i] : 'ordinality')}`,
    })),
  });
  return `${source} AS ${q}`;
}

const counters = new WeakMap<Translator, number>();

/** SRFs of one select list, joined to its FROM (each input row yields the zipped SRF rows). */
export class SrfCollector {
  readonly calls: SrfCall[] = [];
  readonly alias: string;

  constructor(t: Translator) {
    const n = (counters.get(t) ?? 0) + 1;
    counters.set(t, n);
    this.alias = `__srf${n}`;
  }

  add(_ctx: ExprCtx, call: SrfCall, _node: Node): Expr {
    const offset = this.calls.reduce((n, c) => n + c.columns.length, 0);
    this.calls.push(call);
    const col = (i: number) => `${quoteIdent(this.alias)}.${quoteIdent(`c${offset + i}`)}`;
    if (call.columns.length === 1) {
      const c = call.columns[0];
      return { sql: col(0), type: c.type, typmod: c.typmod };
    }
    // A function returning a record (OUT parameters): one value of an anonymous record type (record.ts).
    return {
      sql: recordSql(
        call.columns,
        call.columns.map((_, i) => col(i)),
      ),
      type: OID.record,
      typmod: recordTypmod(call.columns),
    };
  }

  /** The FROM list extended with the zipped SRFs. */
  fromSql(t: Translator, from: string, node: Node): string {
    if (!this.calls.length) return from;
    const z = zipSql(t, this.calls, node);
    const item = `${z.sql} AS ${quoteIdent(this.alias)}`;
    return from ? `${from} CROSS JOIN ${item}` : item;
  }
}

/** An SRF call inside an expression (select list). */
export function srfInExpression(ctx: ExprCtx, name: string, n: Node): Expr {
  const t = ctx.t;
  if (!ctx.srfs) {
    throw t.error(
      SQLSTATE.FEATURE_NOT_SUPPORTED,
      `set-returning functions are not allowed in ${ctx.clause ?? 'this context'}`,
      n,
    );
  }
  const argCtx: ExprCtx = { ...ctx, srfs: undefined, clause: 'arguments of a set-returning function' };
  const args: Expr[] = (n.args ?? []).map((a: Node) => expr(argCtx, a));
  const fn = srfs.get(name) as SrfFn;
  const call = fn(ctx, args, n);
  if (!call) throw undefinedFunction(t, name, args, n);
  return { ...ctx.srfs.add(ctx, call, n), name, agg: args.some((a) => a.agg) };
}
