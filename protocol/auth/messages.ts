/**
 * Authentication* backend messages and helpers shared by the authenticators.
 */
import { timingSafeEqual } from 'node:crypto';
import { SQLSTATE } from '../errors.js';
import type { AuthStep } from './types.js';

/** Authentication request codes (the int32 after the 'R' header). */
export const AUTH_CLEARTEXT = 3;
export const AUTH_MD5 = 5;
export const AUTH_SASL = 10;
export const AUTH_SASL_CONTINUE = 11;
export const AUTH_SASL_FINAL = 12;

/** 'R' + int32 length (including itself) + int32 code + body. */
export function authMessage(code: number, body?: Buffer): Buffer {
  const len = body ? body.length : 0;
  const out = Buffer.allocUnsafe(9 + len);
  out[0] = 0x52; // 'R'
  out.writeInt32BE(8 + len, 1);
  out.writeInt32BE(code, 5);
  if (body) body.copy(out, 9);
  return out;
}

export function passwordFailed(user: string): AuthStep {
  return {
    kind: 'fail',
    code: SQLSTATE.INVALID_PASSWORD,
    message: `password authentication failed for user "${user}"`,
  };
}

export function protocolViolation(message: string): AuthStep {
  return { kind: 'fail', code: SQLSTATE.PROTOCOL_VIOLATION, message };
}

/**
 * Body of a PasswordMessage: one NUL-terminated string filling the whole message.
 * Returns null when malformed (PG: "invalid password packet size").
 */
export function readPasswordPacket(body: Buffer): Buffer | null {
  const nul = body.indexOf(0);
  return nul >= 0 && nul === body.length - 1 ? body.subarray(0, nul) : null;
}

/** Length is not secret (PG itself uses strcmp); the content comparison is constant-time. */
export function safeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
