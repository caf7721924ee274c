/**
 * Picks the Authenticator for a connection attempt and loads the users file.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CleartextAuthenticator } from './cleartext.js';
import { MD5_HASH, Md5Authenticator, md5HashFor } from './md5.js';
import { ScramAuthenticator } from './scram.js';
import {
  buildScramVerifier,
  hmacSha256,
  parseScramVerifier,
  SCRAM_DEFAULT_ITERATIONS,
  SCRAM_DEFAULT_SALT_LEN,
  type ScramVerifier,
} from './scram-secret.js';
import { tlsServerEndPoint } from './tls-binding.js';
import type { Authenticator, AuthMethod, UserSecret } from './types.js';

export { makeScramVerifier, parseScramVerifier } from './scram-secret.js';
export { tlsServerEndPoint } from './tls-binding.js';
export type { Authenticator, AuthMethod, AuthStep, UserSecret } from './types.js';

export interface AuthOptions {
  /**
   * DER of the server's TLS certificate (tls.TLSSocket#getCertificate().raw), only on TLS connections.
   * Opt-in: enables SCRAM-SHA-256-PLUS (tls-server-end-point). Reuse the same Buffer to hit the hash cache.
   */
  tlsServerCertDer?: Buffer;
}

// Like PG's mock_auth_nonce: a per-process secret so mock salts are stable per user name (repeated
// probes see the same salt, as for a real role) but unpredictable from outside.
const mockNonce = randomBytes(32);

function mockVerifier(user: string): ScramVerifier {
  const zero = Buffer.alloc(32);
  const salt = hmacSha256(mockNonce, user).subarray(0, SCRAM_DEFAULT_SALT_LEN);
  return { iterations: SCRAM_DEFAULT_ITERATIONS, salt, storedKey: zero, serverKey: zero };
}

// A plain password gets one verifier per secret (like a stored role), not a PBKDF2 run per connection.
const derived = new WeakMap<UserSecret, { password: string; verifier: ScramVerifier }>();

function scramVerifierFor(secret: UserSecret | undefined): ScramVerifier | null {
  if (!secret) return null;
  if (secret.scramVerifier !== undefined) return parseScramVerifier(secret.scramVerifier);
  if (secret.password === undefined) return null;
  const hit = derived.get(secret);
  if (hit?.password === secret.password) return hit.verifier;
  const verifier = buildScramVerifier(secret.password);
  derived.set(secret, { password: secret.password, verifier });
  return verifier;
}

function scram(user: string, secret: UserSecret | undefined, opts: AuthOptions): Authenticator {
  const verifier = scramVerifierFor(secret);
  const channelBinding = opts.tlsServerCertDer ? tlsServerEndPoint(opts.tlsServerCertDer) : null;
  return new ScramAuthenticator(user, verifier ?? mockVerifier(user), { doomed: !verifier, channelBinding });
}

/**
 * The authenticator for `method`, or null for trust. `secret` undefined means the user doesn't exist:
 * the exchange still runs to the end and fails with 28P01, indistinguishable from a wrong password.
 */
export function createAuthenticator(
  method: AuthMethod,
  user: string,
  secret: UserSecret | undefined,
  opts: AuthOptions = {},
): Authenticator | null {
  switch (method) {
    case 'trust':
      return null;
    case 'password':
      return new CleartextAuthenticator(user, secret);
    case 'md5': {
      // As in PG, md5 upgrades to SCRAM when only a SCRAM verifier is known. Unknown users stay on md5
      // (a mock exchange) so the method chosen doesn't reveal whether the role exists.
      const md5Hash = md5HashFor(user, secret);
      if (md5Hash === null && secret?.scramVerifier !== undefined) return scram(user, secret, opts);
      return new Md5Authenticator(user, md5Hash);
    }
    case 'scram-sha-256':
      return scram(user, secret, opts);
    default:
      throw new Error(`unknown auth method: ${String(method)}`);
  }
}

/**
 * Reads `{ "users": { "<name>": { "password": "..." } | { "scram": "SCRAM-SHA-256$..." } | { "md5": "md5..." } } }`.
 */
export function loadUsersFile(path: string): Map<string, UserSecret> {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`users file ${path}: ${(e as Error).message}`);
  }
  const fail = (what: string): never => {
    throw new Error(`users file ${path}: ${what}`);
  };
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(doc) || !isObject(doc.users)) fail('expected an object { "users": { "<name>": {...} } }');
  const users = new Map<string, UserSecret>();
  for (const [name, entry] of Object.entries((doc as { users: Record<string, unknown> }).users)) {
    if (name === '') fail('empty user name');
    if (!isObject(entry)) fail(`user "${name}": expected an object`);
    const e = entry as Record<string, unknown>;
    const keys = Object.keys(e);
    if (keys.length !== 1 || !['password', 'scram', 'md5'].includes(keys[0] as string)) {
      fail(`user "${name}": expected exactly one of "password", "scram", "md5"`);
    }
    const value = e[keys[0] as string];
    if (typeof value !== 'string' || value === '') fail(`user "${name}": ${keys[0]} must be a non-empty string`);
    const v = value as string;
    if (keys[0] === 'password') users.set(name, { password: v });
    else if (keys[0] === 'md5') {
      if (!MD5_HASH.test(v)) fail(`user "${name}": md5 must be "md5" followed by 32 hex digits`);
      users.set(name, { md5Hash: v });
    } else {
      if (!parseScramVerifier(v))
        fail(`user "${name}": scram must be SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>`);
      users.set(name, { scramVerifier: v });
    }
  }
  return users;
}
