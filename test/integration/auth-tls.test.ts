/**
 * Authentication (SCRAM-SHA-256, md5, cleartext, users file) and TLS, through node-pg, psql and the raw fake client.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TLSSocket } from 'node:tls';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeScramVerifier } from '../../protocol/auth/index.js';
import { type ErrorMessage, FakeClient, rowsIn, serialize } from '../helpers/fake-client.js';
import { startLumos, type TestLumos } from '../helpers/lumos.js';
import { makeSelfSignedCert, type SelfSignedCert } from '../helpers/tls.js';

let dir: string;
let cert: SelfSignedCert;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lumos-auth-'));
  cert = makeSelfSignedCert(dir);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** psql as a child process (never spawnSync: the server runs on this process's event loop). */
function psql(env: NodeJS.ProcessEnv, args: string[]): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('psql', ['-X', '-w', '-v', 'ON_ERROR_STOP=1', ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** Connect with node-pg and run one query; closes the client. Rejects with the connection error. */
async function connectAndQuery(
  lumos: TestLumos,
  extra: pg.ClientConfig,
  sql = 'SELECT 1 AS one',
): Promise<pg.QueryResult> {
  const c = new pg.Client(lumos.pgConfig(extra));
  c.on('error', () => {});
  try {
    await c.connect();
    return await c.query(sql);
  } finally {
    await c.end().catch(() => {});
  }
}

async function connectError(lumos: TestLumos, extra: pg.ClientConfig): Promise<pg.DatabaseError> {
  const err = await connectAndQuery(lumos, extra).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, 'connection should have failed').toBeInstanceOf(Error);
  return err as pg.DatabaseError;
}

/** The first authentication request the server sends to a raw start-up. */
async function firstAuthRequest(lumos: TestLumos, user = 'postgres'): Promise<{ name: string; mechanisms?: string[] }> {
  const c = await FakeClient.connect({ port: lumos.port });
  c.send(serialize.startup({ user, database: 'lumos' }));
  const m = await c.next();
  c.destroy();
  if (!m) throw new Error('closed before authentication');
  return { name: m.name, mechanisms: (m as unknown as { mechanisms?: string[] }).mechanisms };
}

describe('SCRAM-SHA-256 with --password', () => {
  let lumos: TestLumos;
  beforeAll(async () => {
    lumos = await startLumos(['--password', 'secret']);
  });
  afterAll(async () => {
    await lumos?.close();
  });

  it('asks for SCRAM-SHA-256', async () => {
    expect(await firstAuthRequest(lumos)).toEqual({ name: 'authenticationSASL', mechanisms: ['SCRAM-SHA-256'] });
  });

  it('lets node-pg in with the right password', async () => {
    const r = await connectAndQuery(lumos, { password: 'secret' }, 'SELECT current_user AS u');
    expect(r.rows).toEqual([{ u: 'postgres' }]);
  });

  it('rejects a wrong password with FATAL 28P01', async () => {
    const err = await connectError(lumos, { password: 'wrong' });
    expect(err.code).toBe('28P01');
    expect(err.severity).toBe('FATAL');
    expect(err.message).toBe('password authentication failed for user "postgres"');
  });

  it('rejects an unknown user with FATAL 28P01, like a wrong password', async () => {
    const err = await connectError(lumos, { user: 'mallory', password: 'secret' });
    expect(err.code).toBe('28P01');
    expect(err.message).toBe('password authentication failed for user "mallory"');
    // The unknown user gets the same SCRAM challenge as a real one (no user enumeration).
    expect(await firstAuthRequest(lumos, 'mallory')).toEqual({
      name: 'authenticationSASL',
      mechanisms: ['SCRAM-SHA-256'],
    });
  });

  it('lets psql in with PGPASSWORD', async () => {
    const r = await psql(lumos.env({ PGPASSWORD: 'secret' }), ['-tAc', 'SELECT 40 + 2']);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('42');
    expect(r.status).toBe(0);
  });

  it('refuses psql with a wrong PGPASSWORD', async () => {
    const r = await psql(lumos.env({ PGPASSWORD: 'nope' }), ['-tAc', 'SELECT 1']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('password authentication failed for user "postgres"');
    expect(r.stdout).toBe('');
  });

  it('refuses psql without a password', async () => {
    const env = lumos.env();
    delete env.PGPASSWORD;
    const r = await psql({ ...env, PGPASSFILE: join(dir, 'no-such-pgpass') }, ['-tAc', 'SELECT 1']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/password|authentication/);
  });
});

describe('users file', () => {
  let lumos: TestLumos;
  beforeAll(async () => {
    const usersFile = join(dir, 'users.json');
    writeFileSync(
      usersFile,
      JSON.stringify({
        users: {
          alice: { password: 'alice-pw' },
          bob: { scram: makeScramVerifier('bob-pw') },
        },
      }),
    );
    lumos = await startLumos(['--users-file', usersFile]);
  });
  afterAll(async () => {
    await lumos?.close();
  });

  it('lets each user in with their own password', async () => {
    const a = await connectAndQuery(lumos, { user: 'alice', password: 'alice-pw' }, 'SELECT current_user AS u');
    expect(a.rows).toEqual([{ u: 'alice' }]);
    const b = await connectAndQuery(lumos, { user: 'bob', password: 'bob-pw' }, 'SELECT current_user AS u');
    expect(b.rows).toEqual([{ u: 'bob' }]);
  });

  it("refuses a user with another user's password, and postgres (not in the file)", async () => {
    expect((await connectError(lumos, { user: 'alice', password: 'bob-pw' })).code).toBe('28P01');
    expect((await connectError(lumos, { user: 'bob', password: 'alice-pw' })).code).toBe('28P01');
    expect((await connectError(lumos, { user: 'postgres', password: 'alice-pw' })).code).toBe('28P01');
  });

  it('lets psql in as bob', async () => {
    const r = await psql(lumos.env({ PGUSER: 'bob', PGPASSWORD: 'bob-pw' }), ['-tAc', 'SELECT current_user']);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('bob');
  });
});

describe('md5 (--auth md5)', () => {
  let lumos: TestLumos;
  beforeAll(async () => {
    lumos = await startLumos(['--auth', 'md5', '--password', 'secret']);
  });
  afterAll(async () => {
    await lumos?.close();
  });

  it('asks for an md5 password and accepts node-pg', async () => {
    expect((await firstAuthRequest(lumos)).name).toBe('authenticationMD5Password');
    const r = await connectAndQuery(lumos, { password: 'secret' });
    expect(r.rows).toEqual([{ one: 1 }]);
  });

  it('rejects a wrong md5 password with 28P01', async () => {
    const err = await connectError(lumos, { password: 'secreT' });
    expect(err.code).toBe('28P01');
    expect(err.message).toBe('password authentication failed for user "postgres"');
  });

  it('accepts a hand-computed md5 response and rejects a replayed one with a new salt', async () => {
    const ok = await FakeClient.open({ port: lumos.port, database: 'lumos', password: 'secret' });
    expect(rowsIn((await ok.query('SELECT 3')).messages)).toEqual([['3']]);
    ok.end();
    // The inner hash alone (what a stolen pg_authid row holds) is not a valid response.
    const inner = `md5${createHash('md5').update('secretpostgres').digest('hex')}`;
    const bad = await FakeClient.connect({ port: lumos.port });
    const err = await bad.startup({ database: 'lumos', password: inner }).then(
      () => undefined,
      (e: ErrorMessage) => e,
    );
    expect(err?.code).toBe('28P01');
    bad.destroy();
  });

  it('lets psql in with PGPASSWORD', async () => {
    const r = await psql(lumos.env({ PGPASSWORD: 'secret' }), ['-tAc', 'SELECT 1']);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('1');
  });
});

describe('cleartext (--auth password)', () => {
  let lumos: TestLumos;
  beforeAll(async () => {
    lumos = await startLumos(['--auth', 'password', '--password', 'secret']);
  });
  afterAll(async () => {
    await lumos?.close();
  });

  it('asks for a cleartext password and accepts node-pg', async () => {
    expect((await firstAuthRequest(lumos)).name).toBe('authenticationCleartextPassword');
    const r = await connectAndQuery(lumos, { password: 'secret' });
    expect(r.rows).toEqual([{ one: 1 }]);
  });

  it('rejects a wrong cleartext password with 28P01', async () => {
    const err = await connectError(lumos, { password: 'Secret' });
    expect(err.code).toBe('28P01');
  });
});

describe('TLS', () => {
  let tls: TestLumos;
  let plain: TestLumos;
  beforeAll(async () => {
    [tls, plain] = await Promise.all([
      startLumos(['--tls-cert', cert.certPath, '--tls-key', cert.keyPath, '--password', 'secret']),
      startLumos(),
    ]);
  });
  afterAll(async () => {
    await Promise.all([tls?.close(), plain?.close()]);
  });

  it("answers SSLRequest with 'S' when a certificate is configured", async () => {
    const c = await FakeClient.connect({ port: tls.port });
    c.send(serialize.requestSsl());
    expect(await c.readByte()).toBe('S'.charCodeAt(0));
    c.destroy();
  });

  it('psql with sslmode=require connects over TLS (SCRAM inside TLS)', async () => {
    const r = await psql(tls.env({ PGSSLMODE: 'require', PGPASSWORD: 'secret' }), [
      '-c',
      'SELECT 1 AS one',
      '-c',
      '\\conninfo',
    ]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(' one \n-----\n   1\n(1 row)');
    expect(r.stdout).toMatch(/SSL connection \(protocol: TLSv1\.[23]/);
  });

  it('psql with sslmode=verify-full trusts the self-signed certificate given as root', async () => {
    const r = await psql(tls.env({ PGSSLMODE: 'verify-full', PGSSLROOTCERT: cert.certPath, PGPASSWORD: 'secret' }), [
      '-tAc',
      'SELECT 2',
    ]);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('2');
  });

  it('psql with channel_binding=require uses SCRAM-SHA-256-PLUS over TLS', async () => {
    const r = await psql(tls.env({ PGSSLMODE: 'require', PGCHANNELBINDING: 'require', PGPASSWORD: 'secret' }), [
      '-tAc',
      'SELECT 3',
    ]);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('3');
  });

  it('psql with a wrong password over TLS is refused with 28P01', async () => {
    const r = await psql(tls.env({ PGSSLMODE: 'require', PGPASSWORD: 'wrong' }), ['-tAc', 'SELECT 1']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('password authentication failed for user "postgres"');
  });

  it('psql with sslmode=require fails cleanly against a server without TLS', async () => {
    const r = await psql(plain.env({ PGSSLMODE: 'require' }), ['-tAc', 'SELECT 1']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('server does not support SSL, but SSL was required');
    // The server is fine afterwards.
    const ok = await psql(plain.env({ PGSSLMODE: 'prefer' }), ['-tAc', 'SELECT 3']);
    expect(ok.stdout.trim()).toBe('3');
  });

  it('node-pg with ssl (rejectUnauthorized: false) runs SCRAM and queries over TLS', async () => {
    const c = new pg.Client(tls.pgConfig({ password: 'secret', ssl: { rejectUnauthorized: false } }));
    c.on('error', () => {});
    await c.connect();
    try {
      const stream = (c as unknown as { connection: { stream: unknown } }).connection.stream;
      expect(stream).toBeInstanceOf(TLSSocket);
      expect((stream as TLSSocket).getProtocol()).toMatch(/^TLSv1\.[23]$/);
      const r = await c.query('SELECT $1::text AS s', ['over tls']);
      expect(r.rows).toEqual([{ s: 'over tls' }]);
    } finally {
      await c.end();
    }
  });

  it('node-pg with ssl and the certificate as CA verifies the server', async () => {
    const r = await connectAndQuery(tls, {
      password: 'secret',
      ssl: { ca: readFileSync(cert.certPath, 'utf8'), servername: 'localhost' },
    });
    expect(r.rows).toEqual([{ one: 1 }]);
  });

  it('node-pg with a wrong password over TLS gets 28P01', async () => {
    const err = await connectError(tls, { password: 'nope', ssl: { rejectUnauthorized: false } });
    expect(err.code).toBe('28P01');
  });

  it('node-pg with ssl against a server without TLS fails cleanly', async () => {
    const err = await connectError(plain, { ssl: { rejectUnauthorized: false } });
    expect(err.message).toContain('The server does not support SSL connections');
    const r = await connectAndQuery(plain, {});
    expect(r.rows).toEqual([{ one: 1 }]);
  });

  it('a plain connection to the TLS server still works (TLS is offered, not forced)', async () => {
    const r = await psql(tls.env({ PGSSLMODE: 'disable', PGPASSWORD: 'secret' }), ['-tAc', 'SELECT 4']);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('4');
  });

  it('many TLS connections at once', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        connectAndQuery(tls, { password: 'secret', ssl: { rejectUnauthorized: false } }, `SELECT ${i} AS i`),
      ),
    );
    expect(results.map((r) => r.rows[0].i)).toEqual(Array.from({ length: 10 }, (_, i) => i));
  });
});
