import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { makeSelfSignedCert } from '../../test/helpers/tls.js';
import { createAuthenticator, makeScramVerifier, parseScramVerifier, tlsServerEndPoint } from './index.js';
import { parseAuth, runScram, saslInitial } from './test-client.js';
import type { Authenticator, UserSecret } from './types.js';

const must = (a: Authenticator | null): Authenticator => {
  if (!a) throw new Error('expected an authenticator');
  return a;
};

describe('SCRAM-SHA-256-PLUS (tls-server-end-point)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lumos-cbind-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const der = (name: string, digest?: 'sha256' | 'sha384') =>
    new X509Certificate(readFileSync(makeSelfSignedCert(dir, { name, digest }).certPath)).raw;
  const sha256Cert = der('a');
  const sha384Cert = der('b', 'sha384');
  const otherCert = der('c');
  const secret: UserSecret = { password: 's3cret' };
  const plus = (cert: Buffer) =>
    must(createAuthenticator('scram-sha-256', 'alice', secret, { tlsServerCertDer: cert }));
  // pg computes the binding from the certificate the TLS socket presents.
  const peer = (raw: Buffer) => ({ getPeerCertificate: () => ({ raw }) });

  it('advertises PLUS first only when given the server certificate', () => {
    expect(parseAuth(plus(sha256Cert).initial()).data.toString('latin1')).toBe('SCRAM-SHA-256-PLUS\0SCRAM-SHA-256\0\0');
  });

  it.each([
    ['SHA-256', sha256Cert],
    ['SHA-384', sha384Cert],
  ])('binds to a %s-signed certificate', async (_, cert) => {
    expect(tlsServerEndPoint(cert)?.length).toBe(_ === 'SHA-256' ? 32 : 48);
    expect(await runScram(plus(cert), 's3cret', { stream: peer(cert) })).toMatchObject({ kind: 'ok' });
    expect(await runScram(plus(cert), 'wrong', { stream: peer(cert) })).toMatchObject({ code: '28P01' });
  });

  it('fails when the client saw a different certificate (MITM)', async () => {
    const step = await runScram(plus(sha256Cert), 's3cret', { stream: peer(otherCert) });
    expect(step).toMatchObject({ kind: 'fail', code: '28000', message: 'SCRAM channel binding check failed' });
  });

  it('rejects the y flag when PLUS was offered (downgrade)', async () => {
    const step = await runScram(plus(sha256Cert), 's3cret', {
      stream: peer(sha256Cert),
      mechanisms: () => ['SCRAM-SHA-256'],
    });
    expect(step).toMatchObject({ kind: 'fail', code: '08P01', message: 'SCRAM channel binding negotiation error' });
  });

  it('still allows plain SCRAM-SHA-256 from clients without channel binding support', async () => {
    expect(await runScram(plus(sha256Cert), 's3cret')).toMatchObject({ kind: 'ok' });
  });

  it('rejects PLUS without p=, and unknown binding types', () => {
    for (const first of ['n,,n=,r=abc', 'p=tls-unique,,n=,r=abc']) {
      const auth = plus(sha256Cert);
      auth.initial();
      expect(auth.respond(saslInitial('SCRAM-SHA-256-PLUS', first))).toMatchObject({ kind: 'fail', code: '08P01' });
    }
  });

  it('offers no PLUS for certificates it cannot hash', () => {
    expect(tlsServerEndPoint(Buffer.from('not a certificate'))).toBeNull();
    const auth = plus(Buffer.from([0x30, 0x03, 0x02, 0x01, 0x00]));
    expect(parseAuth(auth.initial()).data.toString('latin1')).toBe('SCRAM-SHA-256\0\0');
  });
});

describe('interoperability with PostgreSQL verifiers', () => {
  const role = 'lumos_auth_test';
  // 'ﬁ\u00a0…' changes under SASLprep; 'e\u0301' composes under NFKC; the control character makes PG skip
  // SASLprep and hash the raw bytes.
  const passwords = ['secret', 'ﬁ\u00a0pässwörd', 'cafe\u0301', 'ﬁ\u0001raw'];

  it('produces and accepts the verifiers PostgreSQL stores', async () => {
    const client = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres' });
    await client.connect();
    try {
      await client.query(`SET password_encryption = 'scram-sha-256'`);
      await client.query(`DROP ROLE IF EXISTS ${role}`);
      await client.query(`CREATE ROLE ${role} LOGIN PASSWORD 'secret'`);
      for (const password of passwords) {
        await client.query(`ALTER ROLE ${role} PASSWORD '${password.replaceAll("'", "''")}'`);
        const { rows } = await client.query<{ rolpassword: string }>(
          'SELECT rolpassword FROM pg_authid WHERE rolname = $1',
          [role],
        );
        const stored = rows[0]?.rolpassword ?? '';
        const parsed = parseScramVerifier(stored);
        expect(parsed, stored).not.toBeNull();
        if (!parsed) continue;
        expect(makeScramVerifier(password, { salt: parsed.salt, iterations: parsed.iterations })).toBe(stored);

        const auth = () => must(createAuthenticator('scram-sha-256', role, { scramVerifier: stored }));
        // pg's client SASLprep has no prohibited-character fallback, so it can't log in with the raw case either.
        if (!password.includes('\u0001')) expect(await runScram(auth(), password)).toMatchObject({ kind: 'ok' });
        expect(await runScram(auth(), `${password}x`)).toMatchObject({ code: '28P01' });
        const cleartext = must(createAuthenticator('password', role, { scramVerifier: stored }));
        expect(cleartext.respond(Buffer.from(`${password}\0`))).toEqual({ kind: 'ok' });
      }
    } finally {
      await client.query(`DROP ROLE IF EXISTS ${role}`).catch(() => undefined);
      await client.end();
    }
  });
});
