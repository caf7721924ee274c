/** Bind: decode parameter values (text or binary) into storage form, and pick result formats. */
import { PgError, SQLSTATE } from '../../protocol/errors.js';
import { decodeUtf8 } from '../../protocol/frontend.js';
import type { CodecContext } from '../../protocol/types/context.js';
import { getBinaryDecoder, getTextDecoder } from '../../protocol/types/index.js';
import { toStorage } from '../sql/sqlite/storage.js';

function formatOf(formats: readonly number[], i: number): number {
  if (formats.length === 0) return 0;
  const f = formats.length === 1 ? formats[0] : formats[i];
  if (f !== 0 && f !== 1) throw new PgError(SQLSTATE.PROTOCOL_VIOLATION, `unsupported format code: ${f}`);
  return f;
}

/** Parameters as SQLite binds them: { '1': v1, '2': v2, ... }. */
export function decodeParams(
  raw: readonly (Buffer | null)[],
  formats: readonly number[],
  types: readonly number[],
  typmods: readonly number[],
  ctx: CodecContext,
  statementName: string,
): Record<string, unknown> {
  if (raw.length !== types.length) {
    throw new PgError(
      SQLSTATE.PROTOCOL_VIOLATION,
      `bind message supplies ${raw.length} parameters, but prepared statement "${statementName}" requires ${types.length}`,
    );
  }
  if (formats.length > 1 && formats.length !== raw.length) {
    throw new PgError(
      SQLSTATE.PROTOCOL_VIOLATION,
      `bind message has ${formats.length} parameter formats but ${raw.length} parameters`,
    );
  }
  const out: Record<string, unknown> = {};
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i];
    if (b === null) {
      out[i + 1] = null;
      continue;
    }
    const type = types[i];
    let v: unknown;
    if (formatOf(formats, i) === 1) {
      try {
        v = getBinaryDecoder(type)(b, ctx);
      } catch (e) {
        if (e instanceof PgError) throw e;
        throw new PgError(
          SQLSTATE.INVALID_BINARY_REPRESENTATION,
          `incorrect binary data format in bind parameter ${i + 1}`,
        );
      }
    } else {
      v = getTextDecoder(type)(decodeUtf8(b), ctx);
    }
    out[i + 1] = toStorage(type, v, typmods[i] ?? -1);
  }
  return out;
}

/** Per-column result formats from Bind's list (empty: all text; one: all that one). */
export function resultFormats(formats: readonly number[], columns: number): number[] {
  if (formats.length > 1 && formats.length !== columns) {
    throw new PgError(
      SQLSTATE.PROTOCOL_VIOLATION,
      `bind message has ${formats.length} result formats but query has ${columns} columns`,
    );
  }
  const out: number[] = new Array(columns);
  for (let i = 0; i < columns; i++) out[i] = formatOf(formats, i);
  return out;
}
