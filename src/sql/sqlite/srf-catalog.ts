/**
 * Set-returning functions of the system catalogs that drivers call: pg_get_keywords() (pgjdbc's getSQLKeywords)
 * and information_schema._pg_expandarray(anyarray) (pgjdbc's getPrimaryKeys/getIndexInfo, many ORMs), whose
 * (x, n) record is used in the select list with field selection: `(_pg_expandarray(i.indkey)).n`.
 */
import { elementOidOf, isArrayOid, OID } from '../../../protocol/types/oids.js';
import { PG_KEYWORDS } from './pg-catalog/keywords-data.js';
import { defineSetReturning, defineSqliteTable } from './srf.js';

const CATEGORY: Record<string, string> = {
  U: 'unreserved',
  C: 'unreserved (cannot be function or type name)',
  T: 'reserved (can be function or type name)',
  R: 'reserved',
};

/** [word, catcode, barelabel (0/1), catdesc, baredesc] in PG's (ASCII) keyword order. */
const KEYWORD_ROWS: unknown[][] = PG_KEYWORDS.split(' ')
  .sort()
  .map((k) => {
    const [word, code] = k.split(':');
    const bare = !code.endsWith('-');
    return [word, code[0], bare ? 1 : 0, CATEGORY[code[0]], bare ? 'can be bare label' : 'requires AS'];
  });

defineSqliteTable('lumos_pg_keywords', {
  columns: ['word', 'catcode', 'barelabel', 'catdesc', 'baredesc'],
  parameters: [],
  rows: () => KEYWORD_ROWS,
});

defineSetReturning('pg_get_keywords', (_ctx, args) => {
  if (args.length !== 0) return undefined;
  return {
    table: 'lumos_pg_keywords',
    args: [],
    columns: [
      { name: 'word', type: OID.text, typmod: -1 },
      { name: 'catcode', type: OID.char, typmod: -1 },
      { name: 'barelabel', type: OID.bool, typmod: -1 },
      { name: 'catdesc', type: OID.text, typmod: -1 },
      { name: 'baredesc', type: OID.text, typmod: -1 },
    ],
    scalar: false,
  };
});

defineSqliteTable('lumos_expandarray', {
  columns: ['x', 'n'],
  parameters: ['arr', 'integral'],
  *rows(arr, integral) {
    if (arr === null || arr === undefined) return;
    // Arrays are stored as JSON (storage.ts); PG's n counts from 1 whatever the lower bound. Integers go back
    // to SQLite as BigInt: a JS number would become a REAL.
    const a = JSON.parse(String(arr)) as unknown[];
    const int = (v: unknown) => (integral && typeof v === 'number' && Number.isInteger(v) ? BigInt(v) : v);
    for (let i = 0; i < a.length; i++) {
      const e = a[i];
      yield [typeof e === 'boolean' ? (e ? 1 : 0) : Array.isArray(e) ? null : int(e), BigInt(i + 1)];
    }
  },
});

const INTEGRAL = new Set<number>([OID.int2, OID.int4, OID.int8, OID.oid]);

defineSetReturning('_pg_expandarray', (_ctx, args) => {
  if (args.length !== 1 || !isArrayOid(args[0].type)) return undefined;
  return {
    table: 'lumos_expandarray',
    args: [args[0].sql, INTEGRAL.has(elementOidOf(args[0].type)) ? '1' : '0'],
    columns: [
      { name: 'x', type: elementOidOf(args[0].type), typmod: -1 },
      { name: 'n', type: OID.int4, typmod: -1 },
    ],
    scalar: false,
  };
});
