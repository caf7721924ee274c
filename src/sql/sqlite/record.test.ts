import { beforeAll, describe, expect, it } from 'vitest';
import { OID } from '../../../protocol/types/oids.js';
import { recordSql, recordTypmod } from './record.js';
import { quoteRecordField, splitJsonArray } from './record-io.js';
import { TestDb } from './testkit.js';

let d: TestDb;
beforeAll(async () => {
  d = await TestDb.create();
  d.run('CREATE TABLE rt (a int, b text, c bytea, e numeric, f bool, g int[], h date)');
  d.run(
    `INSERT INTO rt VALUES (1, 'x y', '\\x0102', 2.50, true, '{1,2}', '2024-01-02'), (2, NULL, '', NULL, false, NULL, NULL)`,
  );
});

const one = (sql: string) => d.run(sql).rows[0][0];

describe('record_out', () => {
  it('quotes fields like PG', () => {
    expect(quoteRecordField('')).toBe('""');
    expect(quoteRecordField('abc')).toBe('abc');
    expect(quoteRecordField('a b')).toBe('"a b"');
    expect(quoteRecordField('x"y\\z')).toBe('"x""y\\\\z"');
    expect(quoteRecordField('(,)')).toBe('"(,)"');
    expect(one(`SELECT ROW(NULL, '', 'a b', 'x"y', 'p\\q', '(', ',')`)).toBe('(,"","a b","x""y","p\\\\q","(",",")');
  });

  it('prints nested records, typed fields, whole rows with the table row type', () => {
    expect(one(`SELECT ROW(1, ROW(2, 'z'))`)).toBe('(1,"(2,z)")');
    const r = d.run('SELECT rt FROM rt ORDER BY a');
    expect(r.names).toEqual(['rt']);
    expect(r.types[0]).not.toBe(OID.record); // the table's row type
    expect(r.rows.map((x) => x[0])).toEqual(['(1,"x y","\\\\x0102",2.50,t,"{1,2}",2024-01-02)', '(2,,"\\\\x",,f,,)']);
    expect(d.run('SELECT s FROM (SELECT a FROM rt) s ORDER BY a').types).toEqual([OID.record]);
  });

  it('selects fields back in their types', () => {
    const r = d.run(`SELECT (r).f1 + 1, (r).f2, (r).f3 FROM (SELECT ROW(41, 'x'::text, '\\xff'::bytea) AS r) s`);
    expect(r.types).toEqual([OID.int4, OID.text, OID.bytea]);
    expect(r.rows[0]).toEqual(['42', 'x', '\\xff']);
  });

  it('keeps int8 fields exact', () => {
    expect(splitJsonArray('[9223372036854775807,1.5,"a",[1,2],null]')).toEqual([
      9223372036854775807n,
      1.5,
      'a',
      '[1,2]',
      null,
    ]);
    expect(one('SELECT ROW(9223372036854775807, 1e300::float8)')).toBe('(9223372036854775807,1e+300)');
  });
});

describe('records in json functions and comparisons', () => {
  it('row_to_json / to_jsonb / json_agg of whole rows', () => {
    expect(one('SELECT row_to_json(rt) FROM rt WHERE a = 1')).toBe(
      '{"a":1,"b":"x y","c":"\\\\x0102","e":2.50,"f":true,"g":[1,2],"h":"2024-01-02"}',
    );
    expect(one(`SELECT to_jsonb(ROW(1, ROW(2, 'x')))`)).toBe('{"f1": 1, "f2": {"f1": 2, "f2": "x"}}');
    expect(one('SELECT json_agg(s ORDER BY a) FROM (SELECT a, f FROM rt) s')).toBe(
      '[{"a":1,"f":true}, \n {"a":2,"f":false}]',
    );
  });

  it('counts, groups and orders rows by value', () => {
    expect(one('SELECT count(DISTINCT (f, f)) FROM rt')).toBe('2');
    const r = d.run('SELECT a FROM rt ORDER BY (b, a) DESC');
    // NULL fields sort after values (btrecordcmp).
    expect(r.rows.map((x) => x[0])).toEqual(['2', '1']);
  });
});

describe('binary output', () => {
  it('record_send: field count, then oid, length and bytes of each field', () => {
    const fields = [
      { name: 'f1', type: OID.int4, typmod: -1 },
      { name: 'f2', type: OID.text, typmod: -1 },
      { name: 'f3', type: OID.int4, typmod: -1 },
    ];
    const desc = JSON.stringify({ o: OID.record, f: fields.map((f) => [f.name, f.type]) });
    recordTypmod(fields);
    const sql = `SELECT lumos_record_send(?, ${recordSql(fields, ['1', "'a'", 'NULL'])}, NULL) AS b`;
    const b = (d.db.prepare(sql).get(desc) as { b: Buffer }).b;
    // PG: SELECT record_send(ROW(1, 'a'::text, NULL::int))
    expect(b.toString('hex')).toBe('0000000300000017000000040000000100000019000000016100000017ffffffff');
  });
});

describe('arrays of records', () => {
  it('array_send names the record type as element type', () => {
    const desc = JSON.stringify({
      a: {
        o: OID.record,
        f: [
          ['f1', OID.int4],
          ['f2', OID.text],
        ],
      },
    });
    const sql = `SELECT lumos_record_send(?, json_array(json_array(1, 'a') || '', NULL), NULL) AS b`;
    const b = (d.db.prepare(sql).get(desc) as { b: Buffer }).b;
    // PG: SELECT array_send(ARRAY[ROW(1, 'a'::text), NULL])
    expect(b.toString('hex')).toBe(
      '0000000100000001000008c900000002000000010000001900000002000000170000000400000001000000190000000161ffffffff',
    );
  });

  it('builds, aggregates, subscripts and types record[] values', () => {
    expect(one(`SELECT ARRAY[ROW(1, 'a b'), NULL, ROW(NULL, '')]`)).toBe('{"(1,\\"a b\\")",NULL,"(,\\"\\")"}');
    expect(one('SELECT array_agg(rt ORDER BY a DESC) FROM rt')).toBe(
      '{"(2,,\\"\\\\\\\\x\\",,f,,)","(1,\\"x y\\",\\"\\\\\\\\x0102\\",2.50,t,\\"{1,2}\\",2024-01-02)"}',
    );
    expect(one('SELECT (array_agg(ROW(a, f) ORDER BY a))[2] FROM rt')).toBe('(2,f)');
    expect(one('SELECT cardinality(ARRAY(SELECT ROW(a) FROM rt))')).toBe('2');
    expect(one('SELECT pg_typeof(array_agg(rt)) FROM rt')).toBe('rt[]');
  });

  it('refuses records of different field types where PG compares them', () => {
    expect(() => d.run('SELECT ROW(1, 2) UNION SELECT ROW(1.5, 2)')).toThrow(/dissimilar column types/);
    expect(() => d.run('SELECT max(rt) FROM rt')).toThrow(/does not exist/);
    expect(one(`SELECT ROW(1, NULL) UNION ALL SELECT ROW(2, 'b') ORDER BY 1 LIMIT 1`)).toBe('(1,)');
  });

  it('orders records with interval, jsonb and array fields like PG', () => {
    const r = d.run(
      `SELECT r FROM (VALUES (ROW(interval '1 day', '{"a":1}'::jsonb, ARRAY[2])), (ROW(interval '23 hours', '[]'::jsonb, ARRAY[1])), (ROW(interval '1 day', '{"a":1}'::jsonb, ARRAY[1, 5]))) v(r) ORDER BY r`,
    );
    expect(r.rows.map((x) => x[0])).toEqual([
      '(23:00:00,[],{1})',
      '("1 day","{""a"": 1}","{1,5}")',
      '("1 day","{""a"": 1}",{2})',
    ]);
  });

  it('prints records in text contexts', () => {
    expect(one(`SELECT 'x' || ROW(1, 'a b') || concat(ROW(2), format('%s', ROW(3, NULL)))`)).toBe('x(1,"a b")(2)(3,)');
  });
});

describe('SEARCH and CYCLE', () => {
  it('prints the added columns like PG', () => {
    const cte = `WITH RECURSIVE t(a, s) AS (SELECT 1, 'x' UNION ALL SELECT a + 1, s || 'y' FROM t WHERE a < 3)`;
    expect(d.run(`${cte} SEARCH DEPTH FIRST BY a, s SET o SELECT o FROM t ORDER BY o DESC`).rows[0][0]).toBe(
      '{"(1,x)","(2,xy)","(3,xyy)"}',
    );
    expect(d.run(`${cte} SEARCH BREADTH FIRST BY a SET o SELECT o FROM t ORDER BY o`).rows.map((x) => x[0])).toEqual([
      '(0,1)',
      '(1,2)',
      '(2,3)',
    ]);
    const c = d.run(
      'WITH RECURSIVE t(a) AS (SELECT 1 UNION ALL SELECT (a + 1) % 3 FROM t) CYCLE a SET c USING p SELECT * FROM t',
    );
    expect(c.types).toEqual([OID.int4, OID.bool, OID._record]);
    expect(c.rows).toEqual([
      ['1', 'f', '{(1)}'],
      ['2', 'f', '{(1),(2)}'],
      ['0', 'f', '{(1),(2),(0)}'],
      ['1', 't', '{(1),(2),(0),(1)}'],
    ]);
  });
});
