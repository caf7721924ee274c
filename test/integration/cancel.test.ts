/** Cancel and statement_timeout: 57014 within a second, writes rolled back, other sessions unaffected. */
import { spawn } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLumos, type TestLumos } from '../helpers/lumos.js';

let lumos: TestLumos;

beforeAll(async () => {
  lumos = await startLumos();
});

afterAll(async () => {
  await lumos?.close();
});

describe('cancel', () => {
  it('cancels pg_sleep from node-pg within a second while another session keeps working', async () => {
    const a = await lumos.client();
    const b = await lumos.client();
    const started = Date.now();
    const sleeping = a.query('SELECT pg_sleep(10)').catch((e: pg.DatabaseError) => e);
    await new Promise((r) => setTimeout(r, 200));
    // The other session is not blocked by the sleeping one.
    const r = await b.query('SELECT 1 AS x');
    expect(r.rows).toEqual([{ x: 1 }]);
    // node-pg's cancel: a new connection sending CancelRequest with a's key.
    const canceller = new pg.Client(lumos.pgConfig());
    await (canceller as unknown as { cancel(c: pg.Client, q: unknown): void }).cancel(
      a,
      (a as unknown as { activeQuery: unknown }).activeQuery,
    );
    const err = (await sleeping) as pg.DatabaseError;
    const elapsed = Date.now() - started;
    expect(err.code).toBe('57014');
    expect(elapsed).toBeLessThan(1200 + 200);
    const after = await a.query('SELECT 2 AS y');
    expect(after.rows).toEqual([{ y: 2 }]);
  });

  it('cancels pg_sleep from psql (SIGINT) with 57014', async () => {
    const child = spawn('psql', ['-X', '-c', 'SELECT pg_sleep(10)'], { env: lumos.env() });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    await new Promise((r) => setTimeout(r, 700));
    const sent = Date.now();
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(Date.now() - sent).toBeLessThan(1000);
    expect(code).not.toBe(0);
    expect(stderr).toContain('canceling statement due to user request');
  });

  it('statement_timeout cancels and a cancelled write is rolled back', async () => {
    const c = await lumos.client();
    await c.query('CREATE TABLE w (a int)');
    await c.query("SET statement_timeout = '300ms'");
    const err = (await c
      .query('INSERT INTO w SELECT 1 FROM (SELECT pg_sleep(5) AS z) s WHERE s.z IS NOT NULL')
      .catch((e) => e)) as pg.DatabaseError;
    expect(err.code).toBe('57014');
    expect(err.message).toBe('canceling statement due to statement timeout');
    await c.query('SET statement_timeout = 0');
    const r = await c.query('SELECT count(*)::int AS n FROM w');
    expect(r.rows[0].n).toBe(0);
    // The writer is free again.
    await c.query('INSERT INTO w VALUES (2)');
    const r2 = await c.query('SELECT count(*)::int AS n FROM w');
    expect(r2.rows[0].n).toBe(1);
  });

  it('cancels a write stuck inside SQLite (no pg_sleep): 57014, rolled back, writer usable', async () => {
    const c = await lumos.client();
    const other = await lumos.client();
    await c.query('CREATE TABLE stuck (n int)');
    await c.query("SET statement_timeout = '300ms'");
    const started = Date.now();
    const err = (await c
      .query(
        'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 50000000) INSERT INTO stuck SELECT n FROM r',
      )
      .catch((e) => e)) as pg.DatabaseError;
    expect(err.code).toBe('57014');
    expect(Date.now() - started).toBeLessThan(1300 + 300);
    await other.query('INSERT INTO stuck VALUES (-1)');
    const r = await other.query('SELECT count(*)::int AS n FROM stuck');
    expect(r.rows[0].n).toBe(1);
  });
});
