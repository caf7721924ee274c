/** pgbench: initialise with COPY, then select-only and TPC-B in all three query modes with zero failures. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTool, startLumos, type TestLumos } from '../helpers/lumos.js';

let lumos: TestLumos;

beforeAll(async () => {
  lumos = await startLumos();
});

afterAll(async () => {
  await lumos?.close();
});

async function pgbench(args: string[]): Promise<{ out: string; status: number | null }> {
  const r = await runTool('pgbench', args, { env: lumos.env(), timeoutMs: 120_000 });
  return { out: `${r.stdout}\n${r.stderr}`, status: r.status };
}

describe('pgbench', () => {
  it('initialises a scale-1 database', async () => {
    const r = await pgbench(['-i', '-s', '1']);
    expect(r.out).toContain('done in');
    expect(r.status).toBe(0);
    const c = await lumos.client();
    const counts = await c.query(
      'SELECT (SELECT count(*) FROM pgbench_accounts) AS a, (SELECT count(*) FROM pgbench_branches) AS b, (SELECT count(*) FROM pgbench_tellers) AS t',
    );
    expect(counts.rows[0]).toEqual({ a: '100000', b: '1', t: '10' });
  });

  for (const mode of ['simple', 'extended', 'prepared']) {
    for (const script of ['select-only', 'tpcb-like']) {
      it(`runs ${script} in -M ${mode} with 0 failures`, async () => {
        const r = await pgbench(['-b', script, '-M', mode, '-c', '4', '-j', '2', '-t', '200']);
        expect(r.out).toContain('number of failed transactions: 0 (0.000%)');
        expect(r.out).toMatch(/number of transactions actually processed: 800\/800/);
        expect(r.status).toBe(0);
      });
    }
  }
});
