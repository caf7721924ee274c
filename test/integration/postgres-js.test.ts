/**
 * postgres.js (the `postgres` package, 3.x) against a real Lumos: extended protocol with named prepared statements,
 * tagged-template parameters, sql.begin transactions, errors and PG types.
 *
 * postgres.js discovers array types at connect time with a pg_catalog.pg_type query (fetch_types). When that query
 * fails (pg_catalog is a later issue), the suite falls back to `fetch_types: false` and says so.
 */
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLumos, type TestLumos } from '../helpers/lumos.js';

let lumos: TestLumos;
let sql: postgres.Sql;
let typeDiscovery = true;
let typeDiscoveryError: string | undefined;

function connect(options: postgres.Options<Record<string, postgres.PostgresType>> = {}): postgres.Sql {
  return postgres({
    host: '127.0.0.1',
    port: lumos.port,
    user: 'postgres',
    database: 'lumos',
    max: 4,
    idle_timeout: 5,
    connect_timeout: 10,
    onnotice: () => {},
    ...options,
  });
}

/** The query postgres.js runs at connect time when fetch_types is on (src/connection.js, fetchArrayTypes). */
const TYPE_DISCOVERY_QUERY = `
      select b.oid, b.typarray
      from pg_catalog.pg_type a
      left join pg_catalog.pg_type b on b.oid = a.typelem
      where a.typcategory = 'A'
      group by b.oid, b.typarray
      order by b.oid
    `;

beforeAll(async () => {
  lumos = await startLumos();
  // postgres.js does not handle a failure of its own type discovery (an unhandled rejection), so the query it
  // would send is tried first on a connection without discovery; the default options are used when it works.
  const probe = connect({ fetch_types: false, max: 1 });
  try {
    await probe.unsafe(TYPE_DISCOVERY_QUERY);
  } catch (e) {
    typeDiscovery = false;
    typeDiscoveryError = `${(e as postgres.PostgresError).code ?? ''} ${(e as Error).message}`.trim();
    console.warn(`postgres.js type discovery would fail (${typeDiscoveryError}); using fetch_types: false`);
  } finally {
    await probe.end({ timeout: 1 });
  }
  sql = typeDiscovery ? connect() : connect({ fetch_types: false });
  await sql`CREATE TABLE pj (
    id int8 PRIMARY KEY,
    name text NOT NULL,
    price numeric(10,2),
    ratio float8,
    active boolean,
    born date,
    seen timestamptz,
    doc jsonb,
    raw bytea
  )`;
});

afterAll(async () => {
  await sql?.end({ timeout: 2 });
  await lumos?.close();
});

describe('postgres.js', () => {
  it('connects with default options (type discovery through pg_catalog)', async () => {
    expect(typeDiscoveryError).toBeUndefined();
    expect(typeDiscovery).toBe(true);
    const [r] = await sql`SELECT ${'default'}::text AS mode`;
    expect(r.mode).toBe('default');
  });

  it('runs tagged-template queries with parameters', async () => {
    const n = 41;
    const s = 'hello';
    const rows =
      await sql`SELECT ${n}::int + 1 AS answer, ${s}::text || ' world' AS greeting, ${null}::text AS nothing`;
    expect(rows.length).toBe(1);
    expect(rows[0]).toEqual({ answer: 42, greeting: 'hello world', nothing: null });
    expect(rows.count).toBe(1);
    expect(rows.command).toBe('SELECT');
    expect(rows.columns.map((c) => c.type)).toEqual([23, 25, 25]);
  });

  it('inserts with parameters and reads the values back with their PG types', async () => {
    const seen = new Date('2024-03-01T12:34:56.789Z');
    const res = await sql`
      INSERT INTO pj (id, name, price, ratio, active, born, seen, doc, raw)
      VALUES (${1}, ${'widget'}, ${'12.50'}, ${0.25}, ${true}, ${'2024-02-29'}, ${seen},
              ${sql.json({ k: [1, 2], s: 'x' })}, ${Buffer.from([0xde, 0xad, 0xbe, 0xef])})
      RETURNING id`;
    expect(res.count).toBe(1);
    expect(res.command).toBe('INSERT');
    expect(res[0]).toEqual({ id: '1' });

    const [row] = await sql`SELECT * FROM pj WHERE id = ${1}`;
    expect(row.id).toBe('1');
    expect(row.name).toBe('widget');
    expect(row.price).toBe('12.50');
    expect(row.ratio).toBe(0.25);
    expect(row.active).toBe(true);
    expect(row.born).toBeInstanceOf(Date);
    expect(row.seen).toBeInstanceOf(Date);
    expect((row.seen as Date).toISOString()).toBe('2024-03-01T12:34:56.789Z');
    expect(row.doc).toEqual({ k: [1, 2], s: 'x' });
    expect(row.raw).toEqual(Buffer.from([0xde, 0xad, 0xbe, 0xef]));
  });

  it('inserts several rows with the sql(objects) helper and filters with sql(array)', async () => {
    const people = [
      { id: 10, name: 'ada', active: true },
      { id: 11, name: 'alan', active: false },
      { id: 12, name: 'grace', active: true },
    ];
    const res = await sql`INSERT INTO pj ${sql(people, 'id', 'name', 'active')}`;
    expect(res.count).toBe(3);
    const rows = await sql`SELECT name FROM pj WHERE id IN ${sql([10, 12])} ORDER BY id`;
    expect(rows.map((r) => r.name)).toEqual(['ada', 'grace']);
    const updated = await sql`UPDATE pj SET ${sql({ name: 'Alan' }, 'name')} WHERE id = ${11} RETURNING name`;
    expect(updated.count).toBe(1);
    expect(updated[0].name).toBe('Alan');
  });

  it('reuses prepared statements across many executions', async () => {
    for (let i = 0; i < 30; i++) {
      const [r] = await sql`SELECT ${i}::int * 2 AS d`;
      expect(r.d).toBe(i * 2);
    }
    // The same statement text with a different parameter type.
    const [t] = await sql`SELECT ${'7'}::text AS d`;
    expect(t.d).toBe('7');
  });

  it('commits a transaction with sql.begin', async () => {
    const result = await sql.begin(async (tx) => {
      await tx`INSERT INTO pj (id, name) VALUES (${20}, ${'in tx'})`;
      const [inside] = await tx`SELECT count(*)::int AS n FROM pj WHERE id = ${20}`;
      return inside.n;
    });
    expect(result).toBe(1);
    const [after] = await sql`SELECT name FROM pj WHERE id = ${20}`;
    expect(after.name).toBe('in tx');
  });

  it('rolls back a transaction whose callback throws', async () => {
    const err = await sql
      .begin(async (tx) => {
        await tx`INSERT INTO pj (id, name) VALUES (${21}, ${'doomed'})`;
        throw new Error('boom');
      })
      .catch((e: Error) => e);
    expect((err as Error).message).toBe('boom');
    const rows = await sql`SELECT id FROM pj WHERE id = ${21}`;
    expect(rows.length).toBe(0);
  });

  it('rolls back a transaction with a failing statement and reports its SQLSTATE', async () => {
    const err = (await sql
      .begin(async (tx) => {
        await tx`INSERT INTO pj (id, name) VALUES (${22}, ${'first'})`;
        await tx`INSERT INTO pj (id, name) VALUES (${22}, ${'duplicate'})`;
      })
      .catch((e: unknown) => e)) as postgres.PostgresError;
    expect(err).toBeInstanceOf(postgres.PostgresError);
    expect(err.code).toBe('23505');
    const rows = await sql`SELECT id FROM pj WHERE id = ${22}`;
    expect(rows.length).toBe(0);
  });

  it('supports savepoints inside sql.begin', async () => {
    await sql.begin(async (tx) => {
      await tx`INSERT INTO pj (id, name) VALUES (${30}, ${'kept'})`;
      await tx
        .savepoint(async (sp) => {
          await sp`INSERT INTO pj (id, name) VALUES (${31}, ${'undone'})`;
          throw new Error('undo');
        })
        .catch(() => {});
    });
    const rows = await sql`SELECT id FROM pj WHERE id IN (30, 31) ORDER BY id`;
    expect(rows.map((r) => r.id)).toEqual(['30']);
  });

  it('reports errors with their SQLSTATE and stays usable', async () => {
    const div = (await sql`SELECT 1 / ${0}::int AS x`.catch((e: unknown) => e)) as postgres.PostgresError;
    expect(div).toBeInstanceOf(postgres.PostgresError);
    expect(div.code).toBe('22012');
    expect(div.message).toBe('division by zero');
    const missing = (await sql`SELECT * FROM no_such_table`.catch((e: unknown) => e)) as postgres.PostgresError;
    expect(missing.code).toBe('42P01');
    const [ok] = await sql`SELECT 1 AS ok`;
    expect(ok.ok).toBe(1);
  });

  it('runs unsafe (simple protocol) queries with several statements', async () => {
    const res = await sql.unsafe('SELECT 1 AS a; SELECT 2 AS b').simple();
    expect(res).toEqual([[{ a: 1 }], [{ b: 2 }]]);
    const [r] = await sql.unsafe('SELECT $1::int + 1 AS n', [1]);
    expect(r.n).toBe(2);
  });

  it('streams a larger result with a cursor', async () => {
    const bulk = Array.from({ length: 2000 }, (_, i) => ({ id: 1000 + i, name: `bulk ${1000 + i}` }));
    await sql`INSERT INTO pj ${sql(bulk, 'id', 'name')}`;
    let seen = 0;
    let batches = 0;
    for await (const rows of sql`SELECT id, name FROM pj WHERE id >= 1000 ORDER BY id`.cursor(250)) {
      batches++;
      for (const r of rows) {
        expect(r.name).toBe(`bulk ${1000 + seen}`);
        seen++;
      }
    }
    expect(seen).toBe(2000);
    expect(batches).toBe(8);
  });

  it('reads arrays when type discovery is available', async () => {
    expect(typeDiscovery).toBe(true);
    const [r] = await sql`SELECT ARRAY[1, 2, 3]::int4[] AS a, ARRAY['x', 'y z']::text[] AS t`;
    expect(r).toEqual({ a: [1, 2, 3], t: ['x', 'y z'] });
  });

  it('discovers enum types and their array types, and binds enum parameters', async () => {
    await sql.unsafe(`DROP TABLE IF EXISTS pj_moods; DROP TYPE IF EXISTS pj_mood;
      CREATE TYPE pj_mood AS ENUM ('sad', 'ok', 'happy');
      CREATE TABLE pj_moods (id int PRIMARY KEY, m pj_mood, ms pj_mood[])`);
    // Array types are discovered at connect: a new connection knows pj_mood[].
    const s2 = connect({ fetch_types: typeDiscovery });
    try {
      await s2`INSERT INTO pj_moods VALUES (1, ${'happy'}, ${'{sad,ok}'}), (2, ${'sad'}, NULL)`;
      const rows = await s2`SELECT id, m, ms FROM pj_moods WHERE m >= ${'sad'} ORDER BY m DESC`;
      expect(rows.map((r) => ({ ...r }))).toEqual([
        { id: 1, m: 'happy', ms: ['sad', 'ok'] },
        { id: 2, m: 'sad', ms: null },
      ]);
      const err = await s2`SELECT id FROM pj_moods WHERE m = ${'angry'}`.catch((e) => e);
      expect(err.code).toBe('22P02');
    } finally {
      await s2.end({ timeout: 1 });
    }
  });

  it('works with prepare: false (unnamed statements)', async () => {
    const s2 = connect({ prepare: false, fetch_types: typeDiscovery });
    try {
      for (let i = 0; i < 5; i++) {
        const [r] = await s2`SELECT ${i}::int AS i, ${`v${i}`}::text AS v`;
        expect(r).toEqual({ i, v: `v${i}` });
      }
    } finally {
      await s2.end({ timeout: 1 });
    }
  });
});
