/** Many clients at once, and a slow query on one connection never stalls the others. */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClient, rowsIn } from '../helpers/fake-client.js';
import { startLumos, type TestLumos } from '../helpers/lumos.js';

const CONNECTIONS = 200;

let lumos: TestLumos;

beforeAll(async () => {
  lumos = await startLumos(['--max-connections', '500']);
  const c = await lumos.client();
  await c.query('CREATE TABLE visits (id int PRIMARY KEY, who text NOT NULL)');
  await c.query('CREATE TABLE big (id int PRIMARY KEY, v text)');
  const values = Array.from({ length: 2000 }, (_, i) => `(${i + 1}, 'row ${i + 1}')`).join(',');
  await c.query(`INSERT INTO big VALUES ${values}`);
});

afterAll(async () => {
  await lumos?.close();
});

describe('connections', () => {
  it(`serves ${CONNECTIONS} concurrent node-pg connections open at once`, async () => {
    const clients: pg.Client[] = [];
    try {
      // Open them all concurrently; every one must be open before any runs its work.
      const opened = await Promise.allSettled(
        Array.from({ length: CONNECTIONS }, async () => {
          const c = new pg.Client(lumos.pgConfig({ application_name: 'many' }));
          c.on('error', () => {});
          clients.push(c);
          await c.connect();
          return c;
        }),
      );
      const failures = opened.filter((r) => r.status === 'rejected');
      expect(failures.map((f) => String((f as PromiseRejectedResult).reason))).toEqual([]);

      // Each inserts its own row, then everyone counts; all while all connections are open.
      const inserted = await Promise.all(
        clients.map((c, i) => c.query('INSERT INTO visits (id, who) VALUES ($1, $2)', [i, `client ${i}`])),
      );
      expect(inserted.every((r) => r.rowCount === 1)).toBe(true);
      const counts = await Promise.all(
        clients.map((c, i) =>
          c.query('SELECT count(*)::int AS n, max(CASE WHEN id = $1 THEN who END) AS mine FROM visits', [i]),
        ),
      );
      counts.forEach((r, i) => {
        expect(r.rows[0]).toEqual({ n: CONNECTIONS, mine: `client ${i}` });
      });
      // The server sees them all at once (pg_backend_pid differs per connection).
      const pids = await Promise.all(clients.map((c) => c.query('SELECT pg_backend_pid() AS pid')));
      expect(new Set(pids.map((r) => r.rows[0].pid)).size).toBe(CONNECTIONS);
    } finally {
      await Promise.all(clients.map((c) => c.end().catch(() => {})));
    }
    // All closed; the server still serves.
    const after = await lumos.client();
    const r = await after.query('SELECT count(*)::int AS n FROM visits');
    expect(r.rows).toEqual([{ n: CONNECTIONS }]);
  });

  it('serves connections opened and closed in quick succession', async () => {
    for (let round = 0; round < 5; round++) {
      const batch = await Promise.all(
        Array.from({ length: 40 }, () => FakeClient.open({ port: lumos.port, database: 'lumos' })),
      );
      const answers = await Promise.all(batch.map((c, i) => c.query(`SELECT ${round * 100 + i}`)));
      answers.forEach((a, i) => {
        expect(rowsIn(a.messages)).toEqual([[String(round * 100 + i)]]);
      });
      for (const [i, c] of batch.entries()) {
        // Half say goodbye, half just drop the socket.
        if (i % 2) c.end();
        else c.destroy();
      }
      await Promise.all(batch.map((c) => c.waitClosed(3000)));
    }
    const c = await lumos.client();
    expect((await c.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
  });

  it('refuses connections beyond --max-connections with FATAL 53300 and recovers', async () => {
    const small = await startLumos(['--max-connections', '3']);
    try {
      const held = await Promise.all([small.client(), small.client(), small.client()]);
      const extra = new pg.Client(small.pgConfig());
      extra.on('error', () => {});
      const err = (await extra.connect().then(
        () => undefined,
        (e: unknown) => e,
      )) as pg.DatabaseError | undefined;
      expect(err?.code).toBe('53300');
      expect(err?.message).toBe('sorry, too many clients already');
      await held[0].end();
      // The slot is free again once a client leaves.
      let ok: pg.QueryResult | undefined;
      for (let i = 0; i < 20 && !ok; i++) {
        const c = new pg.Client(small.pgConfig());
        c.on('error', () => {});
        try {
          await c.connect();
          ok = await c.query('SELECT 1 AS one');
        } catch {
          await new Promise((r) => setTimeout(r, 50));
        } finally {
          await c.end().catch(() => {});
        }
      }
      expect(ok?.rows).toEqual([{ one: 1 }]);
    } finally {
      await small.close();
    }
  });

  it('a slow query on one connection does not stall short queries on another', async () => {
    const slow = await lumos.client();
    const fast = await lumos.client();
    let sleepDone = false;
    const sleeping = slow.query('SELECT pg_sleep(1) AS s').then((r) => {
      sleepDone = true;
      return r;
    });
    await new Promise((r) => setTimeout(r, 50));
    const shortResults: number[] = [];
    for (let i = 0; i < 20; i++) {
      const r = await fast.query('SELECT id FROM big WHERE id = $1', [i + 1]);
      shortResults.push(r.rows[0].id);
    }
    // Reads that scan, too.
    const scan = await fast.query("SELECT count(*)::int AS n FROM big WHERE v LIKE 'row 1%'");
    const finishedBeforeSleep = !sleepDone;
    await sleeping;
    expect(shortResults).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(scan.rows[0].n).toBe(1111);
    expect(finishedBeforeSleep).toBe(true);
  });

  it('a slow query inside a write transaction does not stall readers on other connections', async () => {
    const writer = await lumos.client();
    const reader = await lumos.client();
    await writer.query('BEGIN');
    await writer.query("INSERT INTO visits VALUES (100000, 'writer')");
    let sleepDone = false;
    const sleeping = writer.query('SELECT pg_sleep(1)').then(() => {
      sleepDone = true;
    });
    await new Promise((r) => setTimeout(r, 50));
    for (let i = 0; i < 20; i++) {
      const r = await reader.query('SELECT count(*)::int AS n FROM visits WHERE id = 100000');
      // The uncommitted row is invisible to others.
      expect(r.rows).toEqual([{ n: 0 }]);
    }
    const finishedBeforeSleep = !sleepDone;
    await sleeping;
    await writer.query('ROLLBACK');
    expect(finishedBeforeSleep).toBe(true);
  });
});
