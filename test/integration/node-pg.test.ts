/** node-postgres against a real Lumos: parameters, prepared statements, cursors, binary results, errors. */
import pg from 'pg';
import Cursor from 'pg-cursor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLumos, type TestLumos } from '../helpers/lumos.js';

let lumos: TestLumos;
let client: pg.Client;

beforeAll(async () => {
  lumos = await startLumos();
  client = await lumos.client();
  await client.query(`CREATE TABLE items (
    id integer PRIMARY KEY,
    name text NOT NULL,
    price numeric(10,2),
    qty int8,
    ratio float8,
    active boolean,
    born date,
    seen timestamptz,
    tags text[],
    doc jsonb,
    uid uuid,
    raw bytea
  )`);
});

afterAll(async () => {
  await lumos?.close();
});

describe('node-pg', () => {
  it('runs parameterised inserts and selects with PG types', async () => {
    const ins = await client.query(
      'INSERT INTO items (id, name, price, qty, ratio, active, born, seen, tags, doc, uid, raw) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)',
      [
        1,
        'widget',
        '12.50',
        '9007199254740993',
        0.25,
        true,
        '2024-02-29',
        new Date('2024-03-01T12:34:56.789Z'),
        ['a', 'b c'],
        { k: [1, 2] },
        'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11',
        Buffer.from([0xde, 0xad]),
      ],
    );
    expect(ins.command).toBe('INSERT');
    expect(ins.rowCount).toBe(1);
    const r = await client.query('SELECT * FROM items WHERE id = $1', [1]);
    expect(r.rows).toHaveLength(1);
    const row = r.rows[0];
    expect(row.name).toBe('widget');
    expect(row.price).toBe('12.50');
    expect(row.qty).toBe('9007199254740993');
    expect(row.ratio).toBe(0.25);
    expect(row.active).toBe(true);
    expect(row.seen.toISOString()).toBe('2024-03-01T12:34:56.789Z');
    expect(row.tags).toEqual(['a', 'b c']);
    expect(row.doc).toEqual({ k: [1, 2] });
    expect(row.uid).toBe('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11');
    expect(row.raw).toEqual(Buffer.from([0xde, 0xad]));
    expect(r.fields.map((f) => f.dataTypeID)).toEqual([23, 25, 1700, 20, 701, 16, 1082, 1184, 1009, 3802, 2950, 17]);
  });

  it('reuses named prepared statements', async () => {
    for (let i = 2; i <= 20; i++) {
      await client.query({ name: 'ins', text: 'INSERT INTO items (id, name) VALUES ($1, $2)', values: [i, `n${i}`] });
    }
    const r = await client.query({ name: 'get', text: 'SELECT name FROM items WHERE id = $1', values: [7] });
    expect(r.rows).toEqual([{ name: 'n7' }]);
    const again = await client.query({ name: 'get', text: 'SELECT name FROM items WHERE id = $1', values: [8] });
    expect(again.rows).toEqual([{ name: 'n8' }]);
    const count = await client.query('SELECT count(*) FROM items');
    expect(count.rows).toEqual([{ count: '20' }]);
    expect(count.fields[0].dataTypeID).toBe(20);
  });

  it('streams 10,000 rows with pg-cursor', async () => {
    await client.query('CREATE TABLE big (n int PRIMARY KEY, s text)');
    await client.query('BEGIN');
    for (let i = 0; i < 10_000; i += 1000) {
      const values: string[] = [];
      for (let j = i; j < i + 1000; j++) values.push(`(${j}, 'row ${j}')`);
      await client.query(`INSERT INTO big VALUES ${values.join(',')}`);
    }
    await client.query('COMMIT');
    const cursor = client.query(new Cursor('SELECT n, s FROM big ORDER BY n'));
    let seen = 0;
    for (;;) {
      const rows = await cursor.read(500);
      if (rows.length === 0) break;
      for (const r of rows) {
        expect(r.n).toBe(seen);
        seen++;
      }
    }
    await cursor.close();
    expect(seen).toBe(10_000);
  });

  it('returns binary-format results through a type parser', async () => {
    const types = {
      getTypeParser: (oid: number, format?: string) => {
        if (format === 'binary') return (b: Buffer) => ({ oid, hex: b.toString('hex') });
        return pg.types.getTypeParser(oid);
      },
    };
    // `binary` is a real node-pg query option that its type definitions omit.
    const config = {
      text: 'SELECT id, name, active FROM items WHERE id = $1',
      values: [1],
      binary: true,
      types: types as pg.CustomTypesConfig,
    } as pg.QueryConfig;
    const r = await client.query(config);
    expect(r.rows[0]).toEqual({
      id: { oid: 23, hex: '00000001' },
      name: { oid: 25, hex: Buffer.from('widget').toString('hex') },
      active: { oid: 16, hex: '01' },
    });
  });

  it('reports errors with SQLSTATE codes and stays usable', async () => {
    const cases: [string, string][] = [
      ['SELECT * FROM nope', '42P01'],
      ['SELECT nope FROM items', '42703'],
      ['SELEC 1', '42601'],
      ["INSERT INTO items (id, name) VALUES (1, 'dup')", '23505'],
      ['INSERT INTO items (id) VALUES (99)', '23502'],
      ["SELECT 'abc'::int", '22P02'],
    ];
    for (const [sql, code] of cases) {
      const err = await client.query(sql).catch((e: unknown) => e as pg.DatabaseError);
      expect(err, sql).toBeInstanceOf(Error);
      expect((err as pg.DatabaseError).code, sql).toBe(code);
    }
    const ok = await client.query('SELECT 1 AS one');
    expect(ok.rows).toEqual([{ one: 1 }]);
  });

  it('follows PG transaction rules including the failed state', async () => {
    await client.query('BEGIN');
    await client.query("INSERT INTO items (id, name) VALUES (100, 'in txn')");
    const err = await client.query('SELECT * FROM nope').catch((e: pg.DatabaseError) => e);
    expect((err as pg.DatabaseError).code).toBe('42P01');
    const aborted = await client.query('SELECT 1').catch((e: pg.DatabaseError) => e);
    expect((aborted as pg.DatabaseError).code).toBe('25P02');
    const rb = await client.query('COMMIT');
    expect(rb.command).toBe('ROLLBACK');
    const r = await client.query('SELECT count(*)::int AS n FROM items WHERE id = 100');
    expect(r.rows[0].n).toBe(0);

    await client.query('BEGIN');
    await client.query("INSERT INTO items (id, name) VALUES (101, 'kept')");
    await client.query('SAVEPOINT s1');
    await client.query("INSERT INTO items (id, name) VALUES (102, 'undone')");
    await client.query('ROLLBACK TO SAVEPOINT s1');
    await client.query('COMMIT');
    const kept = await client.query('SELECT id FROM items WHERE id >= 100 ORDER BY id');
    expect(kept.rows).toEqual([{ id: 101 }]);
  });

  it('answers SET/SHOW and session functions', async () => {
    await client.query("SET TimeZone = 'Europe/Paris'");
    const tz = await client.query('SHOW timezone');
    expect(tz.rows).toEqual([{ TimeZone: 'Europe/Paris' }]);
    await client.query('RESET TimeZone');
    const r = await client.query(
      'SELECT version() AS v, current_database() AS d, current_schema() AS s, current_user AS u, pg_backend_pid() AS p',
    );
    expect(r.rows[0].v).toMatch(/^PostgreSQL 15/);
    expect(r.rows[0].d).toBe('lumos');
    expect(r.rows[0].s).toBe('public');
    expect(r.rows[0].u).toBe('postgres');
    expect(r.rows[0].p).toBe((client as unknown as { processID: number }).processID);
    const bad = await client.query('SET no_such_setting = 1').catch((e: pg.DatabaseError) => e);
    expect((bad as pg.DatabaseError).code).toBe('42704');
  });
});

describe('shutdown', () => {
  it('reports enum columns with the type OIDs pg_type lists, in text and binary', async () => {
    await client.query(`DROP TABLE IF EXISTS np_moods; DROP TYPE IF EXISTS np_mood;
      CREATE TYPE np_mood AS ENUM ('sad', 'ok', 'happy');
      CREATE TABLE np_moods (id int, m np_mood, ms np_mood[]);
      INSERT INTO np_moods VALUES (1, 'ok', '{happy,sad}')`);
    const types = await client.query(
      "SELECT t.oid, t.typarray FROM pg_type t WHERE t.typname = 'np_mood' AND t.typtype = 'e'",
    );
    const r = await client.query('SELECT m, ms FROM np_moods WHERE m = $1', ['ok']);
    expect(r.fields.map((f) => f.dataTypeID)).toEqual([types.rows[0].oid, types.rows[0].typarray]);
    expect(r.rows).toEqual([{ m: 'ok', ms: '{happy,sad}' }]);
    // Binary format: the label's bytes (enum_send), as `binary` (omitted from node-pg's types) asks.
    const binary = {
      text: 'SELECT m FROM np_moods WHERE id = $1',
      values: [1],
      binary: true,
      types: { getTypeParser: () => (b: Buffer) => b.toString('hex') } as pg.CustomTypesConfig,
    } as pg.QueryConfig;
    const bin = await client.query(binary);
    expect(bin.rows[0].m).toBe(Buffer.from('ok').toString('hex'));
    // An enum[] in binary (array_send): its header names the enum's OID as the element type, as PG's does.
    const arr = await client.query({ ...binary, text: 'SELECT ms FROM np_moods WHERE id = $1' } as pg.QueryConfig);
    const oid = Number(types.rows[0].oid).toString(16).padStart(8, '0');
    const el = (l: string) => `${l.length.toString(16).padStart(8, '0')}${Buffer.from(l).toString('hex')}`;
    expect(arr.rows[0].ms).toBe(`0000000100000000${oid}0000000200000001${el('happy')}${el('sad')}`);
  });

  it('sends whole rows in RETURNING as record_send in binary, record_out in text', async () => {
    // A parameter makes node-pg use the extended protocol, where `binary` applies.
    const binary = (text: string) =>
      ({
        text,
        values: [1],
        binary: true,
        types: { getTypeParser: () => (b: Buffer) => b.toString('hex') } as pg.CustomTypesConfig,
      }) as pg.QueryConfig;
    // (node-pg decodes DataRow fields as UTF-8, so only checks without bytes above 0x7f are exact here.)
    await client.query('DROP TABLE IF EXISTS np_rec; CREATE TABLE np_rec (a int, b text)');
    // PG: SELECT record_send(ROW(1, 'a'::text))
    const r = await client.query(binary("INSERT INTO np_rec VALUES ($1, 'a') RETURNING np_rec, a"));
    expect(r.rows[0]).toEqual({ np_rec: '00000002000000170000000400000001000000190000000161', a: '00000001' });
    const t = await client.query("UPDATE np_rec SET b = 'b' RETURNING np_rec");
    expect(t.rows[0].np_rec).toBe('(1,b)');
  });

  it('tells connected clients FATAL 57P01 when the server stops', async () => {
    const other = await startLumos();
    const c = new pg.Client(other.pgConfig());
    const errors: pg.DatabaseError[] = [];
    c.on('error', (e) => errors.push(e as pg.DatabaseError));
    await c.connect();
    await other.server.close();
    await new Promise((r) => setTimeout(r, 100));
    expect(errors[0]?.code).toBe('57P01');
    await other.close();
  });
});
