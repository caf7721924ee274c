/**
 * 'password' method: AuthenticationCleartextPassword, then a PasswordMessage with the password itself.
 */

import { md5Hex } from './md5.js';
import {
  AUTH_CLEARTEXT,
  authMessage,
  passwordFailed,
  protocolViolation,
  readPasswordPacket,
  safeEqual,
} from './messages.js';
import { deriveScramKeys, parseScramVerifier, saslprep } from './scram-secret.js';
import type { Authenticator, AuthStep, UserSecret } from './types.js';

/** Checks a cleartext password against whichever form of the secret is known. */
export function verifyCleartext(user: string, secret: UserSecret | undefined, password: Buffer): boolean {
  if (!secret) return false;
  // SASLprep both sides so the plain secret accepts exactly what its SCRAM verifier would.
  if (secret.password !== undefined) return safeEqual(saslprep(password), saslprep(secret.password));
  if (secret.md5Hash !== undefined) {
    const expected = `md5${md5Hex(Buffer.concat([password, Buffer.from(user)]))}`;
    return safeEqual(Buffer.from(expected), Buffer.from(secret.md5Hash));
  }
  const v = secret.scramVerifier !== undefined ? parseScramVerifier(secret.scramVerifier) : null;
  if (!v) return false;
  // PG (scram_verify_plain_password) compares the ServerKey; StoredKey is checked too for free.
  const keys = deriveScramKeys(saslprep(password), v.salt, v.iterations);
  return safeEqual(keys.serverKey, v.serverKey) && safeEqual(keys.storedKey, v.storedKey);
}

export class CleartextAuthenticator implements Authenticator {
  private done = false;

  constructor(
    private readonly user: string,
    private readonly secret: UserSecret | undefined,
  ) {}

  initial(): Buffer {
    return authMessage(AUTH_CLEARTEXT);
  }

  respond(body: Buffer): AuthStep {
    if (this.done) return protocolViolation('unexpected password message');
    this.done = true;
    const password = readPasswordPacket(body);
    if (!password) return protocolViolation('invalid password packet size');
    // PG refuses an empty password outright (it never matches a stored secret).
    if (password.length === 0 || !verifyCleartext(this.user, this.secret, password)) return passwordFailed(this.user);
    return { kind: 'ok' };
  }
}
