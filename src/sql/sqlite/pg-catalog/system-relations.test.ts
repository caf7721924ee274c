/**
 * The pg_class / pg_attribute rows of the system relations (generated from PG 15) must describe what Lumos's
 * relations really return, and every relation Lumos implements must be listed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { TestDb } from '../testkit.js';
import { PG_CATALOG_NSP } from './model.js';
import { RELATIONS } from './relations.js';
import { SYSTEM_CLASS_ROWS } from './system-relations-data.js';
import { INFORMATION_SCHEMA, PG_VIEWS } from './views.js';

let d: TestDb;
beforeAll(async () => {
  d = await TestDb.create();
});

const nspName = (oid: unknown) => (oid === PG_CATALOG_NSP ? 'pg_catalog' : 'information_schema');
const listed = SYSTEM_CLASS_ROWS.map((r) => `${nspName(r[2])}.${r[1]}`);

describe('system relations in pg_class / pg_attribute', () => {
  it('lists every relation Lumos implements (rerun compat/gen-system-relations.ts after adding one)', () => {
    const implemented = [
      ...Object.keys(RELATIONS).map((n) => `pg_catalog.${n}`),
      ...Object.keys(PG_VIEWS).map((n) => `pg_catalog.${n}`),
      ...Object.keys(INFORMATION_SCHEMA).map((n) => `information_schema.${n}`),
    ].sort();
    expect([...listed].sort()).toEqual(implemented);
  });

  it.each(listed)('SELECT * FROM %s returns the columns pg_attribute lists', (rel) => {
    const [schema, name] = rel.split('.');
    // Base types as RowDescription sends them for information_schema's domain-typed columns.
    const attrs = d.run(
      `SELECT a.attname, CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE a.atttypid END, a.attnum
       FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
       WHERE n.nspname = '${schema}' AND c.relname = '${name}' AND a.attnum > 0 ORDER BY a.attnum`,
    ).rows;
    const r = d.run(`SELECT * FROM ${schema}.${name} LIMIT 0`);
    expect(r.names).toEqual(attrs.map((a) => a[0]));
    expect(r.types).toEqual(attrs.map((a) => Number(a[1])));
    const oid = Number(d.run(`SELECT '${schema}.${name}'::regclass::oid`).rows[0][0]);
    expect(r.tr.columns?.map((c) => [c.tableOid, c.attnum])).toEqual(attrs.map((a) => [oid, Number(a[2])]));
  });

  it('gives catalog tables and views their PG 15 OIDs, kinds and namespaces', () => {
    expect(
      d.q(
        `SELECT c.oid, c.relname, c.relkind, c.relnamespace, c.reltype, c.relnatts FROM pg_catalog.pg_class c
         WHERE c.relname IN ('pg_class', 'pg_attribute', 'pg_type', 'pg_proc', 'pg_namespace', 'pg_tables', 'tables')
         ORDER BY c.oid`,
      ),
    ).toEqual([
      '1247|pg_type|r|11|71|32',
      '1249|pg_attribute|r|11|75|26',
      '1255|pg_proc|r|11|81|30',
      '1259|pg_class|r|11|83|33',
      '2615|pg_namespace|r|11|10047|4',
      '12033|pg_tables|v|11|12035|8',
      '13425|tables|v|13207|13427|12',
    ]);
  });

  it('gives direct column references the relation OID and attnum, not expressions over them', () => {
    const r = d.run(
      'SELECT c.relname, c.oid + 0 AS o, t.table_name FROM pg_class c, information_schema.tables t LIMIT 0',
    );
    expect(r.tr.columns?.map((c) => [c.tableOid, c.attnum, c.typmod])).toEqual([
      [1259, 2, -1],
      [0, 0, -1],
      [13425, 3, -1],
    ]);
    // yes_or_no is varchar(3): RowDescription carries the domain's typmod, as PG sends it.
    const yn = d.run('SELECT is_insertable_into FROM information_schema.tables LIMIT 0');
    expect(yn.tr.columns?.map((c) => [c.typeOid, c.typmod])).toEqual([[1043, 7]]);
  });
});
