/** PG's comparison functions over "any" arguments: num_nulls and num_nonnulls (also with VARIADIC arrays). */
import { isArrayOid, OID } from '../../../protocol/types/oids.js';
import { defineScalar, defineSqliteFunctions } from './fn-registry.js';
import { isNull, mk, type V } from './fn-util.js';

function* leaves(a: unknown[]): Generator<unknown> {
  for (const e of a) {
    if (Array.isArray(e)) yield* leaves(e);
    else yield e;
  }
}

for (const name of ['num_nulls', 'num_nonnulls']) {
  const nulls = name === 'num_nulls';
  defineScalar(name, (_ctx, a, n) => {
    if (!a.length) return undefined;
    // VARIADIC array: counts the elements (all dimensions); a NULL array gives NULL.
    if (n.func_variadic) {
      if (a.length !== 1 || !isArrayOid(a[0].type)) return undefined;
      return mk(`lumos_array_nulls(${a[0].sql}, ${nulls ? 1 : 0})`, OID.int4);
    }
    return mk(`(${a.map((e) => `((${e.sql}) IS ${nulls ? '' : 'NOT '}NULL)`).join(' + ')})`, OID.int4);
  });
}

defineSqliteFunctions((db) => {
  db.function('lumos_array_nulls', { deterministic: true }, (arr: V, nulls: V) => {
    if (isNull(arr)) return null;
    let k = 0;
    for (const e of leaves(JSON.parse(String(arr)) as unknown[])) if ((e === null) === Boolean(nulls)) k++;
    return k;
  });
});
