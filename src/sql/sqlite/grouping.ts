/**
 * PG's check for grouped queries (42803): outside aggregate calls, the select list and HAVING may only use
 * grouped columns, or columns of a table whose primary key is grouped (functional dependency).
 * Conservative: only applied when every GROUP BY item is a plain column, so no valid query is rejected.
 */
import type { TableDef } from '../../catalog/types.js';
import type { Node } from '../parse.js';
import { isAggregateName } from './builtins.js';
import type { Expr } from './coerce.js';
import type { Scope } from './scope.js';
import { quoteIdent } from './storage.js';
import { str, type Translator } from './translator.js';

const PLAIN = /^("(?:[^"]|"")*")\.("(?:[^"]|"")*")$/;

export function hasAggregate(node: Node): boolean {
  if (!node || typeof node !== 'object') return false;
  if (Array.isArray(node)) return node.some(hasAggregate);
  if (node.SubLink) return false;
  if (node.FuncCall && !node.FuncCall.over) {
    const f = node.FuncCall;
    if (isAggregateName(str(f.funcname[f.funcname.length - 1]).toLowerCase())) return true;
  }
  return Object.values(node).some((v) => v && typeof v === 'object' && hasAggregate(v as Node));
}

export function checkGrouping(t: Translator, scope: Scope, s: Node, groupExprs: Expr[], cols: Expr[]): void {
  if (!groupExprs.length && !s.havingClause && !hasAggregate(s.targetList)) return; // window functions only
  const grouped = new Set(groupExprs.map((g) => g.sql));
  for (const g of grouped) if (!PLAIN.test(g)) return;
  const pkGrouped = (tableOid: number | undefined, alias: string): boolean => {
    if (tableOid === undefined) return false;
    const table = t.catalog.object(tableOid) as TableDef | undefined;
    const pk = table?.indexes?.find((i) => i.primary);
    return !!pk && pk.columns.every((c) => grouped.has(`${alias}.${quoteIdent(c)}`));
  };
  const check = (node: Node, clause: string): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const x of node) check(x, clause);
      return;
    }
    if (node.SubLink) return;
    if (node.FuncCall) {
      const f = node.FuncCall;
      const name = str(f.funcname[f.funcname.length - 1]).toLowerCase();
      if (!f.over && isAggregateName(name)) return;
    }
    if (node.ColumnRef) {
      const fields: Node[] = node.ColumnRef.fields;
      if (fields.some((f) => f.A_Star)) return;
      let r: ReturnType<Scope['resolve']>;
      try {
        r = scope.resolve(fields.map(str));
      } catch {
        return;
      }
      // Outer references are constants for this query.
      if (!scope.items.some((i) => i.columns.includes(r.column))) return;
      if (grouped.has(r.sql)) return;
      const m = PLAIN.exec(r.sql);
      if (!m) return;
      if (pkGrouped(r.column.tableOid, m[1])) return;
      const alias = m[1].slice(1, -1).replaceAll('""', '"');
      throw t.error(
        '42803',
        `column "${alias}.${r.column.name}" must appear in the GROUP BY clause or be used in an aggregate function`,
        node,
      );
    }
    for (const v of Object.values(node)) if (v && typeof v === 'object') check(v as Node, clause);
  };
  let i = 0;
  for (const rt of s.targetList ?? []) {
    const val = rt.ResTarget.val;
    if (val.ColumnRef?.fields?.some((f: Node) => f.A_Star)) return; // star: columns not tracked per target
    if (!grouped.has(cols[i]?.sql)) check(val, 'SELECT');
    i++;
  }
  if (s.havingClause) check(s.havingClause, 'HAVING');
}
