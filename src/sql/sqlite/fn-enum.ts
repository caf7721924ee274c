/**
 * Enum support functions (enum_first, enum_last, enum_range) and the SQLite functions that check labels at
 * run time (lumos_enum_in, lumos_enum_array_in; see enum-core.ts for the storage and ordering of enums).
 */
import type { EnumTypeDef } from '../../catalog/types.js';
import type { Node } from '../parse.js';
import { coerce, type Expr } from './coerce.js';
import { checkSafeEnumUse, enumArrayIn, enumIn, enumInTxn, enumOf, enumSortKey } from './enum-core.js';
import type { ExprCtx } from './expr.js';
import { defineScalar, defineSqliteFunctions } from './fn-registry.js';
import { mk } from './fn-util.js';
import { quoteString } from './storage.js';

/** The enum type of a polymorphic anyenum argument (undefined when it is not an enum: no such function). */
function anyenum(ctx: ExprCtx, a: Expr): EnumTypeDef | undefined {
  return enumOf(ctx.t, a.type);
}

const labelArray = (def: EnumTypeDef) => quoteString(JSON.stringify(def.labels.map((l) => l.label)));

/** Keep an aggregate argument in the SQL so the query still aggregates (the value itself is unused). */
const keep = (a: Expr, sql: string) => (a.agg ? `CASE WHEN ${a.sql} IS NULL THEN ${sql} ELSE ${sql} END` : sql);

for (const [name, pick] of [
  ['enum_first', (d: EnumTypeDef) => d.labels[0]],
  ['enum_last', (d: EnumTypeDef) => d.labels[d.labels.length - 1]],
] as const) {
  defineScalar(name, (ctx, a) => {
    const def = a.length === 1 ? anyenum(ctx, a[0]) : undefined;
    if (!def) return undefined;
    const label = pick(def);
    if (label) checkSafeEnumUse(ctx.t, def, label.label);
    return mk(keep(a[0], label ? quoteString(label.label) : 'NULL'), def.oid);
  });
}

defineScalar('enum_range', (ctx, a, n: Node) => {
  if (a.length === 1) {
    const def = anyenum(ctx, a[0]);
    if (!def) return undefined;
    // PG checks every label it returns; the whole range holds any new one.
    for (const l of def.labels) checkSafeEnumUse(ctx.t, def, l.label, n);
    return mk(keep(a[0], labelArray(def)), def.arrayOid);
  }
  if (a.length !== 2) return undefined;
  // enum_range(anyenum, anyenum): an untyped side takes the other's type; NULL bounds mean first/last.
  const type = a[0].type >= 16384 ? a[0].type : a[1].type;
  const def = enumOf(ctx.t, type);
  if (!def) return undefined;
  const [lo, hi] = a.map((x) => coerce(ctx.t, x, type, -1, 'implicit', n));
  if (lo.type !== type || hi.type !== type) return undefined;
  const from = `coalesce(${enumSortKey(def, lo.sql)}, 0)`;
  const to = `coalesce(${enumSortKey(def, hi.sql)}, ${def.labels.length - 1})`;
  return {
    sql: `(SELECT json_group_array(value) FROM json_each(${labelArray(def)}) WHERE key BETWEEN ${from} AND ${to})`,
    type: def.arrayOid,
    typmod: -1,
    agg: lo.agg || hi.agg,
  };
});

defineSqliteFunctions((db) => {
  db.function('lumos_enum_in', { deterministic: true }, enumIn);
  db.function('lumos_enum_array_in', { deterministic: true }, enumArrayIn);
  db.function('lumos_enum_in_txn', { deterministic: true }, enumInTxn(false));
  db.function('lumos_enum_array_in_txn', { deterministic: true }, enumInTxn(true));
});
