/**
 * SEARCH and CYCLE clauses of recursive CTEs (PG 14+), rewritten like PG's rewriteSearchCycle.c into extra CTE
 * columns computed by both terms of the UNION:
 *
 * - SEARCH BREADTH FIRST BY cols SET seq: seq is the record (depth, cols...), depth counting from 0;
 * - SEARCH DEPTH FIRST BY cols SET seq: seq is the array of the records (cols...) of the path from the root;
 * - CYCLE cols SET mark [TO v DEFAULT d] USING path: path is the array of records (cols...) so far, mark is v
 *   when the row's (cols...) is already in its parent's path, and rows marked v are not recursed into.
 *
 * Records and arrays of records are record.ts values, so the columns print, compare and sort like PG's.
 */
import { SQLSTATE } from '../../../protocol/errors.js';
import { OID } from '../../../protocol/types/oids.js';
import type { Node } from '../parse.js';
import { coerce, type Expr, resolveCommon } from './coerce.js';
import { type ExprCtx, expr } from './expr.js';
import { elemToJsonSql } from './op-array.js';
import { recordFieldSql, recordSql, recordTypmod } from './record.js';
import { Scope } from './scope.js';
import type { Prepared } from './select.js';
import { quoteIdent } from './storage.js';
import { str, type Translator } from './translator.js';

/**
 * A column the clauses add: its SQL in the non-recursive term from the row's columns, and in the recursive term
 * from the row's columns and the parent row's added columns (by name).
 */
interface Added {
  name: string;
  type: number;
  typmod: number;
  seed: (cols: string[]) => string;
  next: (cols: string[], parent: Map<string, string>) => string;
}

const ident = (s: string) => ({ String: { sval: s } });
const columnRef = (...names: string[]) => ({ ColumnRef: { fields: names.map(ident) } });

/** The FROM items of a SELECT that reference the CTE itself, through joins (not subqueries). */
function selfReferences(from: Node[] | undefined, name: string): Node[] {
  const out: Node[] = [];
  const walk = (n: Node) => {
    if (n.RangeVar && !n.RangeVar.schemaname && n.RangeVar.relname === name) out.push(n.RangeVar);
    else if (n.JoinExpr) {
      walk(n.JoinExpr.larg);
      walk(n.JoinExpr.rarg);
    }
  };
  for (const n of from ?? []) walk(n);
  return out;
}

/** The non-recursive term's columns, which the SEARCH/CYCLE column lists name. */
interface Columns {
  t: Translator;
  cte: Node;
  names: string[];
  final: { type: number; typmod: number }[];
}

/** Positions of the listed columns, and a new column's name checked against the CTE's own. */
function positions(c: Columns, list: Node[], what: string): number[] {
  const cols = list.map(str);
  return cols.map((x, i) => {
    const k = c.names.indexOf(x);
    if (k < 0) throw c.t.error(SQLSTATE.SYNTAX_ERROR, `${what} column "${x}" not in WITH query column list`, c.cte);
    if (cols.indexOf(x) !== i) throw c.t.error('42701', `${what} column "${x}" specified more than once`, c.cte);
    return k;
  });
}

function newColumn(c: Columns, name: string, what: string): string {
  if (c.names.includes(name))
    throw c.t.error('42701', `${what} column name "${name}" already used in WITH query column list`, c.cte);
  return name;
}

/** SQL of the record (cols...) of a row, and the record's typmod. */
function rowRecord(c: Columns, ks: number[], lead: { name: string; type: number; typmod: number }[] = []) {
  const fields = [...lead, ...ks.map((k) => ({ name: c.names[k], type: c.final[k].type, typmod: c.final[k].typmod }))];
  return {
    typmod: recordTypmod(fields),
    sql: (cols: string[], leading: string[] = []) => recordSql(fields, [...leading, ...ks.map((k) => cols[k])]),
  };
}

function searchColumn(c: Columns, search: Node): Added {
  const ks = positions(c, search.search_col_list, 'search');
  const seq = newColumn(c, search.search_seq_column, 'search sequence');
  if (search.search_breadth_first) {
    // PG's record (depth, cols...): its first field is named *DEPTH* and has type bigint.
    const rec = rowRecord(c, ks, [{ name: '*DEPTH*', type: OID.int8, typmod: -1 }]);
    return {
      name: seq,
      type: OID.record,
      typmod: rec.typmod,
      seed: (cols) => rec.sql(cols, ['0']),
      next: (cols, parent) => rec.sql(cols, [`${recordFieldSql(parent.get(seq) as string, 0, OID.int8)} + 1`]),
    };
  }
  const rec = rowRecord(c, ks);
  return {
    name: seq,
    type: OID._record,
    typmod: rec.typmod,
    seed: (cols) => `json_array(${elemToJsonSql({ sql: rec.sql(cols), type: OID.record, typmod: -1 })})`,
    next: (cols, parent) =>
      `json_insert(${parent.get(seq)}, '$[#]', ${elemToJsonSql({ sql: rec.sql(cols), type: OID.record, typmod: -1 })})`,
  };
}

function cycleColumns(c: Columns, cycle: Node, scope: Scope): Added[] {
  const t = c.t;
  const ks = positions(c, cycle.cycle_col_list, 'cycle');
  const mark = newColumn(c, cycle.cycle_mark_column, 'cycle mark');
  const path = newColumn(c, cycle.cycle_path_column, 'cycle path');
  if (mark === path)
    throw t.error(SQLSTATE.SYNTAX_ERROR, 'cycle mark column name and cycle path column name are the same', c.cte);
  const ctx: ExprCtx = { t, scope: new Scope(scope), aggs: false, clause: 'CYCLE' };
  const v0 = expr(ctx, cycle.cycle_mark_value);
  const d0 = expr(ctx, cycle.cycle_mark_default);
  const type = resolveCommon(t, [v0, d0], 'CYCLE', cycle);
  const [v, d] = [v0, d0].map((e) => coerce(t, e, type === OID.unknown ? OID.text : type, -1, 'implicit', cycle));
  const rec = rowRecord(c, ks);
  // A record is in the path when its JSON text is one of the path's (string) elements (records compare by value).
  const inPath = (cols: string[], parent: Map<string, string>) =>
    `EXISTS (SELECT 1 FROM json_each(${parent.get(path)}) WHERE value = ${rec.sql(cols)})`;
  return [
    {
      name: mark,
      type: v.type,
      typmod: -1,
      seed: () => d.sql,
      next: (cols, parent) => `CASE WHEN ${inPath(cols, parent)} THEN ${v.sql} ELSE ${d.sql} END`,
    },
    {
      name: path,
      type: OID._record,
      typmod: rec.typmod,
      seed: (cols) => `json_array(${elemToJsonSql({ sql: rec.sql(cols), type: OID.record, typmod: -1 })})`,
      next: (cols, parent) =>
        `json_insert(${parent.get(path)}, '$[#]', ${elemToJsonSql({ sql: rec.sql(cols), type: OID.record, typmod: -1 })})`,
    },
  ];
}

/**
 * The `name(cols) AS (...)` SQL of a recursive CTE with SEARCH and/or CYCLE; registers its columns in `scope`.
 * `prepare` translates a SELECT (select.ts).
 */
export function searchCycleCte(
  t: Translator,
  cte: Node,
  scope: Scope,
  recursive: boolean,
  prepare: (s: Node, scope: Scope) => Prepared,
): string {
  const name: string = cte.ctename;
  const search = cte.search_clause;
  const cycle = cte.cycle_clause;
  const q = cte.ctequery.SelectStmt;
  if (!recursive) throw t.error(SQLSTATE.SYNTAX_ERROR, 'WITH query is not recursive', search ?? cycle);
  if (q.op !== 'SETOP_UNION') {
    const msg = `recursive query "${name}" does not have the form non-recursive-term UNION [ALL] recursive-term`;
    throw t.error('42P19', msg, cte);
  }
  const rarg: Node = q.rarg;
  if ((rarg.op && rarg.op !== 'SETOP_NONE') || rarg.valuesLists) {
    const msg = 'with a SEARCH or CYCLE clause, the right side of the UNION must be a SELECT';
    throw t.error(SQLSTATE.SYNTAX_ERROR, msg, q);
  }

  const seed = prepare(q.larg, scope);
  const colnames: string[] | undefined = cte.aliascolnames?.map(str);
  if (colnames && colnames.length > seed.cols.length) {
    throw t.error(
      '42P10',
      `WITH query "${name}" has ${seed.cols.length} columns available but ${colnames.length} columns specified`,
      cte,
    );
  }
  const names = seed.names.map((n, i) => colnames?.[i] ?? n);
  const final = seed.cols.map((c) => ({ type: c.type === OID.unknown ? OID.text : c.type, typmod: c.typmod }));
  const cols: Columns = { t, cte, names, final };
  const added: Added[] = [];
  if (search) added.push(searchColumn(cols, search));
  if (cycle) {
    const seq = search?.search_seq_column;
    if (seq === cycle.cycle_mark_column)
      throw t.error(SQLSTATE.SYNTAX_ERROR, 'search sequence column name and cycle mark column name are the same', cte);
    if (seq === cycle.cycle_path_column)
      throw t.error(SQLSTATE.SYNTAX_ERROR, 'search sequence column name and cycle path column name are the same', cte);
    added.push(...cycleColumns(cols, cycle, scope));
  }

  const all = [...final, ...added];
  const allNames = [...names, ...added.map((a) => a.name)];
  scope.ctes.set(
    name,
    all.map((c, i) => ({ name: allNames[i], type: c.type, typmod: c.typmod })),
  );

  // Non-recursive term: its rows with the added columns' initial values.
  const inner = names.map((_, i) => `__s${i}`);
  const seedCols = inner.map((n) => quoteIdent(n));
  const seedSql = `SELECT ${[...seedCols, ...added.map((a) => a.seed(seedCols))].join(', ')} FROM (${seed.render(final, inner)})`;

  // Recursive term: translated with the parent row's added columns as extra targets, which then become the
  // child's values; a row marked as a cycle is not recursed into.
  const refs = selfReferences(rarg.fromClause, name);
  if (refs.length !== 1) {
    throw t.error(
      SQLSTATE.SYNTAX_ERROR,
      `with a SEARCH or CYCLE clause, the recursive reference to WITH query "${name}" must be at the top level of its right-hand SELECT`,
      rarg,
    );
  }
  const alias: string = refs[0].alias?.aliasname ?? name;
  let where: Node | undefined = rarg.whereClause;
  if (cycle) {
    const notCycle = {
      A_Expr: {
        kind: 'AEXPR_OP',
        name: [ident('<>')],
        lexpr: columnRef(alias, cycle.cycle_mark_column),
        rexpr: cycle.cycle_mark_value,
      },
    };
    where = where ? { BoolExpr: { boolop: 'AND_EXPR', args: [where, notCycle] } } : notCycle;
  }
  const targets = added.map((a) => ({ ResTarget: { val: columnRef(alias, a.name) } }));
  const rec = prepare({ ...rarg, targetList: [...(rarg.targetList ?? []), ...targets], whereClause: where }, scope);
  const n = names.length;
  if (rec.cols.length !== n + added.length)
    throw t.error(SQLSTATE.SYNTAX_ERROR, 'each UNION query must have the same number of columns', rarg);
  const childCols = rec.cols.slice(0, n).map((c, i) => {
    const f = final[i];
    return coerce(t, c, f.type, f.typmod === c.typmod ? -1 : f.typmod, 'assignment', rarg).sql;
  });
  const parent = new Map(added.map((a, j) => [a.name, rec.cols[n + j].sql]));
  added.forEach((a, j) => {
    rec.cols[n + j] = { sql: a.next(childCols, parent), type: a.type, typmod: a.typmod } satisfies Expr;
  });
  const recSql = rec.render(all, allNames);
  const list = allNames.map((c) => quoteIdent(c)).join(', ');
  return `${quoteIdent(name)}(${list}) AS (${seedSql} UNION${q.all ? ' ALL' : ''} ${recSql})`;
}
