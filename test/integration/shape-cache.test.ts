/**
 * The shape cache (src/sql/shape) through a real client, step by step against PostgreSQL 15: statements of one
 * shape with different literals, interleaved with what a cached translation must not survive (DDL, search_path,
 * TimeZone, transactions with their own catalog), and errors whose positions depend on the literals' lengths.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLumos, type TestLumos } from '../helpers/lumos.js';
import { freshReferenceDb, type ReferenceDb } from '../helpers/reference-pg.js';

const DB = `shape_cache_${process.pid}`;

let lumos: TestLumos;
let reference: ReferenceDb | null = null;
let onLumos: pg.Client;
let onPg: pg.Client;

type Outcome =
  | { rows: unknown[][]; types: number[]; command: string; count: number | null }
  | { error: string; position?: string; message: string };

async function outcome(c: pg.Client, sql: string, values?: unknown[]): Promise<Outcome> {
  try {
    const r = await c.query({ text: sql, values, rowMode: 'array' });
    return { rows: r.rows, types: r.fields.map((f) => f.dataTypeID), command: r.command, count: r.rowCount };
  } catch (e) {
    const err = e as { code?: string; position?: string; message: string };
    return { error: err.code ?? '?', position: err.position, message: err.message };
  }
}

/** Run each statement on both servers (simple protocol unless values are given) and compare. */
async function same(statements: (string | [string, unknown[]])[]): Promise<void> {
  for (const s of statements) {
    const [sql, values] = typeof s === 'string' ? [s, undefined] : s;
    const [a, b] = await Promise.all([outcome(onPg, sql, values), outcome(onLumos, sql, values)]);
    expect(b, sql).toEqual(a);
  }
}

beforeAll(async () => {
  reference = await freshReferenceDb(DB);
  if (!reference) throw new Error('the shape cache test needs the reference PostgreSQL 15 at 127.0.0.1:5432');
  onPg = new pg.Client(reference.config);
  await onPg.connect();
  lumos = await startLumos();
  onLumos = await lumos.client();
  const setup = [
    'CREATE TABLE sc_items (id int PRIMARY KEY, name text, at timestamptz, price numeric(10,2))',
    `INSERT INTO sc_items VALUES (1, 'one', '2024-01-01 10:00:00+00', 1.50), (2, 'two', '2024-06-01 10:00:00+00', 22.25),
      (3, 'it''s', NULL, NULL)`,
  ];
  for (const s of setup) {
    await onPg.query(s);
    await onLumos.query(s);
  }
});

afterAll(async () => {
  await onPg?.end();
  await lumos?.close();
  await reference?.drop();
});

describe('shape cache', () => {
  it('answers statements of one shape with their own literals', async () => {
    await same([
      'SELECT name, price FROM sc_items WHERE id = 1',
      'SELECT name, price FROM sc_items WHERE id = 2',
      'SELECT name, price FROM sc_items WHERE id = 4',
      "SELECT id FROM sc_items WHERE name = 'two'",
      "SELECT id FROM sc_items WHERE name = 'it''s'",
      'SELECT id, price * 2, price + 0.5 FROM sc_items WHERE id < 3 ORDER BY 1',
      'SELECT id, price * 3, price + 1.25 FROM sc_items WHERE id < 2 ORDER BY 1',
      'SELECT id, name FROM sc_items ORDER BY 2 LIMIT 2',
      'SELECT id, name FROM sc_items ORDER BY 1 LIMIT 1 OFFSET 1',
      "SELECT id FROM sc_items WHERE name LIKE 'o%'",
      "SELECT id FROM sc_items WHERE name LIKE 't_o'",
      'UPDATE sc_items SET price = price + -1 WHERE id = 1 RETURNING price',
      'UPDATE sc_items SET price = price + 2 WHERE id = 2 RETURNING price',
    ]);
  });

  it('translates again when TimeZone changes what a literal means', async () => {
    await same([
      "SELECT id FROM sc_items WHERE at = '2024-01-01 05:00:00'",
      "SET TimeZone = 'America/New_York'",
      "SELECT id FROM sc_items WHERE at = '2024-01-01 05:00:00'",
      "SELECT id FROM sc_items WHERE at = '2024-06-01 06:00:00'",
      'RESET TimeZone',
      "SELECT id FROM sc_items WHERE at = '2024-06-01 06:00:00'",
    ]);
  });

  it('translates again after DDL and search_path changes', async () => {
    await same([
      'SELECT name FROM sc_items WHERE id = 3',
      'CREATE SCHEMA sc_other',
      'CREATE TABLE sc_other.sc_items (id text, name int)',
      "INSERT INTO sc_other.sc_items VALUES ('3', 33)",
      'SET search_path = sc_other, public',
      'SELECT name FROM sc_items WHERE id = 3',
      "SELECT name FROM sc_items WHERE id = '3'",
      'RESET search_path',
      'SELECT name FROM sc_items WHERE id = 3',
      'BEGIN',
      'ALTER TABLE sc_items RENAME COLUMN name TO label',
      'SELECT name FROM sc_items WHERE id = 2',
      'ROLLBACK',
      'SELECT name FROM sc_items WHERE id = 2',
    ]);
  });

  it('reports errors at the positions of the statement itself', async () => {
    await same([
      "SELECT 'abc'::int + 1 FROM sc_items WHERE id = 1",
      "SELECT 'a'::int + 1 FROM sc_items WHERE id = 1",
      'SELECT 10 / (id - 1) FROM sc_items WHERE id = 1',
      'SELECT 1000 / (id - 2) FROM sc_items WHERE id = 2',
      'SELECT nosuch FROM sc_items WHERE id = 1',
      'SELECT nosuch FROM sc_items WHERE id = 12345',
      'INSERT INTO sc_items VALUES (1, 2)',
      'INSERT INTO sc_items VALUES (10, 20)',
      'SELECT 2147483647 + 1',
      'SELECT 2147483646 + 1',
    ]);
  });

  it('combines inline literals with bound parameters (extended protocol)', async () => {
    await same([
      ['SELECT name FROM sc_items WHERE id = 1 AND name <> $1', ['x']],
      ['SELECT name FROM sc_items WHERE id = 2 AND name <> $1', ['x']],
      ['SELECT name FROM sc_items WHERE id = 2 AND name <> $1', ['two']],
      ['SELECT $1::int + 5, 7', [3]],
      ['SELECT $1::int + 6, 8', [3]],
    ]);
  });
});
