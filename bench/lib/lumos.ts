/**
 * Starts Lumos as a child process for a benchmark (the same entry point as `npm start`), waits until it accepts
 * connections and stops it cleanly. Failures come back as messages, never as exceptions: the harness must still
 * report PostgreSQL's numbers when Lumos does not start.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { join } from 'node:path';
import { run, sleep } from './proc.js';

export interface LumosOptions {
  repoRoot: string;
  dataDir: string;
  logPath: string;
  /** Directory for V8 CPU profiles (node --cpu-prof); unset = no profiling. */
  profileDir?: string;
  readyTimeoutMs?: number;
  /** Extra `serve` flags (e.g. --readers 4), from BENCH_LUMOS_FLAGS. */
  extraFlags?: string[];
}

export interface LumosServer {
  readonly port: number;
  readonly pid: number | undefined;
  alive(): boolean;
  /** Why the process ended, with the end of its log; undefined while it runs. */
  exitReason(): string | undefined;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

export function tail(path: string, lines = 15): string {
  try {
    const all = readFileSync(path, 'utf8')
      .split('\n')
      // Stack frames say little in a report cell; the message line above them is what matters.
      .filter((l) => l.trim() !== '' && !/^\s+at /.test(l));
    return all.slice(-lines).join('\n');
  } catch {
    return '';
  }
}

function tcpProbe(host: string, port: number): Promise<boolean> {
  return new Promise((resolveProbe) => {
    const sock = createConnection({ host, port });
    const done = (ok: boolean): void => {
      sock.destroy();
      resolveProbe(ok);
    };
    sock.setTimeout(1000, () => done(false));
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}

/**
 * True once the server answers a startup packet. pg_isready exits 0 (accepting) or 1 (rejecting, e.g. still
 * starting up); without pg_isready a TCP connect is the best we can do.
 */
export async function isReady(host: string, port: number): Promise<boolean> {
  const r = await run('pg_isready', ['-h', host, '-p', String(port), '-U', 'postgres', '-t', '2'], { timeoutMs: 5000 });
  if (r.spawnError) return tcpProbe(host, port);
  return r.code === 0;
}

export async function startLumos(opts: LumosOptions): Promise<{ server?: LumosServer; error?: string }> {
  const tsx = join(opts.repoRoot, 'node_modules', '.bin', 'tsx');
  const main = join(opts.repoRoot, 'src', 'cli', 'main.ts');
  if (!existsSync(tsx)) return { error: `${tsx} not found: run npm ci first` };
  if (!existsSync(main)) return { error: `${main} not found` };
  const port = await freePort();
  const serveArgs = [main, 'serve', '--port', String(port), '--data', opts.dataDir, ...(opts.extraFlags ?? [])];
  // node --import tsx is what tsx does itself; going through node directly lets us add V8 flags for profiling.
  const [cmd, args] = opts.profileDir
    ? [process.execPath, ['--cpu-prof', '--cpu-prof-dir', opts.profileDir, '--import', 'tsx', ...serveArgs]]
    : [tsx, serveArgs];
  // A user's LUMOS_* settings (password, port, config file) must not leak into the benchmarked server.
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('LUMOS_')) env[k] = v;
  env.LUMOS_LOG_LEVEL = 'warn';

  const logFd = openSync(opts.logPath, 'a');
  let child: ChildProcess;
  try {
    child = spawn(cmd, args, { cwd: opts.repoRoot, env, stdio: ['ignore', logFd, logFd] });
  } finally {
    closeSync(logFd);
  }
  let exit: string | undefined;
  let spawnError: string | undefined;
  const exited = new Promise<void>((resolveExit) => {
    child.once('error', (e) => {
      spawnError = `cannot start Lumos: ${e.message}`;
      exit = spawnError;
      resolveExit();
    });
    child.once('exit', (code, signal) => {
      const log = tail(opts.logPath);
      exit = `Lumos exited (${signal ? `signal ${signal}` : `code ${code}`})${log ? `: ${log}` : ''}`;
      resolveExit();
    });
  });

  const server: LumosServer = {
    port,
    pid: child.pid,
    alive: () => exit === undefined,
    exitReason: () => exit,
    async stop() {
      if (exit !== undefined) return;
      child.kill('SIGTERM');
      // Lumos closes cleanly on SIGTERM (a CPU profile is only written on a clean exit); a hang gets SIGKILL.
      const stopped = await Promise.race([exited.then(() => true), sleep(20_000).then(() => false)]);
      if (!stopped) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };

  const deadline = Date.now() + (opts.readyTimeoutMs ?? 120_000);
  while (Date.now() < deadline) {
    if (exit !== undefined)
      return { error: exit.replace(/^Lumos exited/, 'Lumos exited before accepting connections') };
    if (await isReady('127.0.0.1', port)) return { server };
    await sleep(250);
  }
  const log = tail(opts.logPath);
  await server.stop();
  return {
    error: `Lumos did not accept connections within ${(opts.readyTimeoutMs ?? 120_000) / 1000} s${log ? `: ${log}` : ''}`,
  };
}
