/**
 * Test-only driver: runs an Authenticator against node-postgres' real client-side SASL/md5 code.
 */
import { pbkdf2Sync } from 'node:crypto';
import { createRequire } from 'node:module';
import { expect } from 'vitest';
import { hmacSha256, saslprep, sha256 } from './scram-secret.js';
import type { Authenticator, AuthStep } from './types.js';

export interface SaslSession {
  mechanism: string;
  clientNonce: string;
  response: string;
}
/** Stand-in for the TLS socket pg reads the server certificate from (only getPeerCertificate is used). */
export interface FakeTlsStream {
  getPeerCertificate(): { raw: Buffer };
}
interface PgSasl {
  startSession(mechanisms: string[], stream?: FakeTlsStream): SaslSession;
  continueSession(session: SaslSession, password: string, serverData: string, stream?: FakeTlsStream): Promise<void>;
  finalizeSession(session: SaslSession, serverData: string): void;
}
interface PgCryptoUtils {
  postgresMd5PasswordHash(user: string, password: string, salt: Buffer): Promise<string>;
}

const require = createRequire(import.meta.url);
export const sasl = require('pg/lib/crypto/sasl.js') as PgSasl;
export const pgCrypto = require('pg/lib/crypto/utils.js') as PgCryptoUtils;

/** Checks the 'R' framing and splits an Authentication* message into its code and payload. */
export function parseAuth(msg: Buffer): { code: number; data: Buffer } {
  expect(msg[0]).toBe(0x52);
  expect(msg.readInt32BE(1)).toBe(msg.length - 1);
  return { code: msg.readInt32BE(5), data: msg.subarray(9) };
}

export function cstring(s: string): Buffer {
  return Buffer.from(`${s}\0`);
}

/** SASLInitialResponse body; data null encodes "no initial response" (length -1). */
export function saslInitial(mechanism: string, data: string | null): Buffer {
  const payload = data === null ? Buffer.alloc(0) : Buffer.from(data, 'latin1');
  const len = Buffer.alloc(4);
  len.writeInt32BE(data === null ? -1 : payload.length);
  return Buffer.concat([cstring(mechanism), len, payload]);
}

export interface ScramRun {
  stream?: FakeTlsStream;
  mechanisms?: (advertised: string[]) => string[];
  editFirst?: (clientFirst: string) => string;
  editFinal?: (clientFinal: string) => string;
}

/** Full SCRAM exchange; on 'ok' pg also verifies the server signature (finalizeSession throws otherwise). */
export async function runScram(auth: Authenticator, password: string, run: ScramRun = {}): Promise<AuthStep> {
  const init = parseAuth(auth.initial());
  expect(init.code).toBe(10);
  const advertised = init.data.toString('latin1').split('\0').filter(Boolean);
  const session = sasl.startSession(run.mechanisms ? run.mechanisms(advertised) : advertised, run.stream);
  const first = run.editFirst ? run.editFirst(session.response) : session.response;
  const step1 = auth.respond(saslInitial(session.mechanism, first));
  if (step1.kind !== 'continue') return step1;
  const cont = parseAuth(step1.reply);
  expect(cont.code).toBe(11);
  await sasl.continueSession(session, password, cont.data.toString('latin1'), run.stream);
  const final = run.editFinal ? run.editFinal(session.response) : session.response;
  const step2 = auth.respond(Buffer.from(final, 'latin1'));
  if (step2.kind === 'ok') {
    expect(step2.reply).toBeDefined();
    const fin = parseAuth(step2.reply as Buffer);
    expect(fin.code).toBe(12);
    sasl.finalizeSession(session, fin.data.toString('latin1'));
  }
  return step2;
}

export async function runMd5(auth: Authenticator, user: string, password: string): Promise<AuthStep> {
  const init = parseAuth(auth.initial());
  expect(init.code).toBe(5);
  expect(init.data.length).toBe(4);
  return auth.respond(cstring(await pgCrypto.postgresMd5PasswordHash(user, password, init.data)));
}

export function serverFirstOf(auth: Authenticator, clientFirst = 'n,,n=*,r=abc'): string {
  auth.initial();
  const step = auth.respond(saslInitial('SCRAM-SHA-256', clientFirst));
  if (step.kind !== 'continue') throw new Error(`expected continue, got ${JSON.stringify(step)}`);
  return parseAuth(step.reply).data.toString('latin1');
}

/** Minimal independent SCRAM client for messages pg can't produce (custom username, extensions). */
export function manualScram(auth: Authenticator, password: string, bare: string, finalExt = ''): AuthStep {
  const serverFirst = serverFirstOf(auth, `n,,${bare}`);
  const m = /^r=([^,]+),s=([^,]+),i=(\d+)$/.exec(serverFirst);
  if (!m) throw new Error(`bad server-first-message ${serverFirst}`);
  const [, nonce, salt, iterations] = m as unknown as [string, string, string, string];
  const salted = pbkdf2Sync(saslprep(password), Buffer.from(salt, 'base64'), Number(iterations), 32, 'sha256');
  const clientKey = hmacSha256(salted, 'Client Key');
  const withoutProof = `c=biws,r=${nonce}${finalExt}`;
  const signature = hmacSha256(sha256(clientKey), `${bare},${serverFirst},${withoutProof}`);
  const proof = Buffer.from(clientKey.map((b, i) => b ^ (signature[i] as number)));
  return auth.respond(Buffer.from(`${withoutProof},p=${proof.toString('base64')}`));
}
