/**
 * GROUP BY GROUPING SETS / ROLLUP / CUBE and grouping(). SQLite has none of them: each grouping set becomes
 * its own GROUP BY query (an "arm"), in which the expressions grouped by other sets only are NULL above the
 * aggregates and grouping() is a constant bitmask (expr.ts applies both through ExprCtx.grouping). The arms
 * are combined with UNION ALL; ORDER BY / LIMIT apply to the combined rows, through hidden sort columns.
 */
import { SQLSTATE } from '../../../protocol/errors.js';
import { OID } from '../../../protocol/types/oids.js';
import type { Node } from '../parse.js';
import type { Expr } from './coerce.js';
import { type ExprCtx, expr, type GroupingCtx } from './expr.js';
import { Scope } from './scope.js';
import type { Prepared } from './select.js';
import { selectTail } from './select-tail.js';
import { quoteIdent } from './storage.js';
import { str, type Translator } from './translator.js';

/** A GROUP BY expanded into grouping sets. */
export interface GroupingSetsPlan {
  /** The distinct grouping expressions (parse nodes), in order of appearance. */
  leaves: Node[];
  /** Per grouping set, the indexes of the leaves it groups by. */
  sets: number[][];
}

/** PG's limit on expanded grouping sets (54001). */
const MAX_SETS = 4096;

const nodeKey = (n: Node) => JSON.stringify(n, (k, v) => (k === 'location' ? undefined : v));

/**
 * The grouping sets of `s` (PG's expand_grouping_sets: the cartesian product of the GROUP BY items), or
 * undefined for a plain GROUP BY whose query does not call grouping().
 */
export function expandGroupingSets(t: Translator, s: Node): GroupingSetsPlan | undefined {
  const items: Node[] = s.groupClause ?? [];
  if (!items.length) return undefined;
  const usesGroupingFunc = () =>
    [s.targetList, s.havingClause, s.sortClause].some((x) => x && JSON.stringify(x).includes('"GroupingFunc"'));
  if (!items.some((g) => g.GroupingSet) && !usesGroupingFunc()) return undefined;
  const leaves: Node[] = [];
  const keys: string[] = [];
  const leaf = (n: Node): number => {
    const k = nodeKey(n);
    let i = keys.indexOf(k);
    if (i < 0) {
      i = keys.length;
      keys.push(k);
      leaves.push(n);
    }
    return i;
  };
  // An element of ROLLUP/CUBE/GROUPING SETS: `(a, b)` is one unit.
  const unit = (n: Node): number[] => (n.RowExpr ? n.RowExpr.args.map(leaf) : [leaf(n)]);
  const expand = (n: Node): number[][] => {
    const gs = n.GroupingSet;
    if (!gs) return [unit(n)];
    const parts = (): number[][] => (gs.content ?? []).map(unit);
    switch (gs.kind) {
      case 'GROUPING_SET_EMPTY':
        return [[]];
      case 'GROUPING_SET_SIMPLE':
        return [parts().flat()];
      case 'GROUPING_SET_ROLLUP': {
        const p = parts();
        return p.map((_, i) => p.slice(0, p.length - i).flat()).concat([[]]);
      }
      case 'GROUPING_SET_CUBE': {
        const p = parts();
        if (p.length > 12) throw t.error('54001', 'CUBE is limited to 12 elements', n);
        const out: number[][] = [];
        for (let mask = (1 << p.length) - 1; mask >= 0; mask--)
          out.push(p.filter((_, i) => mask & (1 << (p.length - 1 - i))).flat());
        return out;
      }
      case 'GROUPING_SET_SETS':
        return (gs.content as Node[]).flatMap(expand);
      default:
        throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, `grouping set kind ${gs.kind} is not supported`, n);
    }
  };
  let sets: number[][] = [[]];
  for (const g of items) {
    const e = expand(g);
    if (sets.length * e.length > MAX_SETS)
      throw t.error('54001', `too many grouping sets present (maximum ${MAX_SETS})`, g);
    sets = sets.flatMap((a) => e.map((b) => [...new Set([...a, ...b])]));
  }
  if (s.groupDistinct) {
    // GROUP BY DISTINCT: duplicate sets (as sets of expressions) are removed.
    const seen = new Set<string>();
    sets = sets.filter((x) => {
      const k = [...x].sort((a, b) => a - b).join(',');
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  }
  return { leaves, sets };
}

/**
 * A grouping expression of an arm: an input expression first, else an output column by position or alias
 * (PG's GROUP BY rules); `ctx` is the FROM scope without aggregates.
 */
export function groupingLeaf(ctx: ExprCtx, g: Node, targets: Node[]): Expr {
  const target = (i: number) => expr(ctx, targets[i].ResTarget.val);
  const ival = g.A_Const?.ival;
  if (ival !== undefined) {
    const k = ival.ival ?? 0;
    if (k < 1 || k > targets.length) throw ctx.t.error('42P10', `GROUP BY position ${k} is not in select list`, g);
    return target(k - 1);
  }
  const f = g.ColumnRef?.fields;
  if (f?.length === 1 && f[0].String) {
    try {
      return expr(ctx, g);
    } catch (e) {
      const i = targets.findIndex((rt) => rt.ResTarget.name === str(f[0]));
      if (i < 0) throw e;
      return target(i);
    }
  }
  return expr(ctx, g);
}

/** The GROUP BY context of the grouping set `set` (leaf indexes) over the translated `leaves`. */
export function groupingCtx(leaves: Expr[], set: number[]): GroupingCtx {
  const grouped = new Set(set.map((i) => leaves[i].sql));
  const nulled = new Set(leaves.map((l) => l.sql).filter((sql) => !grouped.has(sql)));
  return {
    nulled,
    func(ctx: ExprCtx, n: Node): Expr {
      const argCtx: ExprCtx = { ...ctx, aggs: false, grouping: undefined, clause: 'GROUPING' };
      const args: Node[] = n.args;
      if (args.length > 31) throw ctx.t.error('54023', 'GROUPING must have fewer than 32 arguments', args[31] ?? n);
      let mask = 0;
      for (const a of args) {
        const sql = expr(argCtx, a).sql;
        if (!leaves.some((l) => l.sql === sql))
          throw ctx.t.error(
            '42803',
            'arguments to GROUPING must be grouping expressions of the associated query level',
            a,
          );
        mask = mask * 2 + (grouped.has(sql) ? 0 : 1);
      }
      return { sql: String(mask), type: OID.int4, typmod: -1, name: 'grouping' };
    },
  };
}

const noTail = { sortClause: undefined, limitCount: undefined, limitOffset: undefined, limitOption: undefined };

/**
 * The query `s` over the grouping sets of `plan`: `arm(s2, set)` prepares `s2` (no ORDER BY/LIMIT) as one
 * GROUP BY query of grouping set `set`.
 */
export function prepareGroupingSets(
  t: Translator,
  s: Node,
  parent: Scope | undefined,
  plan: GroupingSetsPlan,
  arm: (s2: Node, set: number[]) => Prepared,
): Prepared {
  if (s.distinctClause)
    throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, 'SELECT DISTINCT with grouping sets is not supported yet', s);
  if ([s.targetList, s.havingClause, s.sortClause].some((x) => x && JSON.stringify(x).includes('"over":')))
    throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, 'window functions with grouping sets are not supported yet', s);
  const first = arm({ ...s, ...noTail }, plan.sets[0]);
  const names = first.names;
  // ORDER BY items that are not output columns are computed by each arm as hidden columns.
  const targets: Node[] = [...s.targetList];
  const sortClause = (s.sortClause ?? []).map((sb0: Node) => {
    const sb = sb0.SortBy;
    const node = sb.node;
    const f = node.ColumnRef?.fields;
    let pos: number;
    if (node.A_Const?.ival !== undefined) pos = node.A_Const.ival.ival ?? 0;
    else if (f?.length === 1 && f[0].String && names.filter((n) => n === str(f[0])).length === 1)
      pos = names.indexOf(str(f[0])) + 1;
    else {
      targets.push({ ResTarget: { val: node, location: -1 } });
      pos = targets.length;
    }
    return { SortBy: { ...sb, node: { A_Const: { ival: { ival: pos }, location: node.A_Const?.location ?? -1 } } } };
  });
  const arms = plan.sets.map((set) => arm({ ...s, ...noTail, targetList: targets }, set));
  const all = arms[0].cols;
  const inner = all.map((_, i) => `?g${i}`);
  const tail = selectTail(t, { ...s, sortClause }, { t, scope: new Scope(parent), aggs: false }, all, [
    ...names,
    ...inner.slice(names.length),
  ]);
  return {
    cols: all.slice(0, names.length),
    names,
    hasTail: tail.has,
    render: (final, aliases) => {
      const armFinal = [
        ...final,
        ...all.slice(names.length).map((c) => ({ type: c.type === OID.unknown ? OID.text : c.type, typmod: c.typmod })),
      ];
      const body = arms.map((a) => a.render(armFinal, inner)).join(' UNION ALL ');
      const list = aliases.map((a, i) => `${quoteIdent(inner[i])} AS ${quoteIdent(a)}`).join(', ');
      const items = armFinal.map((f, i) => ({ sql: quoteIdent(inner[i]), ...f }));
      if (tail.ties) return tail.ties.wrap(`SELECT ${list}${tail.ties.columns(items)} FROM (${body})`, aliases);
      return `SELECT ${list} FROM (${body})${tail.render(items)}`;
    },
  };
}
