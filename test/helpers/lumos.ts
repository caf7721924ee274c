/**
 * Start a real Lumos server for a test: random port, temp data dir, closed and removed afterwards.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig } from '../../src/server/config.js';
import { type RunningServer, startServer } from '../../src/server/server.js';

export interface TestLumos {
  port: number;
  dataDir: string;
  server: RunningServer;
  /** Connection settings for node-pg. */
  pgConfig(extra?: pg.ClientConfig): pg.ClientConfig;
  /** A connected node-pg client (closed by close()). */
  client(extra?: pg.ClientConfig): Promise<pg.Client>;
  /** Environment for psql/pgbench child processes. */
  env(extra?: Record<string, string>): NodeJS.ProcessEnv;
  close(): Promise<void>;
}

export async function startLumos(flags: string[] = []): Promise<TestLumos> {
  const dataDir = mkdtempSync(join(tmpdir(), 'lumos-test-'));
  const config = loadConfig(['--port', '0', '--data', dataDir, ...flags], {});
  const server = await startServer(config);
  const clients: pg.Client[] = [];
  const t: TestLumos = {
    port: server.port,
    dataDir,
    server,
    pgConfig: (extra = {}) => ({ host: '127.0.0.1', port: server.port, user: 'postgres', database: 'lumos', ...extra }),
    async client(extra = {}) {
      const c = new pg.Client(t.pgConfig(extra));
      c.on('error', () => {});
      await c.connect();
      clients.push(c);
      return c;
    },
    env: (extra = {}) => ({
      ...process.env,
      PGHOST: '127.0.0.1',
      PGPORT: String(server.port),
      PGUSER: 'postgres',
      PGDATABASE: 'lumos',
      PGCONNECT_TIMEOUT: '10',
      ...extra,
    }),
    async close() {
      await Promise.all(clients.map((c) => c.end().catch(() => {})));
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return t;
}

/**
 * Run a client program (psql, pgbench) without blocking the event loop: the server under test runs in
 * this same process, so spawnSync would deadlock it.
 */
export function runTool(
  cmd: string,
  args: string[],
  opts: { input?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<{ stdout: string; stderr: string; status: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: opts.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, status });
    });
    child.stdin.end(opts.input ?? '');
  });
}
