/**
 * pgcrypto's crypt() and gen_salt(): the algorithm is chosen by the salt's prefix like px_crypt ($1$: FreeBSD
 * MD5-crypt, here; $2a$/$2x$: bcrypt, crypt-blowfish.ts). The DES-based ones (traditional and extended, and
 * so $2b$/$2y$, which PG 15's pgcrypto reads as DES salts) are not provided and raise 0A000 rather than answer differently.
 */
import { createHash, randomBytes } from 'node:crypto';
import { PgError, SQLSTATE } from '../../../protocol/errors.js';
import { bcrypt, bcryptEncode } from './crypt-blowfish.js';

/** crypt(3)'s base-64 alphabet (MD5-crypt and DES salts). */
const ITOA64 = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function to64(value: number, chars: number): string {
  let out = '';
  for (let v = value; chars > 0; chars--, v >>>= 6) out += ITOA64[v & 0x3f];
  return out;
}

const md5 = (...parts: Buffer[]): Buffer => {
  const h = createHash('md5');
  for (const p of parts) h.update(p);
  return h.digest();
};

/** Poul-Henning Kamp's MD5-crypt ("$1$"), as pgcrypto's crypt-md5.c. */
export function md5Crypt(password: Buffer, setting: string): string {
  // The salt: up to 8 characters after the magic, ending at the first '$'.
  const salt = setting.slice(3).split('$')[0].slice(0, 8);
  const s = Buffer.from(salt);
  const magic = Buffer.from('$1$');
  const alternate = md5(password, s, password);
  const ctx = createHash('md5').update(password).update(magic).update(s);
  for (let left = password.length; left > 0; left -= 16) ctx.update(alternate.subarray(0, Math.min(left, 16)));
  // Then, per bit of the length, a zero byte or the password's first byte (its C string's NUL when empty).
  const first = Buffer.from([password.length ? password[0] : 0]);
  for (let i = password.length; i; i >>>= 1) ctx.update(i & 1 ? Buffer.from([0]) : first);
  let f: Buffer = ctx.digest();
  // 1000 rounds "to slow down crackers".
  for (let i = 0; i < 1000; i++) {
    const parts: Buffer[] = [i & 1 ? password : f];
    if (i % 3) parts.push(s);
    if (i % 7) parts.push(password);
    parts.push(i & 1 ? f : password);
    f = md5(...parts);
  }
  let out = `$1$${salt}$`;
  for (const [a, b, c] of [
    [0, 6, 12],
    [1, 7, 13],
    [2, 8, 14],
    [3, 9, 15],
    [4, 10, 5],
  ])
    out += to64((f[a] << 16) | (f[b] << 8) | f[c], 4);
  return out + to64(f[11], 2);
}

export function cryptPassword(password: Buffer, salt: string): string {
  if (salt.startsWith('$1$')) return md5Crypt(password, salt);
  if (salt.startsWith('$2a$') || salt.startsWith('$2x$')) return bcrypt(password, salt);
  throw new PgError(
    SQLSTATE.FEATURE_NOT_SUPPORTED,
    'crypt() supports only the md5 ($1$) and bf ($2a$) algorithms in Lumos, not DES-based salts',
  );
}

/** Rounds: [default, min, max] as pgcrypto's px_gen_salt (MD5-crypt has a fixed count). */
const ROUNDS: Record<string, [number, number, number]> = { md5: [1000, 1000, 1000], bf: [6, 4, 31] };

export function generateSalt(type: string, rounds: number): string {
  const kind = type.toLowerCase();
  const limits = ROUNDS[kind];
  if (!limits) {
    if (kind === 'des' || kind === 'xdes')
      throw new PgError(SQLSTATE.FEATURE_NOT_SUPPORTED, `gen_salt: the ${kind} algorithm is not provided by Lumos`);
    throw new PgError(SQLSTATE.INVALID_PARAMETER_VALUE, 'gen_salt: Unknown salt algorithm');
  }
  const r = rounds === 0 ? limits[0] : rounds;
  if (r < limits[1] || r > limits[2])
    throw new PgError(SQLSTATE.INVALID_PARAMETER_VALUE, 'gen_salt: Incorrect number of rounds');
  if (kind === 'md5') {
    // _crypt_gensalt_md5_rn: 6 random bytes as 8 characters.
    const b = randomBytes(6);
    return `$1$${to64(b[0] | (b[1] << 8) | (b[2] << 16), 4)}${to64(b[3] | (b[4] << 8) | (b[5] << 16), 4)}`;
  }
  return `$2a$${String(r).padStart(2, '0')}$${bcryptEncode(randomBytes(16))}`;
}
