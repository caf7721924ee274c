/**
 * The FROM list of UPDATE and the USING list of DELETE. Their items cannot see the target table, not even a
 * LATERAL subquery or function (PG adds the target to the namespace only after transforming them), so they are
 * translated before the target joins the scope: a reference to the target then fails as a missing entry, and is
 * reported the way PG reports it.
 */
import { PgError, SQLSTATE } from '../../../protocol/errors.js';
import type { TableDef } from '../../catalog/types.js';
import type { Node } from '../parse.js';
import { str } from './translator.js';

const HINT = (alias: string) =>
  `There is an entry for table "${alias}", but it cannot be referenced from this part of the query.`;

/**
 * Column references inside the LATERAL items of `items` (subqueries marked LATERAL, and functions, which PG
 * always treats as LATERAL), as dotted names.
 */
function refsInLateral(items: Node[]): Set<string> {
  const refs = new Set<string>();
  const walk = (x: unknown, lateral: boolean): void => {
    if (!x || typeof x !== 'object') return;
    if (Array.isArray(x)) {
      for (const v of x) walk(v, lateral);
      return;
    }
    const n = x as Node;
    if (n.ColumnRef) {
      if (lateral) refs.add(n.ColumnRef.fields.map((f: Node) => (f.A_Star ? '*' : str(f))).join('.'));
      return;
    }
    for (const v of Object.values(n)) walk(v, lateral || !!n.RangeFunction || !!n.RangeSubselect?.lateral);
  };
  walk(items, false);
  return refs;
}

/**
 * Run `translate` (the FROM/USING items, with the target not in scope). A reference to the target from a
 * LATERAL item is 42P10 (PG's check_lateral_ref_ok), from elsewhere (a JOIN condition, a plain subquery) 42P01,
 * both "invalid reference to FROM-clause entry".
 */
export function withoutTarget<T>(items: Node[], target: { table: TableDef; alias: string }, translate: () => T): T {
  try {
    return translate();
  } catch (e) {
    if (!(e instanceof PgError)) throw e;
    const { table, alias } = target;
    const missingTarget = e.code === SQLSTATE.UNDEFINED_TABLE && e.message.endsWith(`entry for table "${alias}"`);
    const col =
      e.code === SQLSTATE.UNDEFINED_COLUMN ? /^column "(.*)" does not exist$/.exec(e.message)?.[1] : undefined;
    const targetColumn = col !== undefined && table.columns.some((c) => c.name === col);
    if (!missingTarget && !targetColumn) throw e;
    const lateral = refsInLateral(items);
    if (targetColumn && !lateral.has(col as string)) throw e;
    const fromLateral = targetColumn || [...lateral].some((r) => r.startsWith(`${alias}.`));
    throw new PgError(
      fromLateral ? '42P10' : SQLSTATE.UNDEFINED_TABLE,
      `invalid reference to FROM-clause entry for table "${alias}"`,
      { hint: HINT(alias), position: e.position },
    );
  }
}
