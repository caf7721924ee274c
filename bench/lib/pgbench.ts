/**
 * Runs pgbench (initialisation and timed runs) against one target and parses what it prints.
 */
import { failureReason, run } from './proc.js';

export interface Target {
  /** Short name used in the report: "PostgreSQL" or "Lumos". */
  name: string;
  host: string;
  port: number;
  user: string;
  database: string;
}

export type Mode = 'simple' | 'extended' | 'prepared';

export interface Workload {
  /** Report label. */
  name: string;
  /** pgbench flags selecting the script (empty = built-in TPC-B-like script). */
  flags: string[];
}

export const WORKLOADS: readonly Workload[] = [
  { name: 'select-only', flags: ['-S'] },
  { name: 'tpcb-like', flags: [] },
];
export const MODES: readonly Mode[] = ['simple', 'extended', 'prepared'];

export interface PgbenchRun {
  ok: boolean;
  /** "tps = N (without initial connection time)"; may be present on a failed run (some clients aborted). */
  tps?: number;
  failed?: number;
  processed?: number;
  latencyMs?: number;
  error?: string;
  /** Errors pgbench ignored (e.g. its VACUUM before the run). */
  warnings: string[];
  wallMs: number;
}

export interface InitRun {
  ok: boolean;
  wallMs: number;
  /** pgbench's own "done in X s (...)" line, when present. */
  detail?: string;
  error?: string;
}

/** Client environment: no TLS (the same for both targets; TLS would only measure OpenSSL) and no stray PG* settings. */
export function clientEnv(sslmode: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('PG')) env[k] = v;
  }
  env.PGSSLMODE = sslmode;
  env.PGCONNECT_TIMEOUT = '10';
  return env;
}

function connArgs(t: Target): string[] {
  return ['-h', t.host, '-p', String(t.port), '-U', t.user];
}

export function parseRunOutput(text: string): Omit<PgbenchRun, 'ok' | 'wallMs' | 'error'> {
  const num = (re: RegExp): number | undefined => {
    const m = re.exec(text);
    return m ? Number(m[1]) : undefined;
  };
  // pgbench logs an error it ignores (its VACUUM before a run) as an error line followed by a detail line.
  const lines = text.split('\n').map((l) => l.trim());
  const warnings: string[] = [];
  lines.forEach((l, i) => {
    if (/ignoring this error/i.test(l)) {
      const prev = lines[i - 1];
      if (prev) warnings.push(prev);
      warnings.push(l);
    }
  });
  return {
    tps: num(/^tps = ([\d.]+) \(without initial connection time\)/m),
    failed: num(/^number of failed transactions: (\d+)/m),
    processed: num(/^number of transactions actually processed: (\d+)/m),
    latencyMs: num(/^latency average = ([\d.]+) ms/m),
    warnings: [...new Set(warnings)],
  };
}

export async function pgbenchInit(
  t: Target,
  scale: number,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<InitRun> {
  const r = await run('pgbench', ['-i', '-s', String(scale), ...connArgs(t), t.database], { env, timeoutMs });
  const text = `${r.stdout}\n${r.stderr}`;
  const detail = /^done in .*$/m.exec(text)?.[0];
  if (r.code === 0 && !r.timedOut) return { ok: true, wallMs: r.ms, detail };
  return { ok: false, wallMs: r.ms, detail, error: failureReason(r, 'pgbench -i') };
}

export async function pgbenchRun(
  t: Target,
  w: Workload,
  mode: Mode,
  opts: { clients: number; jobs: number; seconds: number; env: NodeJS.ProcessEnv },
): Promise<PgbenchRun> {
  const args = [
    ...w.flags,
    '-M',
    mode,
    '-c',
    String(opts.clients),
    '-j',
    String(opts.jobs),
    '-T',
    String(opts.seconds),
    ...connArgs(t),
    t.database,
  ];
  // pgbench -T stops on its own; the margin covers connection set-up and its VACUUM. A hung server gets killed.
  const r = await run('pgbench', args, { env: opts.env, timeoutMs: (opts.seconds + 60) * 1000 });
  const parsed = parseRunOutput(`${r.stdout}\n${r.stderr}`);
  const aborted = /Run was aborted/.test(`${r.stdout}\n${r.stderr}`);
  if (r.code === 0 && !r.timedOut && parsed.tps !== undefined && !aborted) {
    return { ok: true, ...parsed, wallMs: r.ms };
  }
  const error = aborted && r.code === 0 ? 'run was aborted' : failureReason(r, 'pgbench', parsed.warnings);
  return { ok: false, ...parsed, wallMs: r.ms, error };
}

export async function pgbenchVersion(): Promise<string> {
  const r = await run('pgbench', ['--version'], { timeoutMs: 10_000 });
  return r.code === 0 ? r.stdout.trim() : `unavailable (${failureReason(r, 'pgbench --version')})`;
}
