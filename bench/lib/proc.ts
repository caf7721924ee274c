/**
 * Child-process helpers for the benchmark harness: run a command to completion with a timeout and never throw
 * (a missing binary, a crash or a hang all come back as a result the report can show).
 */
import { spawn } from 'node:child_process';

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall-clock time from spawn to exit, in milliseconds. */
  ms: number;
  timedOut: boolean;
  /** Set when the process could not be started at all (ENOENT...). */
  spawnError?: string;
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  timeoutMs?: number;
}

const OUTPUT_CAP = 4 * 1024 * 1024;

export function run(cmd: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolvePromise) => {
    const started = performance.now();
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let settled = false;
    const child = spawn(cmd, args, { env: opts.env ?? process.env, cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const finish = (r: Omit<RunResult, 'stdout' | 'stderr' | 'ms' | 'timedOut'>): void => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      resolvePromise({ ...r, stdout, stderr, ms: performance.now() - started, timedOut });
    };
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      if (stdout.length < OUTPUT_CAP) stdout += d;
    });
    child.stderr.on('data', (d: string) => {
      if (stderr.length < OUTPUT_CAP) stderr += d;
    });
    const timer =
      opts.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 3000).unref();
          }, opts.timeoutMs);
    child.on('error', (e) => finish({ code: null, signal: null, spawnError: `${cmd}: ${e.message}` }));
    child.on('close', (code, signal) => finish({ code, signal }));
  });
}

/** One line that says why a command failed, for a report cell. */
export function failureReason(r: RunResult, what: string, ignore: readonly string[] = []): string {
  if (r.spawnError) return r.spawnError;
  if (r.timedOut) return `${what} timed out after ${(r.ms / 1000).toFixed(0)} s`;
  const lines = `${r.stderr}\n${r.stdout}`
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !ignore.includes(l));
  // pgbench and psql put the useful part on a line with "error"/"FATAL"/"ERROR"; fall back to the last line.
  const useful =
    lines.find((l) => /\b(ERROR|FATAL|PANIC)\b/.test(l)) ?? lines.find((l) => /error/i.test(l)) ?? lines.at(-1);
  const status = r.signal ? `killed by ${r.signal}` : `exit ${r.code}`;
  return useful ? `${useful} (${status})` : `${what} failed (${status})`;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
