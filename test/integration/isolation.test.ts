/** REPEATABLE READ / SERIALIZABLE: a stable snapshot, no blocking of other writers, 40001 on a stale write. */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLumos, type TestLumos } from '../helpers/lumos.js';

let lumos: TestLumos;
let a: pg.Client;
let b: pg.Client;

beforeAll(async () => {
  lumos = await startLumos();
  a = await lumos.client();
  b = await lumos.client();
  await a.query('CREATE TABLE acct (id int PRIMARY KEY, balance int)');
  await a.query('INSERT INTO acct VALUES (1, 100), (2, 200)');
});

afterAll(async () => {
  await lumos?.close();
});

const balance = async (c: pg.Client, id: number) =>
  (await c.query('SELECT balance FROM acct WHERE id = $1', [id])).rows[0].balance as number;

describe('isolation levels', () => {
  it('REPEATABLE READ sees one snapshot and does not block other writers', async () => {
    await a.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    expect(await balance(a, 1)).toBe(100);
    // Another session commits meanwhile, without waiting for a's transaction.
    await b.query('UPDATE acct SET balance = 150 WHERE id = 1');
    expect(await balance(a, 1)).toBe(100);
    await a.query('COMMIT');
    expect(await balance(a, 1)).toBe(150);
  });

  it('a REPEATABLE READ write after a concurrent commit fails with 40001, as in PG', async () => {
    await a.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    expect(await balance(a, 1)).toBe(150);
    await b.query('UPDATE acct SET balance = 175 WHERE id = 1');
    const err = (await a
      .query('UPDATE acct SET balance = balance + 1 WHERE id = 1')
      .catch((e) => e)) as pg.DatabaseError;
    expect(err.code).toBe('40001');
    await a.query('ROLLBACK');
    expect(await balance(b, 1)).toBe(175);
  });

  it('a REPEATABLE READ transaction without concurrent commits writes normally', async () => {
    await a.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
    expect(await balance(a, 2)).toBe(200);
    await a.query('UPDATE acct SET balance = balance - 50 WHERE id = 2');
    expect(await balance(a, 2)).toBe(150);
    await a.query('COMMIT');
    expect(await balance(b, 2)).toBe(150);
  });
});
