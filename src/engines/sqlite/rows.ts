/**
 * Encode SQLite result rows (storage form) as DataRow messages with PostgreSQL's codecs.
 * The hot path of every SELECT: per column, the conversion and encoder are chosen once, not per row.
 */

import { arrayToBinary } from '../../../protocol/types/array.js';
import type { BinaryEncoder } from '../../../protocol/types/binary.js';
import type { CodecContext } from '../../../protocol/types/context.js';
import { getBinaryEncoder, getTextEncoder } from '../../../protocol/types/index.js';
import { elementOidOf, OID } from '../../../protocol/types/oids.js';
import type { MessageWriter } from '../../../protocol/writer.js';
import { fromStorageFn, type StorageValue } from '../../sql/sqlite/storage.js';

type ColumnWriter = (w: MessageWriter, v: unknown) => void;

const TEXT_LIKE = new Set<number>([OID.text, OID.varchar, OID.bpchar, OID.name, OID.unknown, OID.json]);

/** `elemOid`: the element OID a binary array's header names, when not the codec's (an enum[] encoded as text[]). */
function columnWriter(oid: number, format: number, ctx: CodecContext, elemOid = 0): ColumnWriter {
  const fromStorage = fromStorageFn(oid);
  if (format === 1) {
    const elemEnc = elemOid ? getBinaryEncoder(elementOidOf(oid)) : undefined;
    const enc: BinaryEncoder = elemEnc ? (v, c) => arrayToBinary(v, elemOid, elemEnc, c) : getBinaryEncoder(oid);
    return (w, v) => {
      if (v === null || v === undefined) w.int32(-1);
      else w.lenBytes(enc(fromStorage ? fromStorage(v as StorageValue) : v, ctx));
    };
  }
  const enc = getTextEncoder(oid);
  if (TEXT_LIKE.has(oid)) {
    return (w, v) => {
      if (v === null || v === undefined) w.int32(-1);
      else if (typeof v === 'string') w.lenString(v);
      else w.lenString(enc(v, ctx));
    };
  }
  if (oid === OID.int2 || oid === OID.int4 || oid === OID.int8 || oid === OID.oid) {
    return (w, v) => {
      if (v === null || v === undefined) w.int32(-1);
      else if (typeof v === 'number' || typeof v === 'bigint') w.lenString(String(v));
      else w.lenString(enc(v, ctx));
    };
  }
  return (w, v) => {
    if (v === null || v === undefined) w.int32(-1);
    else w.lenString(enc(fromStorage ? fromStorage(v as StorageValue) : v, ctx));
  };
}

export class RowEncoder {
  private readonly writers: ColumnWriter[];

  constructor(columns: number[], formats: number[], ctx: CodecContext, elemOids?: number[]) {
    this.writers = columns.map((oid, i) => columnWriter(oid, formats[i] ?? 0, ctx, elemOids?.[i]));
  }

  /** Append one DataRow for `row` (values in storage form, in column order). */
  write(w: MessageWriter, row: unknown[]): void {
    const writers = this.writers;
    w.begin(0x44).int16(writers.length);
    for (let i = 0; i < writers.length; i++) writers[i](w, row[i]);
    w.end();
  }
}
