/**
 * Functions over PG 15's built-in function and operator catalogs (pg-catalog/procs.ts): pg_get_function_arguments
 * & co., and the SQLite functions behind regproc/regprocedure/regoper/regoperator output and input and the
 * built-in objects' descriptions. Lumos has no user functions, so every pg_proc OID is a built-in's.
 */

import { PgError } from '../../../protocol/errors.js';
import { OID } from '../../../protocol/types/oids.js';
import type { Expr } from './coerce.js';
import { coerce } from './coerce.js';
import { defineScalar, defineSqliteFunctions } from './fn-registry.js';
import { builtinDescription, type FunctionText, functionDef, functionText } from './pg-catalog/procs.js';
import { regProcIn, regProcOut } from './pg-catalog/reg-procs.js';

const TEXTS: Record<string, FunctionText> = {
  pg_get_function_arguments: 'arguments',
  pg_get_function_identity_arguments: 'identity_arguments',
  pg_get_function_result: 'result',
  pg_get_function_sqlbody: 'sqlbody',
};

for (const [name, which] of Object.entries(TEXTS)) {
  defineScalar(name, (ctx, a): Expr | undefined => {
    if (a.length !== 1) return undefined;
    const x = coerce(ctx.t, a[0], OID.oid, -1, 'implicit');
    return { sql: `lumos_function_text(${x.sql}, '${which}')`, type: OID.text, typmod: -1 };
  });
}

defineScalar('pg_get_functiondef', (ctx, a): Expr | undefined => {
  if (a.length !== 1) return undefined;
  const x = coerce(ctx.t, a[0], OID.oid, -1, 'implicit');
  return { sql: `lumos_functiondef(${x.sql})`, type: OID.text, typmod: -1 };
});

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

defineSqliteFunctions((db) => {
  db.function('lumos_function_text', { deterministic: true }, (oid: unknown, which: unknown) => {
    const o = num(oid);
    return o === null ? null : functionText(o, which as FunctionText);
  });
  db.function('lumos_functiondef', { deterministic: true }, (oid: unknown) => {
    const o = num(oid);
    const def = o === null ? null : functionDef(o);
    if (def !== null && typeof def === 'object') throw new PgError('42809', def.error);
    return def;
  });
  db.function('lumos_reg_proc_out', { deterministic: true }, (type: unknown, oid: unknown) => {
    const o = num(oid);
    return o === null ? null : regProcOut(Number(type), o);
  });
  // Text to a function or operator OID at run time: NULL when it names none (to_regproc & co.).
  db.function('lumos_reg_proc_in', { deterministic: true }, (type: unknown, text: unknown) => {
    if (text === null || text === undefined) return null;
    const r = regProcIn(Number(type), String(text));
    return typeof r === 'number' ? r : null;
  });
  db.function('lumos_builtin_description', { deterministic: true }, (oid: unknown, classoid: unknown) => {
    const o = num(oid);
    return o === null ? null : builtinDescription(o, num(classoid));
  });
});
