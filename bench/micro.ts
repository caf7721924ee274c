/**
 * Micro-benchmarks of the statement path, side by side in one run:
 *  1. parse + translate per statement: cold (new text each time) vs cached (same text), for pgbench's
 *     statements and a mid-size query; raw better-sqlite3 prepare() as the floor of any SQLite path.
 *  2. primary-key lookups over the wire, one client, prepared: Lumos vs PostgreSQL 15, and raw
 *     better-sqlite3 in-process (no protocol at all) as the ceiling.
 * Medians of several rounds (these machines are noisy). Writes bench/MICRO.md.
 *   npm run bench:micro
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { DEFAULT_CODEC_CONTEXT } from '../protocol/types/context.js';
import { CATALOG_DDL, Catalog } from '../src/catalog/catalog.js';
import { openSqlite } from '../src/engines/sqlite/open.js';
import { loadConfig } from '../src/server/config.js';
import { startServer } from '../src/server/server.js';
import { initParser, parseQuery } from '../src/sql/parse.js';
import { isShaped, parseStatements, translateWithSlots } from '../src/sql/shape/shape.js';
import { translate } from '../src/sql/sqlite/translate.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function timeIt(n: number, f: (i: number) => void): number {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) f(i);
  return Number(process.hrtime.bigint() - t0) / 1000 / n; // us per op
}

async function parseTranslate(): Promise<string[]> {
  await initParser();
  const dir = mkdtempSync(join(tmpdir(), 'lumos-micro-'));
  const db = openSqlite(join(dir, 'x.sqlite'));
  db.exec(CATALOG_DDL);
  let catalog = Catalog.load(db);
  const opts = () => ({ catalog, searchPath: ['public'], codec: DEFAULT_CODEC_CONTEXT, paramTypes: [] as number[] });
  for (const ddl of [
    'CREATE TABLE pgbench_accounts (aid int NOT NULL, bid int, abalance int, filler char(84))',
    'CREATE TABLE orders (id serial PRIMARY KEY, customer text NOT NULL, total numeric(10,2), placed timestamptz, status text)',
  ]) {
    const tr = translate(parseQuery(ddl)[0], opts());
    for (const s of tr.sql) db.exec(s);
    catalog = Catalog.load(db);
  }
  const cases: [string, (i: number) => string][] = [
    ['pgbench select (literal)', (i) => `SELECT abalance FROM pgbench_accounts WHERE aid = ${i}`],
    ['pgbench update (literal)', (i) => `UPDATE pgbench_accounts SET abalance = abalance + ${i} WHERE aid = ${i + 7}`],
    [
      'mid-size report query',
      (i) =>
        `SELECT customer, count(*) AS n, sum(total) AS revenue, max(placed) FROM orders WHERE status = 'shipped' AND total > ${i} GROUP BY customer HAVING count(*) > 1 ORDER BY revenue DESC NULLS LAST LIMIT 10`,
    ],
  ];
  const rows: string[] = [];
  for (const [name, sql] of cases) {
    const cold: number[] = [];
    const cachedParse: number[] = [];
    const prep: number[] = [];
    const shapeHit: number[] = [];
    let k = 1_000_000;
    // What the session does for a statement of a known shape: lex, find the shape, bind, find the translation.
    const viaShape = (text: string) => {
      const stmt = parseStatements(text)[0];
      if (!isShaped(stmt)) throw new Error(`not shaped: ${text}`);
      const b = stmt.shape;
      if (b.entry.lookup(b, 'bench')) return;
      const r = translateWithSlots(b, () => translate(stmt, opts()));
      b.entry.store(b, 'bench', r.dependent, r.translation);
    };
    for (let r = 0; r < ROUNDS; r++) {
      // Cold: a new text every time (parse cache misses; the translator runs in full).
      cold.push(timeIt(300, () => translate(parseQuery(sql(k++))[0], opts())));
      // Same text again: the parse cache hits; what the session's translation cache saves on top is the rest.
      viaShape(sql(k++));
      shapeHit.push(timeIt(3000, () => viaShape(sql(k++))));
      const fixed = sql(42);
      cachedParse.push(timeIt(3000, () => parseQuery(fixed)));
      const tr = translate(parseQuery(fixed)[0], opts());
      prep.push(timeIt(300, () => db.prepare(tr.sql[0])));
    }
    rows.push(
      `| ${name} | ${median(cold).toFixed(1)} | ${median(shapeHit).toFixed(2)} | ${median(cachedParse).toFixed(2)} | ${median(prep).toFixed(1)} |`,
    );
  }
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return rows;
}

async function pointLookups(): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'lumos-micro-'));
  const server = await startServer(loadConfig(['--port', '0', '--data', dir], {}));
  const N = 20_000;
  const setup = async (c: pg.Client, table: string) => {
    await c.query(`DROP TABLE IF EXISTS ${table}`);
    await c.query(`CREATE TABLE ${table} (id int PRIMARY KEY, v text)`);
    await c.query(`INSERT INTO ${table} SELECT i, 'value ' || i FROM generate_series(1, ${N}) AS g(i)`);
  };
  const lumos = new pg.Client({ host: '127.0.0.1', port: server.port, user: 'postgres', database: 'bench' });
  const pgc = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres' });
  await lumos.connect();
  await pgc.connect();
  const table = `micro_lookup_${process.pid}`;
  await setup(lumos, table);
  await setup(pgc, table);
  const raw = new Database(join(dir, 'lumos.sqlite'), { readonly: true });
  const rawStmt = raw.prepare(`SELECT v FROM "${table}" WHERE id = ?`);
  const wire = async (c: pg.Client, n: number) => {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) {
      await c.query({ name: 'lookup', text: `SELECT v FROM ${table} WHERE id = $1`, values: [1 + (i % N)] });
    }
    return Number(process.hrtime.bigint() - t0) / 1000 / n;
  };
  // Simple protocol with the key inlined, as pgbench -M simple and many tools send it.
  const inline = async (c: pg.Client, n: number) => {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) await c.query(`SELECT v FROM ${table} WHERE id = ${1 + (i % N)}`);
    return Number(process.hrtime.bigint() - t0) / 1000 / n;
  };
  const res = {
    raw: [] as number[],
    lumos: [] as number[],
    pg: [] as number[],
    lumosInline: [] as number[],
    pgInline: [] as number[],
  };
  for (let r = 0; r < ROUNDS; r++) {
    res.raw.push(timeIt(50_000, (i) => rawStmt.get(1 + (i % N))));
    res.lumos.push(await wire(lumos, 3000));
    res.pg.push(await wire(pgc, 3000));
    res.lumosInline.push(await inline(lumos, 3000));
    res.pgInline.push(await inline(pgc, 3000));
  }
  await pgc.query(`DROP TABLE IF EXISTS ${table}`);
  await lumos.end();
  await pgc.end();
  raw.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
  const row = (name: string, xs: number[]) =>
    `| ${name} | ${median(xs).toFixed(1)} | ${Math.round(1e6 / median(xs)).toLocaleString('en-US')} |`;
  return [
    row('raw better-sqlite3, in-process', res.raw),
    row('Lumos over the wire (node-pg)', res.lumos),
    row('PostgreSQL 15 over the wire (node-pg)', res.pg),
    row('Lumos, simple protocol, key inlined in the text', res.lumosInline),
    row('PostgreSQL 15, simple protocol, key inlined in the text', res.pgInline),
  ];
}

const pt = await parseTranslate();
const pl = await pointLookups();
const out = `# Micro-benchmarks

Generated by \`npm run bench:micro\` (bench/micro.ts) on ${new Date().toISOString()}, ${cpus().length} cores, Node ${process.version}.
Medians of ${ROUNDS} rounds.

## Parse + translate per statement (us)

Cold = a statement text never seen before, taking the ordinary path (libpg-query parse + full translation). Same
shape = a new text that differs from a known one only in its literals (src/sql/shape: lex, shape lookup, bind the
literals, translation lookup; no parse, no translation, and SQLite sees the same SQL so its prepared statement is
reused). Cached parse = the exact same text again (parse cache hit; the session's translation cache then answers).
SQLite prepare() is the floor any SQLite path pays once per distinct statement.

| statement | cold parse+translate | same shape, new literals | cached parse | better-sqlite3 prepare |
| --- | ---: | ---: | ---: | ---: |
${pt.join('\n')}

## Primary-key lookup, one client (prepared statement unless said otherwise)

| path | us per lookup | lookups/s |
| --- | ---: | ---: |
${pl.join('\n')}
`;
writeFileSync(new URL('./MICRO.md', import.meta.url), out);
process.stdout.write(out);
