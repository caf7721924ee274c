/** Untyped start-up packets: StartupMessage, SSLRequest, GSSENCRequest, CancelRequest. */
import { PgError, SQLSTATE } from './errors.js';

export const PROTOCOL_3_0 = 196608;
export const SSL_REQUEST_CODE = 80877103;
export const GSSENC_REQUEST_CODE = 80877104;
export const CANCEL_REQUEST_CODE = 80877102;
/** PostgreSQL's MAX_STARTUP_PACKET_LENGTH. */
export const MAX_STARTUP_PACKET = 10000;

export type StartupPacket =
  | { kind: 'ssl' }
  | { kind: 'gssenc' }
  | { kind: 'cancel'; processId: number; secretKey: number }
  | { kind: 'startup'; params: Record<string, string> };

function fatal(code: string, message: string): PgError {
  return new PgError(code, message, { severity: 'FATAL' });
}

/** Decode a complete start-up packet (`packet` includes its own int32 length). */
export function decodeStartupPacket(packet: Buffer): StartupPacket {
  if (packet.length < 8) throw fatal(SQLSTATE.PROTOCOL_VIOLATION, 'invalid length of startup packet');
  const code = packet.readInt32BE(4);
  if (code === SSL_REQUEST_CODE) return { kind: 'ssl' };
  if (code === GSSENC_REQUEST_CODE) return { kind: 'gssenc' };
  if (code === CANCEL_REQUEST_CODE) {
    if (packet.length !== 16) throw fatal(SQLSTATE.PROTOCOL_VIOLATION, 'invalid length of cancel request');
    return { kind: 'cancel', processId: packet.readInt32BE(8), secretKey: packet.readInt32BE(12) };
  }
  const major = code >>> 16;
  const minor = code & 0xffff;
  if (major !== 3) {
    throw fatal(
      SQLSTATE.FEATURE_NOT_SUPPORTED,
      `unsupported frontend protocol ${major}.${minor}: server supports 3.0 to 3.0`,
    );
  }
  const params: Record<string, string> = {};
  let off = 8;
  for (;;) {
    const keyEnd = packet.indexOf(0, off);
    if (keyEnd < 0)
      throw fatal(SQLSTATE.PROTOCOL_VIOLATION, 'invalid startup packet layout: expected terminator as last byte');
    if (keyEnd === off) break;
    const key = packet.toString('utf8', off, keyEnd);
    const valEnd = packet.indexOf(0, keyEnd + 1);
    if (valEnd < 0)
      throw fatal(SQLSTATE.PROTOCOL_VIOLATION, 'invalid startup packet layout: expected terminator as last byte');
    params[key] = packet.toString('utf8', keyEnd + 1, valEnd);
    off = valEnd + 1;
  }
  if (off !== packet.length - 1) {
    throw fatal(SQLSTATE.PROTOCOL_VIOLATION, 'invalid startup packet layout: expected terminator as last byte');
  }
  if (!params.user)
    throw fatal(SQLSTATE.INVALID_AUTHORIZATION_SPECIFICATION, 'no PostgreSQL user name specified in startup packet');
  return { kind: 'startup', params };
}
