/** Encoders for backend (server -> client) messages. */
import type { ErrorFields } from './errors.js';
import type { MessageWriter } from './writer.js';

export interface FieldDescription {
  name: string;
  tableOid: number;
  columnAttr: number;
  typeOid: number;
  typeSize: number;
  typeModifier: number;
  format: number;
}

export type TransactionStatus = 'I' | 'T' | 'E';

const C = (s: string) => s.charCodeAt(0);

export function authenticationOk(w: MessageWriter): void {
  w.begin(C('R')).int32(0).end();
}

export function parameterStatus(w: MessageWriter, name: string, value: string): void {
  w.begin(C('S')).cstring(name).cstring(value).end();
}

export function backendKeyData(w: MessageWriter, processId: number, secretKey: number): void {
  w.begin(C('K')).int32(processId).int32(secretKey).end();
}

export function readyForQuery(w: MessageWriter, status: TransactionStatus): void {
  w.begin(C('Z')).byte(C(status)).end();
}

export function rowDescription(w: MessageWriter, fields: readonly FieldDescription[]): void {
  w.begin(C('T')).int16(fields.length);
  for (const f of fields) {
    w.cstring(f.name)
      .uint32(f.tableOid)
      .int16(f.columnAttr)
      .uint32(f.typeOid)
      .int16(f.typeSize)
      .int32(f.typeModifier)
      .int16(f.format);
  }
  w.end();
}

export function noData(w: MessageWriter): void {
  w.begin(C('n')).end();
}

export function parameterDescription(w: MessageWriter, oids: readonly number[]): void {
  w.begin(C('t')).int16(oids.length);
  for (const o of oids) w.uint32(o);
  w.end();
}

export function commandComplete(w: MessageWriter, tag: string): void {
  w.begin(C('C')).cstring(tag).end();
}

export function emptyQueryResponse(w: MessageWriter): void {
  w.begin(C('I')).end();
}

export function parseComplete(w: MessageWriter): void {
  w.begin(C('1')).end();
}

export function bindComplete(w: MessageWriter): void {
  w.begin(C('2')).end();
}

export function closeComplete(w: MessageWriter): void {
  w.begin(C('3')).end();
}

export function portalSuspended(w: MessageWriter): void {
  w.begin(C('s')).end();
}

export function copyInResponse(w: MessageWriter, format: number, columnFormats: readonly number[]): void {
  w.begin(C('G')).byte(format).int16(columnFormats.length);
  for (const f of columnFormats) w.int16(f);
  w.end();
}

export function copyOutResponse(w: MessageWriter, format: number, columnFormats: readonly number[]): void {
  w.begin(C('H')).byte(format).int16(columnFormats.length);
  for (const f of columnFormats) w.int16(f);
  w.end();
}

export function copyData(w: MessageWriter, data: Uint8Array): void {
  w.begin(C('d')).bytes(data).end();
}

export function copyDone(w: MessageWriter): void {
  w.begin(C('c')).end();
}

export function notificationResponse(w: MessageWriter, pid: number, channel: string, payload: string): void {
  w.begin(C('A')).int32(pid).cstring(channel).cstring(payload).end();
}

function noticeFields(w: MessageWriter, f: ErrorFields): void {
  // 'S' is localizable severity, 'V' the non-localized one (PG >= 9.6); clients read either.
  w.byte(C('S')).cstring(f.severity);
  w.byte(C('V')).cstring(f.severity);
  w.byte(C('C')).cstring(f.code);
  w.byte(C('M')).cstring(f.message);
  if (f.detail !== undefined) w.byte(C('D')).cstring(f.detail);
  if (f.hint !== undefined) w.byte(C('H')).cstring(f.hint);
  if (f.position !== undefined) w.byte(C('P')).cstring(String(f.position));
  if (f.where !== undefined) w.byte(C('W')).cstring(f.where);
  if (f.schema !== undefined) w.byte(C('s')).cstring(f.schema);
  if (f.table !== undefined) w.byte(C('t')).cstring(f.table);
  if (f.column !== undefined) w.byte(C('c')).cstring(f.column);
  if (f.dataType !== undefined) w.byte(C('d')).cstring(f.dataType);
  if (f.constraint !== undefined) w.byte(C('n')).cstring(f.constraint);
  if (f.routine !== undefined) w.byte(C('R')).cstring(f.routine);
  w.byte(0);
}

export function errorResponse(w: MessageWriter, f: ErrorFields): void {
  w.begin(C('E'));
  noticeFields(w, f);
  w.end();
}

export function noticeResponse(w: MessageWriter, f: ErrorFields): void {
  w.begin(C('N'));
  noticeFields(w, f);
  w.end();
}
