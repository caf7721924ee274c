/**
 * Decoding of frontend (client -> server) message bodies. Framing (type byte + length) happens in framing.ts;
 * these functions see one complete body and throw PgError 08P01 when it is malformed.
 */
import { PgError, SQLSTATE } from './errors.js';

export type FrontendMessage =
  | { type: 'Query'; sql: string }
  | { type: 'Parse'; name: string; sql: string; paramTypes: number[] }
  | {
      type: 'Bind';
      portal: string;
      statement: string;
      paramFormats: number[];
      params: (Buffer | null)[];
      resultFormats: number[];
    }
  | { type: 'Describe'; kind: 'S' | 'P'; name: string }
  | { type: 'Execute'; portal: string; maxRows: number }
  | { type: 'Close'; kind: 'S' | 'P'; name: string }
  | { type: 'Sync' }
  | { type: 'Flush' }
  | { type: 'Terminate' }
  | { type: 'Password'; body: Buffer }
  | { type: 'CopyData'; data: Buffer }
  | { type: 'CopyDone' }
  | { type: 'CopyFail'; message: string }
  | { type: 'FunctionCall' }
  /** A message that decoded to a statement-level error (e.g. invalid UTF-8): reported as ERROR, session goes on. */
  | { type: 'Invalid'; error: PgError; messageType: number };

const utf8 = new TextDecoder('utf-8', { fatal: true });

function protocolViolation(message: string): PgError {
  return new PgError(SQLSTATE.PROTOCOL_VIOLATION, message, { severity: 'FATAL' });
}

/** Sequential reader over one message body with bounds checks on every read. */
export class BodyReader {
  offset = 0;
  constructor(private readonly buf: Buffer) {}

  private need(n: number): void {
    if (n < 0 || this.offset + n > this.buf.length) throw protocolViolation('insufficient data left in message');
  }
  byte(): number {
    this.need(1);
    return this.buf[this.offset++];
  }
  int16(): number {
    this.need(2);
    const v = this.buf.readInt16BE(this.offset);
    this.offset += 2;
    return v;
  }
  int32(): number {
    this.need(4);
    const v = this.buf.readInt32BE(this.offset);
    this.offset += 4;
    return v;
  }
  uint32(): number {
    this.need(4);
    const v = this.buf.readUInt32BE(this.offset);
    this.offset += 4;
    return v;
  }
  bytes(n: number): Buffer {
    this.need(n);
    const v = this.buf.subarray(this.offset, this.offset + n);
    this.offset += n;
    return v;
  }
  /** NUL-terminated string; invalid UTF-8 is an error of the statement (22021), as in PostgreSQL. */
  cstring(): string {
    const end = this.buf.indexOf(0, this.offset);
    if (end < 0) throw protocolViolation('invalid string in message');
    const raw = this.buf.subarray(this.offset, end);
    this.offset = end + 1;
    return decodeUtf8(raw);
  }
  remaining(): number {
    return this.buf.length - this.offset;
  }
  end(): void {
    if (this.offset !== this.buf.length) throw protocolViolation('invalid message format');
  }
}

export function decodeUtf8(raw: Uint8Array): string {
  // ASCII fast path: most identifiers and statements are plain ASCII.
  let ascii = true;
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] > 0x7f) {
      ascii = false;
      break;
    }
  }
  if (ascii) return Buffer.from(raw.buffer, raw.byteOffset, raw.length).toString('latin1');
  try {
    return utf8.decode(raw);
  } catch {
    throw new PgError(SQLSTATE.CHARACTER_NOT_IN_REPERTOIRE, 'invalid byte sequence for encoding "UTF8"');
  }
}

/** Decode one typed frontend message. `type` is the ASCII type byte. */
export function decodeFrontend(type: number, body: Buffer): FrontendMessage {
  const r = new BodyReader(body);
  switch (type) {
    case 0x51 /* Q */:
      {
        const sql = r.cstring();
        r.end();
        return { type: 'Query', sql };
      }
    case 0x50 /* P */:
      {
        const name = r.cstring();
        const sql = r.cstring();
        const n = r.int16();
        if (n < 0) throw protocolViolation('invalid number of parameters');
        const paramTypes = new Array<number>(n);
        for (let i = 0; i < n; i++) paramTypes[i] = r.uint32();
        r.end();
        return { type: 'Parse', name, sql, paramTypes };
      }
    case 0x42 /* B */:
      {
        const portal = r.cstring();
        const statement = r.cstring();
        const nf = r.int16();
        if (nf < 0) throw protocolViolation('invalid number of parameter formats');
        const paramFormats = new Array<number>(nf);
        for (let i = 0; i < nf; i++) paramFormats[i] = checkFormat(r.int16());
        const np = r.int16();
        if (np < 0) throw protocolViolation('invalid number of parameters');
        const params = new Array<Buffer | null>(np);
        for (let i = 0; i < np; i++) {
          const len = r.int32();
          if (len < -1) throw protocolViolation(`invalid length of parameter ${i + 1}`);
          params[i] = len === -1 ? null : r.bytes(len);
        }
        const nr = r.int16();
        if (nr < 0) throw protocolViolation('invalid number of result formats');
        const resultFormats = new Array<number>(nr);
        for (let i = 0; i < nr; i++) resultFormats[i] = checkFormat(r.int16());
        r.end();
        return { type: 'Bind', portal, statement, paramFormats, params, resultFormats };
      }
    case 0x44 /* D */:
      {
        const kind = describeKind(r.byte());
        const name = r.cstring();
        r.end();
        return { type: 'Describe', kind, name };
      }
    case 0x45 /* E */:
      {
        const portal = r.cstring();
        const maxRows = r.int32();
        r.end();
        return { type: 'Execute', portal, maxRows: Math.max(0, maxRows) };
      }
    case 0x43 /* C */:
      {
        const kind = describeKind(r.byte());
        const name = r.cstring();
        r.end();
        return { type: 'Close', kind, name };
      }
    case 0x53 /* S */:
      return { type: 'Sync' };
    case 0x48 /* H */:
      return { type: 'Flush' };
    case 0x58 /* X */:
      return { type: 'Terminate' };
    case 0x70 /* p */:
      return { type: 'Password', body };
    case 0x64 /* d */:
      return { type: 'CopyData', data: body };
    case 0x63 /* c */:
      return { type: 'CopyDone' };
    case 0x66 /* f */:
      {
        const message = r.cstring();
        return { type: 'CopyFail', message };
      }
    case 0x46 /* F */:
      return { type: 'FunctionCall' };
    default:
      throw protocolViolation(`invalid frontend message type ${type}`);
  }
}

function checkFormat(f: number): number {
  if (f !== 0 && f !== 1) throw new PgError(SQLSTATE.INVALID_PARAMETER_VALUE, `unsupported format code: ${f}`);
  return f;
}

function describeKind(b: number): 'S' | 'P' {
  if (b === 0x53) return 'S';
  if (b === 0x50) return 'P';
  throw protocolViolation(`invalid DESCRIBE message subtype ${b}`);
}
