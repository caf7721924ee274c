/**
 * The extended query protocol, message by message, against Lumos and the real PostgreSQL 15 side by side:
 * the same byte sequences must produce the same backend message sequences (pipelining, implicit
 * transactions until Sync, row limits with PortalSuspended, Describe, Close, skip-to-Sync after errors).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BackendMessage, FakeClient, serialize } from '../helpers/fake-client.js';
import { startLumos, type TestLumos } from '../helpers/lumos.js';

let lumos: TestLumos;
let pgClient: FakeClient;
let lumosClient: FakeClient;
const table = `ep_${process.pid}`;

beforeAll(async () => {
  lumos = await startLumos();
  lumosClient = await FakeClient.open({ port: lumos.port, timeoutMs: 10_000 });
  pgClient = await FakeClient.open({ port: 5432, timeoutMs: 10_000 });
  for (const c of [lumosClient, pgClient]) {
    await c.query(`DROP TABLE IF EXISTS ${table}`);
    await c.query(`CREATE TABLE ${table} (id int PRIMARY KEY, name text)`);
  }
});

afterAll(async () => {
  await pgClient?.query(`DROP TABLE IF EXISTS ${table}`);
  pgClient?.end();
  lumosClient?.end();
  await lumos?.close();
});

/** A comparable description of a backend message (no OIDs of tables, no pids). */
function describeMessage(m: BackendMessage): string {
  const x = m as unknown as Record<string, unknown>;
  switch (m.name) {
    case 'error':
    case 'notice':
      return `${m.name} ${x.code}`;
    case 'rowDescription':
      return `rowDescription ${(x.fields as { name: string; dataTypeID: number; format: string }[])
        .map((f) => `${f.name}:${f.dataTypeID}:${f.format}`)
        .join(',')}`;
    case 'parameterDescription':
      return `parameterDescription ${(x.dataTypeIDs as number[]).join(',')}`;
    case 'dataRow':
      return `dataRow ${JSON.stringify(x.fields)}`;
    case 'commandComplete':
      return `commandComplete ${x.text}`;
    case 'readyForQuery':
      return `readyForQuery ${x.status}`;
    default:
      return m.name;
  }
}

/** Send the same messages to both servers; return both message sequences up to the given number of RFQs. */
async function both(messages: Buffer[], readyCount = 1): Promise<{ pg: string[]; lumos: string[] }> {
  const run = async (c: FakeClient) => {
    c.send(...messages);
    const out: BackendMessage[] = [];
    for (let i = 0; i < readyCount; i++) out.push(...(await c.untilReady()).messages);
    return out.map(describeMessage);
  };
  const [pg, lu] = await Promise.all([run(pgClient), run(lumosClient)]);
  return { pg, lumos: lu };
}

describe('extended protocol, differential against PostgreSQL', () => {
  it('pipelines several statements in one implicit transaction until Sync', async () => {
    const r = await both(
      [
        serialize.parse({ name: '', text: `INSERT INTO ${table} VALUES ($1, $2)`, types: [] }),
        serialize.bind({ values: ['1', 'one'] }),
        serialize.execute(),
        serialize.bind({ values: ['2', 'two'] }),
        serialize.execute(),
        serialize.parse({ name: '', text: 'SELECT * FROM no_such_table', types: [] }),
        serialize.bind({}),
        serialize.execute(),
        // Skipped after the error until Sync.
        serialize.parse({ name: '', text: 'SELECT 1', types: [] }),
        serialize.sync(),
        serialize.query(`SELECT count(*) FROM ${table}`),
      ],
      2,
    );
    expect(r.lumos).toEqual(r.pg);
    expect(r.lumos).toContain('dataRow ["0"]');
  });

  it('fetches a portal in pieces with PortalSuspended', async () => {
    const r = await both(
      [
        serialize.query(`INSERT INTO ${table} VALUES (1,'a'),(2,'b'),(3,'c'),(4,'d'),(5,'e')`),
        serialize.parse({ name: 'q', text: `SELECT id, name FROM ${table} WHERE id >= $1 ORDER BY id`, types: [23] }),
        serialize.bind({ portal: 'p', statement: 'q', values: ['1'] }),
        serialize.describe({ type: 'P', name: 'p' }),
        serialize.execute({ portal: 'p', rows: 2 }),
        serialize.execute({ portal: 'p', rows: 2 }),
        serialize.execute({ portal: 'p', rows: 2 }),
        serialize.sync(),
      ],
      2,
    );
    expect(r.lumos).toEqual(r.pg);
    expect(r.lumos.filter((m) => m === 'portalSuspended')).toHaveLength(2);
  });

  it('describes statements and portals, binary results included', async () => {
    const r = await both([
      serialize.parse({ name: 'd1', text: `SELECT id, name FROM ${table} WHERE id = $1`, types: [] }),
      serialize.describe({ type: 'S', name: 'd1' }),
      serialize.bind({ portal: 'b', statement: 'd1', values: ['3'], binary: true }),
      serialize.describe({ type: 'P', name: 'b' }),
      serialize.execute({ portal: 'b' }),
      serialize.parse({ name: 'd2', text: `UPDATE ${table} SET name = $2 WHERE id = $1`, types: [] }),
      serialize.describe({ type: 'S', name: 'd2' }),
      serialize.sync(),
    ]);
    expect(r.lumos).toEqual(r.pg);
  });

  it('closes statements and portals; using them afterwards is an error until Sync', async () => {
    const r = await both(
      [
        serialize.parse({ name: 'c1', text: 'SELECT 1', types: [] }),
        serialize.bind({ portal: 'cp', statement: 'c1' }),
        serialize.close({ type: 'P', name: 'cp' }),
        serialize.close({ type: 'S', name: 'c1' }),
        serialize.execute({ portal: 'cp' }),
        serialize.sync(),
        serialize.bind({ portal: 'cp2', statement: 'c1' }),
        serialize.sync(),
      ],
      2,
    );
    expect(r.lumos).toEqual(r.pg);
  });

  it('answers an empty query and reuses a named statement across Syncs', async () => {
    const r = await both(
      [
        serialize.parse({ name: '', text: '', types: [] }),
        serialize.bind({}),
        serialize.describe({ type: 'P', name: '' }),
        serialize.execute(),
        serialize.parse({ name: 'again', text: 'SELECT $1::int * 2 AS doubled', types: [] }),
        serialize.sync(),
        serialize.bind({ statement: 'again', values: ['21'] }),
        serialize.execute(),
        serialize.sync(),
        serialize.parse({ name: 'again', text: 'SELECT 2', types: [] }),
        serialize.sync(),
      ],
      3,
    );
    expect(r.lumos).toEqual(r.pg);
  });

  it('keeps an explicit transaction across Syncs and reports T and E states', async () => {
    const r = await both(
      [
        serialize.query('BEGIN'),
        serialize.parse({ name: '', text: `INSERT INTO ${table} VALUES (100, 'x')`, types: [] }),
        serialize.bind({}),
        serialize.execute(),
        serialize.sync(),
        // A run-time error (PG folds 1/0 already when planning at Bind).
        serialize.parse({ name: '', text: `SELECT 1/(id - 100) FROM ${table} WHERE id = 100`, types: [] }),
        serialize.bind({}),
        serialize.execute(),
        serialize.sync(),
        serialize.query('SELECT 1'),
        // In a failed transaction even Parse is refused, except for COMMIT/ROLLBACK.
        serialize.parse({ name: '', text: 'SELECT 2', types: [] }),
        serialize.sync(),
        serialize.parse({ name: 'rb', text: 'ROLLBACK', types: [] }),
        serialize.bind({ statement: 'rb' }),
        serialize.execute(),
        serialize.sync(),
        serialize.query(`SELECT count(*) FROM ${table} WHERE id = 100`),
      ],
      7,
    );
    expect(r.lumos).toEqual(r.pg);
  });
});
