import { describe, expect, it } from 'vitest';
import { OID } from '../../../../protocol/types/oids.js';
import { PG_TYPES } from './pg-type-data.js';
import { builtinProcOid, functionDef, procIndex } from './procs.js';
import { regProcIn, regProcOut } from './reg-procs.js';

describe('built-in pg_proc / pg_operator', () => {
  it('every function and operator reads back from its regprocedure / regoperator text', () => {
    const { procs, operators } = procIndex();
    expect(procs.length).toBe(3245);
    for (const p of procs)
      expect([p.oid, regProcIn(OID.regprocedure, regProcOut(OID.regprocedure, p.oid))]).toEqual([p.oid, p.oid]);
    for (const o of operators)
      expect([o.oid, regProcIn(OID.regoperator, regProcOut(OID.regoperator, o.oid))]).toEqual([o.oid, o.oid]);
  });

  it('resolves the regproc names of pg_type to pg_proc rows', () => {
    for (const r of PG_TYPES) {
      for (const name of [r[9], r[12], r[13], r[14], r[15], r[16], r[17], r[18]]) {
        const oid = builtinProcOid(name);
        expect(name === '-' ? oid === 0 : procIndex().procByOid.get(oid)?.name === name).toBe(true);
      }
    }
  });

  it('reports ambiguous and unknown names as PG does', () => {
    expect(regProcIn(OID.regproc, 'lower')).toEqual({ code: '42725', message: 'more than one function named "lower"' });
    expect(regProcIn(OID.regproc, 'no_such')).toEqual({ code: '42883', message: 'function "no_such" does not exist' });
    expect(regProcIn(OID.regoper, '||')).toEqual({ code: '42725', message: 'more than one operator named ||' });
    expect(regProcOut(OID.regproc, 2147)).toBe('pg_catalog.count');
    expect(regProcOut(OID.regoper, 0)).toBe('0');
    expect(functionDef(2147)).toEqual({ error: '"count" is an aggregate function' });
  });
});
