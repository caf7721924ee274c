/**
 * `npm run bench`: pgbench against Lumos and against the real PostgreSQL 15, side by side in one run.
 *
 * For each run (BENCH_RUNS, default 3): `pgbench -i` on both (timed), then select-only (-S) and the TPC-B-like script
 * in -M simple, extended and prepared, each for BENCH_SECONDS (default 10) with -c 4 -j 2, alternating which target
 * goes first. Medians, Lumos/PG ratios, failed transactions and every error go to bench/RESULTS.md (also printed).
 * A Lumos that does not start or crashes is reported, never fatal: PostgreSQL's numbers are still produced.
 * Environment knobs: see bench/README.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, platform, release, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type LumosServer, startLumos } from './lib/lumos.js';
import {
  clientEnv,
  type InitRun,
  MODES,
  type PgbenchRun,
  pgbenchInit,
  pgbenchRun,
  pgbenchVersion,
  type Target,
  WORKLOADS,
} from './lib/pgbench.js';
import { failureReason, run } from './lib/proc.js';
import { summariseProfiles } from './lib/profile.js';
import { type Cell, type Results, renderMarkdown, TARGET_LABEL, type TargetKey } from './lib/report.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const env = process.env;

function intEnv(name: string, dflt: number, min = 1): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) {
    process.stderr.write(`bench: ${name}=${raw} is not an integer >= ${min}\n`);
    process.exit(2);
  }
  return n;
}

const quick = env.BENCH_QUICK === '1' || env.BENCH_QUICK === 'true';
const settings = {
  scale: intEnv('BENCH_SCALE', 1),
  clients: intEnv('BENCH_CLIENTS', 4),
  jobs: intEnv('BENCH_JOBS', 2),
  seconds: intEnv('BENCH_SECONDS', quick ? 3 : 10),
  runs: intEnv('BENCH_RUNS', quick ? 1 : 3),
  quick,
  sslmode: env.BENCH_SSLMODE || 'disable',
  profile: env.BENCH_PROFILE === '1',
  warmup: intEnv('BENCH_WARMUP', quick ? 1 : 3, 0),
  lumosFlags: (env.BENCH_LUMOS_FLAGS ?? '').split(/\s+/).filter((f) => f !== ''),
};
const targetsWanted = new Set((env.BENCH_TARGETS || 'pg,lumos').split(',').map((s) => s.trim()));
const outDir = join(repoRoot, 'bench', 'out');
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const resultsPath = env.BENCH_OUT
  ? resolve(env.BENCH_OUT)
  : quick
    ? join(outDir, 'RESULTS-quick.md')
    : join(repoRoot, 'bench', 'RESULTS.md');
const database = env.BENCH_DB || 'lumos_bench';
const pgTarget: Target = {
  name: TARGET_LABEL.pg,
  host: env.BENCH_PG_HOST || '127.0.0.1',
  port: intEnv('BENCH_PG_PORT', 5432),
  user: env.BENCH_PG_USER || 'postgres',
  database,
};
const pgEnv = clientEnv(settings.sslmode);

const log = (msg: string): void => void process.stderr.write(`${msg}\n`);

async function psqlValue(t: Target, db: string, sql: string): Promise<{ value?: string; error?: string }> {
  const args = ['-h', t.host, '-p', String(t.port), '-U', t.user, '-d', db, '-X', '-tAc', sql];
  const r = await run('psql', args, { env: pgEnv, timeoutMs: 20_000 });
  return r.code === 0 ? { value: r.stdout.trim() } : { error: failureReason(r, 'psql') };
}

/** Makes sure the PG benchmark database exists; returns an error message when PostgreSQL is not usable. */
async function preparePg(): Promise<string | undefined> {
  const exists = await psqlValue(pgTarget, 'postgres', `SELECT 1 FROM pg_database WHERE datname = '${database}'`);
  if (exists.error) return `PostgreSQL at ${pgTarget.host}:${pgTarget.port} is not usable: ${exists.error}`;
  if (exists.value === '1') return undefined;
  const r = await run('createdb', ['-h', pgTarget.host, '-p', String(pgTarget.port), '-U', pgTarget.user, database], {
    env: pgEnv,
    timeoutMs: 30_000,
  });
  return r.code === 0 ? undefined : `createdb ${database} failed: ${failureReason(r, 'createdb')}`;
}

function gitDescribe(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    return dirty.trim() ? `${head} + uncommitted changes` : head;
  } catch {
    return 'unknown';
  }
}

function nproc(): string {
  try {
    return execFileSync('nproc', { encoding: 'utf8' }).trim();
  } catch {
    return String(availableParallelism());
  }
}

/** Lumos as a benchmark target: spawned by us (restarted if it dies) or an existing server (BENCH_LUMOS_PORT). */
class LumosTarget {
  server?: LumosServer;
  error?: string;
  target?: Target;
  restarts = 0;
  readonly dataDir: string;
  readonly logPath = join(outDir, `lumos-${stamp}.log`);
  readonly profileDir = settings.profile ? join(outDir, `profile-${stamp}`) : undefined;
  readonly external = env.BENCH_LUMOS_PORT ? intEnv('BENCH_LUMOS_PORT', 5433) : undefined;
  readonly notes: string[] = [];

  constructor() {
    this.dataDir = mkdtempSync(join(env.BENCH_TMPDIR || tmpdir(), 'lumos-bench-'));
  }

  async start(): Promise<void> {
    if (this.external !== undefined) {
      this.target = { name: TARGET_LABEL.lumos, host: '127.0.0.1', port: this.external, user: 'postgres', database };
      return;
    }
    if (this.profileDir) mkdirSync(this.profileDir, { recursive: true });
    log(`starting Lumos (data ${this.dataDir}, log ${this.logPath})`);
    const r = await startLumos({
      repoRoot,
      dataDir: this.dataDir,
      logPath: this.logPath,
      profileDir: this.profileDir,
      extraFlags: settings.lumosFlags,
    });
    if (r.server) {
      this.server = r.server;
      this.error = undefined;
      this.target = { name: TARGET_LABEL.lumos, host: '127.0.0.1', port: r.server.port, user: 'postgres', database };
      log(`Lumos is accepting connections on port ${r.server.port} (pid ${r.server.pid})`);
    } else {
      this.error = r.error ?? 'Lumos did not start';
      log(this.error);
    }
  }

  /** The target to benchmark now, or an error message. Restarts a crashed server (a few times per bench). */
  async ensure(where: string): Promise<Target | string> {
    if (this.external !== undefined) return this.target as Target;
    if (this.server && !this.server.alive()) {
      const why = this.server.exitReason() ?? 'exited';
      this.server = undefined;
      if (this.restarts >= 3) {
        this.error = `Lumos crashed (not restarted again): ${why}`;
      } else {
        this.restarts++;
        this.notes.push(`Lumos died before ${where} and was restarted: ${why}`);
        log(`Lumos died (${why}); restarting`);
        await this.start();
      }
    }
    if (this.server && this.target) return this.target;
    return this.error ?? 'Lumos is not running';
  }

  async stop(): Promise<void> {
    await this.server?.stop();
    if (env.BENCH_KEEP !== '1') rmSync(this.dataDir, { recursive: true, force: true });
  }
}

function failedRun(error: string): PgbenchRun {
  return { ok: false, error, warnings: [], wallMs: 0 };
}

async function main(): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const startedAt = new Date();
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');
  log(
    `bench: ${settings.runs} run(s) x ${WORKLOADS.length * MODES.length} cells x ${settings.seconds} s, -c ${settings.clients} -j ${settings.jobs}, scale ${settings.scale}${quick ? ' (quick)' : ''}`,
  );

  const pgbench = await pgbenchVersion();
  const pgError = targetsWanted.has('pg') ? await preparePg() : 'not benchmarked (BENCH_TARGETS)';
  if (pgError) log(pgError);
  const pgVersion = pgError
    ? 'unavailable'
    : ((await psqlValue(pgTarget, database, 'SHOW server_version')).value ?? '?');

  const lumos = new LumosTarget();
  const stopAll = async (): Promise<void> => {
    await lumos.stop();
  };
  let interrupted = false;
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      interrupted = true;
      log(`bench: ${sig}, stopping Lumos`);
      void stopAll().finally(() => process.exit(130));
    });
  }
  if (targetsWanted.has('lumos')) await lumos.start();
  else lumos.error = 'not benchmarked (BENCH_TARGETS)';

  let lumosVersion = 'not running';
  if (lumos.target && !lumos.error) {
    const v = await psqlValue(lumos.target, database, 'SELECT version()');
    lumosVersion = v.value ?? `version() failed: ${v.error}`;
  }

  const init: Record<TargetKey, InitRun[]> = { pg: [], lumos: [] };
  const cells: Cell[] = [];
  for (const w of WORKLOADS)
    for (const m of MODES) cells.push({ workload: w.name, mode: m, runs: { pg: [], lumos: [] } });

  const resolveTarget = async (t: TargetKey, where: string): Promise<Target | string> =>
    t === 'pg' ? (pgError ?? pgTarget) : lumos.ensure(where);

  const initTimeout = (120 + 60 * settings.scale) * 1000;
  for (let r = 0; r < settings.runs && !interrupted; r++) {
    let step = 0;
    const order = (): TargetKey[] => ((r + step++) % 2 === 0 ? ['pg', 'lumos'] : ['lumos', 'pg']);
    for (const t of order()) {
      const target = await resolveTarget(t, `init run ${r + 1}`);
      if (typeof target === 'string') {
        init[t].push({ ok: false, wallMs: 0, error: target });
        continue;
      }
      const res = await pgbenchInit(target, settings.scale, pgEnv, initTimeout);
      init[t].push(res);
      log(
        `[run ${r + 1}/${settings.runs}] init ${TARGET_LABEL[t].padEnd(10)} ${res.ok ? `${(res.wallMs / 1000).toFixed(2)} s` : `FAILED ${res.error}`}`,
      );
    }
    // Unmeasured warm-up on the first run: Lumos's hot paths start interpreted (V8 JIT) and PG's caches cold.
    if (r === 0 && settings.warmup > 0) {
      for (const t of ['pg', 'lumos'] as const) {
        const target = await resolveTarget(t, 'warm-up');
        if (typeof target === 'string') continue;
        for (const w of WORKLOADS) {
          const opts = { clients: settings.clients, jobs: settings.jobs, seconds: settings.warmup, env: pgEnv };
          const res = await pgbenchRun(target, w, 'simple', opts);
          log(`[warm-up] ${w.name.padEnd(11)} ${TARGET_LABEL[t].padEnd(10)} ${res.ok ? 'ok' : `FAILED ${res.error}`}`);
        }
      }
    }
    for (const w of WORKLOADS) {
      for (const m of MODES) {
        const cell = cells.find((c) => c.workload === w.name && c.mode === m) as Cell;
        for (const t of order()) {
          if (interrupted) break;
          const where = `${w.name}/${m} run ${r + 1}`;
          const target = await resolveTarget(t, where);
          if (typeof target === 'string') {
            cell.runs[t].push(failedRun(target));
            continue;
          }
          const res = await pgbenchRun(target, w, m, {
            clients: settings.clients,
            jobs: settings.jobs,
            seconds: settings.seconds,
            env: pgEnv,
          });
          cell.runs[t].push(res);
          const what = res.ok ? `tps ${res.tps?.toFixed(0)} (failed txns ${res.failed ?? '?'})` : `FAILED ${res.error}`;
          log(
            `[run ${r + 1}/${settings.runs}] ${w.name.padEnd(11)} ${m.padEnd(8)} ${TARGET_LABEL[t].padEnd(10)} ${what}`,
          );
        }
      }
    }
  }

  await lumos.stop();
  // Start-up failures are listed under Errors already (each failed cell carries the message).
  const notes = [...lumos.notes];
  if (lumos.external === undefined && targetsWanted.has('lumos')) {
    notes.push(`Lumos server log: ${join('bench', 'out', `lumos-${stamp}.log`)} (bench/out/ is git-ignored).`);
  } else if (lumos.external !== undefined) {
    notes.push(`Lumos was an already running server on port ${lumos.external} (BENCH_LUMOS_PORT).`);
  }
  const results: Results = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    settings,
    machine: {
      nproc: nproc(),
      cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
      loadAtStart: load,
      loadAtEnd: loadavg()
        .map((l) => l.toFixed(2))
        .join(' / '),
      node: process.version,
      platform: `${platform()} ${release()}`,
    },
    versions: { pgbench, postgres: pgVersion, lumos: lumosVersion, git: gitDescribe() },
    init,
    cells,
    notes,
    profileSummary: lumos.profileDir ? summariseProfiles(lumos.profileDir, repoRoot) : undefined,
  };
  const md = renderMarkdown(results);
  writeFileSync(resultsPath, md);
  writeFileSync(join(outDir, `results-${stamp}.json`), `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(md);
  log(`\nwrote ${resultsPath}`);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
