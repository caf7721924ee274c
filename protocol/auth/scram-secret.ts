/**
 * SCRAM-SHA-256 secrets in PostgreSQL's pg_authid format and the key derivation behind them.
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';

export const SCRAM_KEY_LEN = 32;
export const SCRAM_DEFAULT_ITERATIONS = 4096;
export const SCRAM_DEFAULT_SALT_LEN = 16;

export interface ScramVerifier {
  iterations: number;
  salt: Buffer;
  storedKey: Buffer;
  serverKey: Buffer;
}

export function sha256(data: Buffer): Buffer {
  return createHash('sha256').update(data).digest();
}

export function hmacSha256(key: Buffer, data: Buffer | string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
// RFC 3454 C.1.2 (non-ASCII spaces, mapped to SPACE) and B.1 (mapped to nothing).
const NON_ASCII_SPACE = /[\u00A0\u1680\u2000-\u200B\u202F\u205F\u3000]/g;
// biome-ignore lint/suspicious/noMisleadingCharacterClass: RFC 3454 lists code points (variation selectors), not graphemes.
const MAPPED_TO_NOTHING = /[\u00AD\u034F\u1806\u180B-\u180D\u200C\u200D\u2060\uFE00-\uFE0F\uFEFF]/g;
// RFC 4013 prohibited output (C.2-C.9) plus code points unassigned today. PG checks unassigned against
// Unicode 3.2 (A.1), so passwords with characters assigned after 3.2 can differ; bidi rules are not checked.
const PROHIBITED =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: RFC 4013 prohibits exactly these control characters.
  // biome-ignore lint/suspicious/noMisleadingCharacterClass: the tables list code points, not graphemes.
  /[\u0000-\u001F\u007F-\u009F\u06DD\u070F\u180E\u2028\u2029\u2060-\u2063\u206A-\u206F\uFFF9-\uFFFF\uE000-\uF8FF\uFDD0-\uFDEF\u2FF0-\u2FFB\u0340\u0341\u200E\u200F\u202A-\u202E\u{1D173}-\u{1D17A}\u{E0001}\u{E0020}-\u{E007F}\u{F0000}-\u{10FFFF}\p{Cn}\p{Cs}]/u;

/**
 * SASLprep as PostgreSQL applies it (pg_saslprep): ASCII passwords are used as-is; otherwise map + NFKC,
 * and if the input is not valid UTF-8 or the result contains prohibited characters, fall back to the raw
 * bytes rather than rejecting the password (so legacy passwords keep working).
 */
export function saslprep(password: string | Buffer): Buffer {
  const raw = typeof password === 'string' ? Buffer.from(password, 'utf8') : password;
  if (!raw.some((b) => b >= 0x80)) return raw;
  let text: string;
  try {
    text = typeof password === 'string' ? password : strictUtf8.decode(raw);
  } catch {
    return raw;
  }
  const prepped = text.replace(NON_ASCII_SPACE, ' ').replace(MAPPED_TO_NOTHING, '').normalize('NFKC');
  if (prepped.length === 0 || PROHIBITED.test(prepped)) return raw;
  return Buffer.from(prepped, 'utf8');
}

/** StoredKey/ServerKey for a (SASLprep'd) password: the expensive part is the PBKDF2. */
export function deriveScramKeys(
  prepped: Buffer,
  salt: Buffer,
  iterations: number,
): { storedKey: Buffer; serverKey: Buffer } {
  const salted = pbkdf2Sync(prepped, salt, iterations, SCRAM_KEY_LEN, 'sha256');
  return { storedKey: sha256(hmacSha256(salted, 'Client Key')), serverKey: hmacSha256(salted, 'Server Key') };
}

export function formatScramVerifier(v: ScramVerifier): string {
  const b64 = (b: Buffer) => b.toString('base64');
  return `SCRAM-SHA-256$${v.iterations}:${b64(v.salt)}$${b64(v.storedKey)}:${b64(v.serverKey)}`;
}

export function buildScramVerifier(
  password: string | Buffer,
  opts: { iterations?: number; salt?: Buffer } = {},
): ScramVerifier {
  const iterations = opts.iterations ?? SCRAM_DEFAULT_ITERATIONS;
  if (!Number.isInteger(iterations) || iterations < 1) throw new Error(`invalid SCRAM iteration count: ${iterations}`);
  const salt = opts.salt ?? randomBytes(SCRAM_DEFAULT_SALT_LEN);
  return { iterations, salt, ...deriveScramKeys(saslprep(password), salt, iterations) };
}

/** PG's pg_authid format: SCRAM-SHA-256$<iterations>:<b64 salt>$<b64 StoredKey>:<b64 ServerKey> */
export function makeScramVerifier(password: string, opts: { iterations?: number; salt?: Buffer } = {}): string {
  return formatScramVerifier(buildScramVerifier(password, opts));
}

const B64 = '[A-Za-z0-9+/]*={0,2}';
const VERIFIER_RE = new RegExp(`^SCRAM-SHA-256\\$([1-9][0-9]{0,9}):(${B64})\\$(${B64}):(${B64})$`);

export function isBase64(s: string): boolean {
  return s.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(s);
}

/** Parses a pg_authid SCRAM secret; null if it is not one (PG then treats the role as having no valid secret). */
export function parseScramVerifier(text: string): ScramVerifier | null {
  const m = VERIFIER_RE.exec(text);
  if (!m) return null;
  const [, iter, salt, stored, server] = m as unknown as [string, string, string, string, string];
  const iterations = Number(iter);
  if (iterations > 0x7fffffff || !isBase64(salt) || !isBase64(stored) || !isBase64(server)) return null;
  const v = {
    iterations,
    salt: Buffer.from(salt, 'base64'),
    storedKey: Buffer.from(stored, 'base64'),
    serverKey: Buffer.from(server, 'base64'),
  };
  if (v.salt.length === 0 || v.storedKey.length !== SCRAM_KEY_LEN || v.serverKey.length !== SCRAM_KEY_LEN) return null;
  return v;
}
