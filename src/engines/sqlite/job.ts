/**
 * What the session asks an SQLite connection to do, and what comes back. Plain data, so a job runs
 * the same inline on the main thread or posted to a worker thread.
 */
import type { CodecContext } from '../../../protocol/types/context.js';

export interface ExecJob {
  /** SQLite statements, run in order. */
  sql: string[];
  /** Which statement's change count is the command's row count (default: the last). */
  countIndex?: number;
  /** Parameters in storage form: '1'..'n' for $1..$n, '__now' etc. for session values. */
  params: Record<string, unknown>;
  /** Result column type OIDs when the last statement returns rows. */
  columns: number[] | null;
  /** Per column, the element OID a binary array's header names when not its codec's (enum[]), else 0. */
  elemOids?: number[];
  /** Per-column format codes (0 text, 1 binary), same length as columns. */
  formats: number[];
  codec: CodecContext;
  /** Report where each DataRow starts (portals fetched in pieces need it). */
  offsets: boolean;
  /** Wrap in BEGIN IMMEDIATE ... COMMIT (an autocommit write), rolling back if cancelled. */
  autocommit: boolean;
  /** Return int8 columns as BigInt (exact beyond 2^53). */
  safeIntegers: boolean;
  /** COPY: run sql[0] once per row, binding the row positionally (`?`). rowCount = rows inserted. */
  batch?: unknown[][];
}

export interface ExecResult {
  /** Rows returned (the last statement's), or rows changed. */
  rowCount: number;
  /** Encoded DataRow messages, back to back. */
  data: Uint8Array | null;
  offsets?: number[];
}

/** An error crossing the thread boundary: PgError fields, plain. */
export interface SerializedError {
  code: string;
  message: string;
  detail?: string;
  hint?: string;
  constraint?: string;
  table?: string;
  column?: string;
}

export const CANCEL_NONE = 0;
export const CANCEL_USER = 1;
export const CANCEL_TIMEOUT = 2;
