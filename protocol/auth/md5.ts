/**
 * 'md5' method: AuthenticationMD5Password with a random salt; the client answers
 * 'md5' + md5(md5(password + user) + salt) in hex.
 */
import { createHash, randomBytes } from 'node:crypto';
import { AUTH_MD5, authMessage, passwordFailed, protocolViolation, readPasswordPacket, safeEqual } from './messages.js';
import type { Authenticator, AuthStep, UserSecret } from './types.js';

/** PG's stored md5 format. */
export const MD5_HASH = /^md5[0-9a-f]{32}$/;

export function md5Hex(data: Buffer | string): string {
  return createHash('md5').update(data).digest('hex');
}

/** PG's md5 storage format, 'md5' + md5(password + user); null if the secret can't provide it. */
export function md5HashFor(user: string, secret: UserSecret | undefined): string | null {
  if (secret?.password !== undefined) return `md5${md5Hex(secret.password + user)}`;
  if (secret?.md5Hash !== undefined && MD5_HASH.test(secret.md5Hash)) return secret.md5Hash;
  return null;
}

export class Md5Authenticator implements Authenticator {
  private readonly salt = randomBytes(4);
  private done = false;

  /** md5Hash null = doomed: the exchange still runs, then fails like a wrong password. */
  constructor(
    private readonly user: string,
    private readonly md5Hash: string | null,
  ) {}

  initial(): Buffer {
    return authMessage(AUTH_MD5, this.salt);
  }

  respond(body: Buffer): AuthStep {
    if (this.done) return protocolViolation('unexpected password message');
    this.done = true;
    const response = readPasswordPacket(body);
    if (!response) return protocolViolation('invalid password packet size');
    if (this.md5Hash === null) return passwordFailed(this.user);
    const expected = `md5${md5Hex(Buffer.concat([Buffer.from(this.md5Hash.slice(3), 'latin1'), this.salt]))}`;
    return safeEqual(response, Buffer.from(expected, 'latin1')) ? { kind: 'ok' } : passwordFailed(this.user);
  }
}
