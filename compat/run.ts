/**
 * The differential suite: every corpus file in compat/corpus runs statement by statement against the real
 * PostgreSQL 15 (a fresh database per file) and against Lumos (a fresh in-process server with its own data
 * directory per file). For each statement we compare success/failure, SQLSTATE, the command tag, column names,
 * column type OIDs and every value in PG text format byte for byte; rows in order when the statement has a
 * top-level ORDER BY, otherwise as multisets.
 *
 *   npm run compat [-- --file <feature>] [--verbose] [--record-floor]
 *
 * Prints the pass rate per feature and overall, writes compat/REPORT.md (full runs only) and exits non-zero
 * when the overall pass rate is below compat/floor.json.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { typeNameOf } from '../protocol/types/oids.js';
import { loadConfig } from '../src/server/config.js';
import { startServer } from '../src/server/server.js';
import { initParser, parseQuery } from '../src/sql/parse.js';
import { pgDefaults, type ReferencePg } from './reference.js';
import { splitStatements } from './split.js';
import { literalVariants } from './variants.js';

const HERE = dirname(fileURLToPath(import.meta.url));
export const CORPUS_DIR = join(HERE, 'corpus');
export const REPORT_PATH = join(HERE, 'REPORT.md');
export const FLOOR_PATH = join(HERE, 'floor.json');
/** Both servers get statement_timeout = 10 s; the client gives up a little later in case a server ignores it. */
const STATEMENT_TIMEOUT_MS = 10_000;
const CLIENT_TIMEOUT_MS = STATEMENT_TIMEOUT_MS + 2_000;

export interface CompatOptions {
  /** Run only these features (corpus file names without `.sql`). */
  files?: string[];
  verbose?: boolean;
  /** Progress output; defaults to console.log. */
  log?: (line: string) => void;
  /** Reference server; defaults to PGHOST/PGPORT/PGUSER or 127.0.0.1:5432 postgres. */
  pg?: ReferencePg;
  /** How many corpus files run at the same time (each has its own PG database and Lumos server). */
  concurrency?: number;
  /** Corpus authoring: run on PostgreSQL only and print each statement's outcome (nothing is compared). */
  pgOnly?: boolean;
  /** Keep each file's PG database (compat_<feature>_h<host>p<pid>) after the run, for inspection with psql. */
  keep?: boolean;
  /** A fresh Lumos server for every file instead of one per lane (slower; for suspected cross-file effects). */
  isolate?: boolean;
  /** Also run each read-only statement again with its numbers, then its strings, changed (variants.ts); counted apart. */
  literalVariants?: boolean;
}

export interface StatementDiff {
  /** 1-based statement number within the file. */
  index: number;
  line: number;
  sql: string;
  category: string;
  reason: string;
}

export interface FeatureResult {
  feature: string;
  file: string;
  total: number;
  passed: number;
  diffs: StatementDiff[];
  /** Set when the file could not be run at all (every statement then counts as failed). */
  fatal?: string;
  ms: number;
  /** With literalVariants: the variants run and those that differ (not part of the pass rate). */
  variants?: { total: number; passed: number; diffs: StatementDiff[] };
}

export interface CompatSummary {
  features: FeatureResult[];
  total: number;
  passed: number;
  /** Percentage 0..100. */
  passRate: number;
}

export type Outcome =
  | { kind: 'ok'; tag: string; fields: { name: string; oid: number }[]; rows: (string | null)[][] }
  | { kind: 'error'; code: string; message: string }
  | { kind: 'timeout' };

/** Every value stays PG text: no client-side parsing, so the comparison is byte for byte. */
const RAW_TYPES = { getTypeParser: () => (v: string) => v };

/** One connection under test (PG or Lumos), reconnected after a timeout. */
class Side {
  private client: pg.Client | undefined;
  private lastTag = '';

  constructor(
    readonly label: string,
    private readonly config: pg.ClientConfig,
  ) {}

  async connect(): Promise<void> {
    const c = new pg.Client({
      ...this.config,
      connectionTimeoutMillis: CLIENT_TIMEOUT_MS,
      statement_timeout: STATEMENT_TIMEOUT_MS,
    });
    c.on('error', () => {});
    await c.connect();
    // pg's Result keeps only the first word of a command tag ("CREATE"): capture the tag as sent.
    (c as unknown as { connection: NodeJS.EventEmitter }).connection.on('commandComplete', (msg: { text: string }) => {
      this.lastTag = msg.text;
    });
    this.client = c;
  }

  async exec(sql: string): Promise<Outcome> {
    if (!this.client) {
      try {
        await this.connect();
      } catch (e) {
        return { kind: 'error', code: 'connection', message: `${this.label}: ${(e as Error).message}` };
      }
    }
    const client = this.client!;
    this.lastTag = '';
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), STATEMENT_TIMEOUT_MS);
    });
    try {
      const res = await Promise.race([
        client.query({ text: sql, rowMode: 'array', types: RAW_TYPES } as pg.QueryArrayConfig),
        timeout,
      ]);
      if (res === 'timeout') {
        this.drop();
        return { kind: 'timeout' };
      }
      const r = (Array.isArray(res) ? res[res.length - 1] : res) as pg.QueryArrayResult;
      return {
        kind: 'ok',
        tag: this.lastTag || reconstructTag(r),
        fields: (r.fields ?? []).map((f) => ({ name: f.name, oid: f.dataTypeID })),
        rows: (r.rows ?? []) as (string | null)[][],
      };
    } catch (e) {
      const err = e as { code?: string; message?: string };
      if (!err.code) {
        // Not a server error: the connection broke. Start the next statement on a new one.
        this.drop();
        return { kind: 'error', code: 'connection', message: err.message ?? String(e) };
      }
      if (err.code === '57014' && /statement timeout/.test(err.message ?? '')) return { kind: 'timeout' };
      return { kind: 'error', code: err.code, message: err.message ?? '' };
    } finally {
      clearTimeout(timer);
    }
  }

  private drop(): void {
    const c = this.client;
    this.client = undefined;
    if (!c) return;
    (c as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
    c.end().catch(() => {});
  }

  async close(): Promise<void> {
    const c = this.client;
    this.client = undefined;
    if (!c) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      c.end().catch(() => {}),
      new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          this.drop();
          resolve();
        }, 2000);
      }),
    ]);
    clearTimeout(timer);
  }
}

function reconstructTag(r: pg.QueryResult): string {
  if (!r.command) return '';
  if (r.command === 'INSERT') return `INSERT ${r.oid ?? 0} ${r.rowCount ?? 0}`;
  return r.rowCount === null || r.rowCount === undefined ? r.command : `${r.command} ${r.rowCount}`;
}

/** Does the statement promise an order (a top-level ORDER BY)? Unparseable statements do not. */
export function isOrdered(sql: string): boolean {
  try {
    const stmts = parseQuery(sql);
    if (stmts.length !== 1) return false;
    // Only a plain query promises an order; RETURNING lists and EXPLAIN output are compared as multisets.
    return Boolean(stmts[0].node.SelectStmt?.sortClause?.length);
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Comparison

function typeLabel(oid: number): string {
  return `${typeNameOf(oid) ?? '?'}(${oid})`;
}

/**
 * Type OIDs match when equal, or when both are OIDs of user-defined types (>= FirstNormalObjectId, 16384): those
 * are allocated per database (a table's row type, an enum), in PG as in Lumos.
 */
function sameTypeOid(a: number, b: number): boolean {
  return a === b || (a >= 16384 && b >= 16384);
}

/** A value as it reads in PG text format: quoted, with only quotes and control characters escaped. */
function quote(v: string | null): string {
  if (v === null) return 'NULL';
  const s = v.length > 80 ? `${v.slice(0, 77)}...` : v;
  return `"${s.replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}"`;
}

function oneLine(s: string, max = 160): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 3)}...` : t;
}

function describe(o: Outcome): string {
  if (o.kind === 'ok') return `ok (${o.tag || 'no tag'})`;
  if (o.kind === 'timeout') return 'timeout';
  return `error ${o.code}: ${oneLine(o.message, 120)}`;
}

function rowKey(row: (string | null)[]): string {
  return JSON.stringify(row);
}

/** Returns undefined when the outcomes are identical, else [category, reason]. */
export function compareOutcomes(pgOut: Outcome, lumos: Outcome, ordered: boolean): [string, string] | undefined {
  if (pgOut.kind === 'timeout' || lumos.kind === 'timeout') {
    return ['timeout', `PG ${describe(pgOut)}, Lumos ${describe(lumos)}`];
  }
  if (pgOut.kind === 'error' && lumos.kind === 'error') {
    // A broken connection is never "the same error".
    if (pgOut.code === lumos.code && pgOut.code !== 'connection') return undefined;
    return [
      `SQLSTATE PG ${pgOut.code} Lumos ${lumos.code}`,
      `SQLSTATE PG ${pgOut.code} Lumos ${lumos.code}: ${oneLine(lumos.message, 120)} (PG: ${oneLine(pgOut.message, 80)})`,
    ];
  }
  if (pgOut.kind === 'error' && lumos.kind === 'ok') {
    return [
      `Lumos succeeds where PG fails ${pgOut.code}`,
      `PG error ${pgOut.code}: ${oneLine(pgOut.message, 100)}; Lumos ok (${lumos.tag})`,
    ];
  }
  if (pgOut.kind === 'ok' && lumos.kind === 'error') {
    return [
      `Lumos error ${lumos.code}: ${normalizeMessage(lumos.message)}`,
      `Lumos error ${lumos.code}: ${oneLine(lumos.message, 140)}`,
    ];
  }
  if (pgOut.kind !== 'ok' || lumos.kind !== 'ok') return undefined;

  if (pgOut.fields.length !== lumos.fields.length) {
    return [
      'column count',
      `columns PG (${pgOut.fields.map((f) => f.name).join(', ')}) Lumos (${lumos.fields.map((f) => f.name).join(', ')})`,
    ];
  }
  for (let i = 0; i < pgOut.fields.length; i++) {
    if (pgOut.fields[i].name !== lumos.fields[i].name) {
      return ['column name', `column ${i + 1} name: PG "${pgOut.fields[i].name}" Lumos "${lumos.fields[i].name}"`];
    }
  }
  for (let i = 0; i < pgOut.fields.length; i++) {
    if (!sameTypeOid(pgOut.fields[i].oid, lumos.fields[i].oid)) {
      const a = typeLabel(pgOut.fields[i].oid);
      const b = typeLabel(lumos.fields[i].oid);
      return [`column type PG ${a} Lumos ${b}`, `column "${pgOut.fields[i].name}" type: PG ${a} Lumos ${b}`];
    }
  }
  if (pgOut.rows.length !== lumos.rows.length) {
    const extra = firstMissing(lumos.rows, pgOut.rows);
    const missing = firstMissing(pgOut.rows, lumos.rows);
    const detail = missing
      ? `; missing in Lumos: ${rowText(missing)}`
      : extra
        ? `; extra in Lumos: ${rowText(extra)}`
        : '';
    return ['row count', `rows: PG ${pgOut.rows.length} Lumos ${lumos.rows.length}${detail}`];
  }
  let a = pgOut.rows;
  let b = lumos.rows;
  let how = '';
  if (!ordered) {
    a = [...a].sort(byKey);
    b = [...b].sort(byKey);
    how = ' (sorted)';
  }
  for (let r = 0; r < a.length; r++) {
    for (let c = 0; c < pgOut.fields.length; c++) {
      if (a[r][c] !== b[r][c]) {
        if (ordered && !multisetDiffers(a, b)) {
          return ['row order', `row order differs (same rows); first at row ${r + 1}`];
        }
        return [
          `value (${typeNameOf(pgOut.fields[c].oid) ?? pgOut.fields[c].oid})`,
          `value row ${r + 1}${how} col "${pgOut.fields[c].name}": PG ${quote(a[r][c])} Lumos ${quote(b[r][c])}`,
        ];
      }
    }
  }
  if (pgOut.tag !== lumos.tag) return ['command tag', `command tag: PG "${pgOut.tag}" Lumos "${lumos.tag}"`];
  return undefined;
}

/**
 * Group error messages into categories: argument lists, quoted names and numbers vary from statement to
 * statement, the kind of failure does not ("function date_trunc(unknown, date) does not exist" -> "function
 * date_trunc(...) does not exist").
 */
function normalizeMessage(message: string): string {
  return oneLine(message, 200)
    .replace(/^(function \w+)\([^)]*\)/, '$1(...)')
    .replace(/"[^"]*"/g, '"..."')
    .replace(/\b\d+\b/g, 'N');
}

function byKey(x: (string | null)[], y: (string | null)[]): number {
  const a = rowKey(x);
  const b = rowKey(y);
  return a < b ? -1 : a > b ? 1 : 0;
}

function multisetDiffers(a: (string | null)[][], b: (string | null)[][]): boolean {
  const sa = a.map(rowKey).sort();
  const sb = b.map(rowKey).sort();
  return sa.some((k, i) => k !== sb[i]);
}

/** First row of `rows` that `other` lacks (multiset difference). */
function firstMissing(rows: (string | null)[][], other: (string | null)[][]): (string | null)[] | undefined {
  const counts = new Map<string, number>();
  for (const r of other) counts.set(rowKey(r), (counts.get(rowKey(r)) ?? 0) + 1);
  for (const r of rows) {
    const k = rowKey(r);
    const n = counts.get(k) ?? 0;
    if (n === 0) return r;
    counts.set(k, n - 1);
  }
  return undefined;
}

function rowText(row: (string | null)[]): string {
  return `(${row.map(quote).join(', ')})`;
}

// ---------------------------------------------------------------------------------------------------------------
// Running

export function listFeatures(): string[] {
  return readdirSync(CORPUS_DIR)
    .filter((f) => f.endsWith('.sql'))
    .map((f) => f.slice(0, -4))
    .sort();
}

/**
 * Per-run database names carry the runner's host and pid, so concurrent runs (CI, other developers, other
 * containers sharing the server) never collide: compat_<feature>_h<host hash>p<pid>.
 */
const HOST_TAG = createHash('sha1').update(hostname()).digest('hex').slice(0, 6);
const RUN_TAG = `h${HOST_TAG}p${process.pid}`;

function dbName(feature: string): string {
  return `compat_${feature.replace(/[^a-z0-9]+/gi, '_').toLowerCase()}_${RUN_TAG}`;
}

async function adminQuery(pgConf: NonNullable<CompatOptions['pg']>, sql: string): Promise<pg.QueryResult> {
  const c = new pg.Client({ ...pgConf, database: 'postgres', connectionTimeoutMillis: STATEMENT_TIMEOUT_MS });
  c.on('error', () => {});
  await c.connect();
  try {
    return await c.query(sql);
  } finally {
    await c.end().catch(() => {});
  }
}

/**
 * Drop databases left behind by earlier runs on this host whose process is gone (crashed runs, --keep).
 * Without FORCE: a database somebody is connected to is never taken away.
 */
async function dropStaleDatabases(pgConf: NonNullable<CompatOptions['pg']>): Promise<void> {
  const res = await adminQuery(pgConf, "SELECT datname FROM pg_database WHERE datname LIKE 'compat\\_%'");
  for (const row of res.rows as { datname: string }[]) {
    const m = /_h([0-9a-f]{6})p(\d+)$/.exec(row.datname);
    if (!m || m[1] !== HOST_TAG) continue;
    const pid = Number(m[2]);
    if (pid === process.pid || processAlive(pid)) continue;
    await adminQuery(pgConf, `DROP DATABASE IF EXISTS "${row.datname}"`).catch(() => {});
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

type LumosServer = Awaited<ReturnType<typeof startServer>>;

/** A Lumos server with its own temporary data directory. */
async function startLumos(): Promise<{ server: LumosServer; dispose(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'lumos-compat-'));
  try {
    const server = await startServer(
      loadConfig(['--port', '0', '--data', dataDir, '--readers', '1', '--log-level', 'error'], {}),
    );
    return {
      server,
      async dispose() {
        await server.close().catch(() => {});
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
}

/** Drop (if left over) and create the file's PG database. */
async function createDatabase(pgConf: NonNullable<CompatOptions['pg']>, db: string): Promise<void> {
  await adminQuery(pgConf, `DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
  await adminQuery(pgConf, `CREATE DATABASE "${db}"`);
}

async function runFeature(
  feature: string,
  opts: CompatOptions,
  pgConf: NonNullable<CompatOptions['pg']>,
  dbReady: Promise<void>,
  lumosPort: number | undefined,
): Promise<FeatureResult> {
  const t0 = Date.now();
  const file = `corpus/${feature}.sql`;
  const stmts = splitStatements(readFileSync(join(CORPUS_DIR, `${feature}.sql`), 'utf8'));
  const result: FeatureResult = { feature, file, total: stmts.length, passed: 0, diffs: [], ms: 0 };
  const log = opts.log ?? console.log;
  const db = dbName(feature);
  // One connection pair per session named in the file (see split.ts); session '1' always exists.
  const sessions = new Map<string, { pg: Side; lumos: Side }>();
  const session = (name: string) => {
    let s = sessions.get(name);
    if (!s) {
      s = {
        pg: new Side('PG', { ...pgConf, database: db }),
        lumos: new Side('Lumos', { host: '127.0.0.1', port: lumosPort ?? 0, user: 'postgres', database: 'lumos' }),
      };
      sessions.set(name, s);
    }
    return s;
  };
  try {
    await dbReady;
    for (let i = 0; i < stmts.length; i++) {
      const { text, line } = stmts[i];
      const s = session(stmts[i].session);
      if (opts.pgOnly) {
        const a = await s.pg.exec(text);
        const shown = a.kind === 'ok' ? `${describe(a)} ${a.rows.length ? rowText(a.rows[0]) : ''}` : describe(a);
        log(`${feature}:${line} [${stmts[i].session}] ${oneLine(shown, 150)}\n    ${oneLine(text, 150)}`);
        result.passed++;
        continue;
      }
      const [a, b] = await Promise.all([s.pg.exec(text), s.lumos.exec(text)]);
      const diff = compareOutcomes(a, b, isOrdered(text));
      if (diff) {
        result.diffs.push({ index: i + 1, line, sql: text, category: diff[0], reason: diff[1] });
        if (opts.verbose) log(`  ${feature}:${line} DIFF ${diff[1]}\n    ${oneLine(text, 200)}`);
      } else {
        result.passed++;
        if (opts.verbose) log(`  ${feature}:${line} ok   ${oneLine(text, 100)}`);
      }
      for (const variant of opts.literalVariants ? literalVariants(text) : []) {
        result.variants ??= { total: 0, passed: 0, diffs: [] };
        result.variants.total++;
        const [va, vb] = await Promise.all([s.pg.exec(variant), s.lumos.exec(variant)]);
        const vdiff = compareOutcomes(va, vb, isOrdered(variant));
        if (vdiff)
          result.variants.diffs.push({ index: i + 1, line, sql: variant, category: vdiff[0], reason: vdiff[1] });
        else result.variants.passed++;
      }
    }
  } catch (e) {
    result.fatal = e instanceof Error ? e.message : String(e);
    log(`  ${feature}: could not run: ${result.fatal}`);
  } finally {
    // Closing the sessions also ends any transaction the file left open on Lumos before the next file runs.
    await Promise.all([...sessions.values()].flatMap((s) => [s.pg.close(), s.lumos.close()]));
  }
  result.ms = Date.now() - t0;
  return result;
}

/**
 * Files are dealt round-robin (in name order, so always the same way) to `concurrency` lanes that run in parallel.
 * Every file gets a fresh PG database. On the Lumos side each lane has one server with its own data directory
 * and runs its files one after another on fresh connections; corpus files use file-specific object names, so
 * they do not see each other. Booting a Lumos server costs ~3 CPU-seconds (SQLite worker threads), which for one
 * server per file would make the suite several times slower; `isolate` gives every file its own server anyway.
 */
export async function runCompat(opts: CompatOptions = {}): Promise<CompatSummary> {
  await initParser();
  const pgConf = opts.pg ?? pgDefaults();
  const all = listFeatures();
  const features = opts.files?.length ? opts.files : all;
  for (const f of features) {
    if (!all.includes(f)) throw new Error(`no corpus file compat/corpus/${f}.sql (have: ${all.join(', ')})`);
  }
  const background: Promise<unknown>[] = [dropStaleDatabases(pgConf).catch(() => {})];
  const results: FeatureResult[] = new Array(features.length);
  const laneCount = Math.max(1, Math.min(opts.concurrency ?? 3, features.length));
  const lanes = Array.from({ length: laneCount }, (_, k) =>
    features.map((_, i) => i).filter((i) => i % laneCount === k),
  );
  await Promise.all(
    lanes.map(async (indexes) => {
      let shared: Awaited<ReturnType<typeof startLumos>> | undefined;
      let sharedError: unknown;
      if (!opts.pgOnly && !opts.isolate) {
        try {
          shared = await startLumos();
        } catch (e) {
          sharedError = e;
        }
      }
      // The next file's database is created while the current file runs.
      let nextDb: Promise<void> | undefined;
      const prepare = (i: number) => {
        const p = createDatabase(pgConf, dbName(features[i]));
        p.catch(() => {});
        return p;
      };
      if (indexes.length) nextDb = prepare(indexes[0]);
      try {
        for (let n = 0; n < indexes.length; n++) {
          const i = indexes[n];
          const dbReady = nextDb!;
          nextDb = n + 1 < indexes.length ? prepare(indexes[n + 1]) : undefined;
          let own: Awaited<ReturnType<typeof startLumos>> | undefined;
          try {
            if (sharedError) throw sharedError;
            if (!opts.pgOnly && opts.isolate) own = await startLumos();
            const port = (own ?? shared)?.server.port;
            results[i] = await runFeature(features[i], opts, pgConf, dbReady, port);
          } catch (e) {
            const fatal = e instanceof Error ? e.message : String(e);
            (opts.log ?? console.log)(`  ${features[i]}: could not run: ${fatal}`);
            results[i] = {
              feature: features[i],
              file: `corpus/${features[i]}.sql`,
              total: 0,
              passed: 0,
              diffs: [],
              fatal,
              ms: 0,
            };
            results[i].total = splitStatements(readFileSync(join(CORPUS_DIR, `${features[i]}.sql`), 'utf8')).length;
          } finally {
            await own?.dispose();
          }
          // Dropping a database costs a checkpoint: off the critical path (awaited at the end of the run).
          const db = dbName(features[i]);
          if (!opts.keep)
            background.push(adminQuery(pgConf, `DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`).catch(() => {}));
          if (opts.verbose) (opts.log ?? console.log)(`${features[i]}: ${results[i].passed}/${results[i].total}`);
        }
      } finally {
        await shared?.dispose();
      }
    }),
  );
  await Promise.all(background);
  const total = results.reduce((sum, r) => sum + r.total, 0);
  const passed = results.reduce((sum, r) => sum + r.passed, 0);
  return { features: results, total, passed, passRate: total ? (100 * passed) / total : 0 };
}

// ---------------------------------------------------------------------------------------------------------------
// Reporting

function pct(passed: number, total: number): string {
  return total ? `${((100 * passed) / total).toFixed(1)}%` : '-';
}

export function categoryCounts(summary: CompatSummary): [string, number][] {
  const counts = new Map<string, number>();
  for (const f of summary.features) for (const d of f.diffs) counts.set(d.category, (counts.get(d.category) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

export function formatTable(summary: CompatSummary): string {
  const w = Math.max(8, ...summary.features.map((f) => f.feature.length));
  const lines = [`${'feature'.padEnd(w)}  passed / total      %`];
  for (const f of summary.features) {
    lines.push(
      `${f.feature.padEnd(w)}  ${String(f.passed).padStart(6)} / ${String(f.total).padEnd(5)} ${pct(f.passed, f.total).padStart(6)}${f.fatal ? '  (could not run)' : ''}`,
    );
  }
  lines.push(
    `${'overall'.padEnd(w)}  ${String(summary.passed).padStart(6)} / ${String(summary.total).padEnd(5)} ${pct(summary.passed, summary.total).padStart(6)}`,
  );
  return lines.join('\n');
}

/** For table cells. */
function mdEscape(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function renderReport(summary: CompatSummary): string {
  const out: string[] = [];
  out.push('# Compatibility report: Lumos vs PostgreSQL 15');
  out.push('');
  out.push(
    'Generated by `npm run compat` (compat/run.ts). Each statement of each corpus file runs on a real PostgreSQL 15 ' +
      '(fresh database per file) and on Lumos (fresh server per file); a statement passes when success/failure, ' +
      'SQLSTATE, command tag, column names, column type OIDs and every value in text format are identical (rows in ' +
      'order when the statement has a top-level ORDER BY, otherwise as multisets).',
  );
  out.push('');
  out.push(
    `**Overall: ${summary.passed} / ${summary.total} statements identical (${pct(summary.passed, summary.total)}).**`,
  );
  out.push('');
  out.push('| feature | corpus file | statements | passed | % |');
  out.push('|---|---|---:|---:|---:|');
  for (const f of summary.features) {
    out.push(
      `| ${f.feature} | [${f.file}](${f.file}) | ${f.total} | ${f.passed} | ${pct(f.passed, f.total)}${f.fatal ? ' (could not run)' : ''} |`,
    );
  }
  out.push(
    `| **overall** | | **${summary.total}** | **${summary.passed}** | **${pct(summary.passed, summary.total)}** |`,
  );
  out.push('');
  const cats = categoryCounts(summary);
  if (cats.length) {
    out.push('## Differences by category');
    out.push('');
    out.push('| category | statements |');
    out.push('|---|---:|');
    for (const [c, n] of cats) out.push(`| ${mdEscape(c)} | ${n} |`);
    out.push('');
  }
  out.push('## Differing statements');
  out.push('');
  let any = false;
  for (const f of summary.features) {
    if (!f.diffs.length && !f.fatal) continue;
    any = true;
    out.push(`### ${f.feature} (${f.total - f.passed} of ${f.total})`);
    out.push('');
    if (f.fatal) out.push(`File could not run: ${oneLine(f.fatal, 300)}`, '');
    for (const d of f.diffs) {
      // List items, not table cells: only newlines (already collapsed) and backticks need care.
      out.push(`- [${f.file}:${d.line}](${f.file}#L${d.line}) \`${oneLine(d.sql, 200).replace(/`/g, "'")}\``);
      out.push(`  — ${oneLine(d.reason, 400)}`);
    }
    out.push('');
  }
  if (!any) out.push('None: every statement matches PostgreSQL 15.', '');
  return out.join('\n');
}

export function readFloor(): number {
  try {
    const j = JSON.parse(readFileSync(FLOOR_PATH, 'utf8')) as { passRate?: number };
    return typeof j.passRate === 'number' ? j.passRate : 0;
  } catch {
    return 0;
  }
}

export function writeFloor(passRate: number): number {
  const floor = Math.max(0, Math.floor((passRate - 0.5) * 10) / 10);
  writeFileSync(FLOOR_PATH, `${JSON.stringify({ passRate: floor }, null, 2)}\n`);
  return floor;
}

async function main(argv: string[]): Promise<number> {
  const files: string[] = [];
  let verbose = false;
  let recordFloor = false;
  let pgOnly = false;
  let keep = false;
  let isolate = false;
  let literalVariants = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--file' || a === '-f') files.push(...(argv[++i] ?? '').split(',').filter(Boolean));
    else if (a.startsWith('--file=')) files.push(...a.slice(7).split(',').filter(Boolean));
    else if (a === '--verbose' || a === '-v') verbose = true;
    else if (a === '--record-floor') recordFloor = true;
    else if (a === '--pg-only') pgOnly = true;
    else if (a === '--keep') keep = true;
    else if (a === '--isolate') isolate = true;
    else if (a === '--literal-variants') literalVariants = true;
    else if (a === '--help' || a === '-h') {
      console.log(
        'usage: npm run compat -- [--file <feature>[,<feature>...]] [--verbose] [--record-floor] [--pg-only] [--keep] [--isolate] [--literal-variants]',
      );
      console.log('  --pg-only   run the corpus on PostgreSQL only and print every outcome (for writing corpus files)');
      console.log('  --keep      keep the PG databases (compat_<feature>_h<host>p<pid>) for inspection');
      console.log('  --isolate   a fresh Lumos server for every file (default: one per parallel lane)');
      console.log(
        '  --literal-variants  also run each read-only statement with its numbers changed (shape cache check)',
      );
      console.log(`features: ${listFeatures().join(', ')}`);
      return 0;
    } else {
      console.error(`unknown argument ${a}`);
      return 2;
    }
  }
  const summary = await runCompat({
    files: files.map((f) => basename(f, '.sql')),
    verbose,
    pgOnly,
    keep,
    isolate,
    literalVariants,
  });
  if (pgOnly) return 0;
  if (literalVariants) {
    const vs = summary.features.flatMap((f) => (f.variants ? [{ f, v: f.variants }] : []));
    const total = vs.reduce((n, x) => n + x.v.total, 0);
    const passed = vs.reduce((n, x) => n + x.v.passed, 0);
    console.log(`literal variants: ${passed} / ${total} identical to PostgreSQL`);
    for (const { f, v } of vs)
      for (const d of v.diffs) console.log(`  ${f.file}:${d.line}: ${d.reason}\n    ${d.sql.slice(0, 200)}`);
  }
  console.log(formatTable(summary));
  const cats = categoryCounts(summary);
  if (cats.length) {
    console.log('\ntop differences:');
    for (const [c, n] of cats.slice(0, 15)) console.log(`  ${String(n).padStart(4)}  ${c}`);
  }
  if (files.length) {
    for (const f of summary.features) for (const d of f.diffs) console.log(`${f.file}:${d.line}: ${d.reason}`);
    return 0;
  }
  writeFileSync(REPORT_PATH, renderReport(summary));
  console.log(`\nwrote ${REPORT_PATH}`);
  if (recordFloor) {
    const floor = writeFloor(summary.passRate);
    console.log(`recorded floor ${floor}% in ${FLOOR_PATH}`);
    return 0;
  }
  const floor = readFloor();
  if (summary.passRate < floor) {
    console.error(`pass rate ${summary.passRate.toFixed(2)}% is below the floor ${floor}% (compat/floor.json)`);
    return 1;
  }
  console.log(`pass rate ${summary.passRate.toFixed(2)}% >= floor ${floor}%`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      console.error(e);
      process.exit(2);
    },
  );
}
