/**
 * Run one ExecJob on a better-sqlite3 connection. Shared by the inline (main-thread) path and the workers,
 * so both produce byte-identical results.
 */
import type Database from 'better-sqlite3';
import { PgError, SQLSTATE } from '../../../protocol/errors.js';
import type { CodecContext } from '../../../protocol/types/context.js';
import { MessageWriter } from '../../../protocol/writer.js';
import { checkForeignKeys, endForeignKeyJob } from '../../sql/sqlite/fn-foreign-key.js';
import { flushSequences } from '../../sql/sqlite/fn-sequence.js';
import { CANCEL_NONE, CANCEL_TIMEOUT, type ExecJob, type ExecResult } from './job.js';
import { RowEncoder } from './rows.js';

const STMT_CACHE_LIMIT = 512;

/** Prepared statements per connection, keyed by SQL text. */
export class StatementCache {
  private map = new Map<string, Database.Statement>();
  constructor(readonly db: Database.Database) {}

  get(sql: string): Database.Statement {
    let s = this.map.get(sql);
    if (s) return s;
    s = this.db.prepare(sql);
    if (this.map.size >= STMT_CACHE_LIMIT) this.map.delete(this.map.keys().next().value as string);
    this.map.set(sql, s);
    return s;
  }

  clear(): void {
    this.map.clear();
  }
}

const encoders = new WeakMap<CodecContext, Map<string, RowEncoder>>();

/** Encoders are reused while the session's codec settings object is unchanged (the inline hot path). */
function encoderFor(columns: number[], formats: number[], codec: CodecContext, elemOids?: number[]): RowEncoder {
  let byShape = encoders.get(codec);
  if (!byShape) {
    byShape = new Map();
    encoders.set(codec, byShape);
  }
  const key = `${columns.join(',')}|${formats.join(',')}${elemOids ? `|${elemOids.join(',')}` : ''}`;
  let enc = byShape.get(key);
  if (!enc) {
    enc = new RowEncoder(columns, formats, codec, elemOids);
    if (byShape.size > 256) byShape.clear();
    byShape.set(key, enc);
  }
  return enc;
}

export function cancelError(reason: number): PgError {
  return new PgError(
    SQLSTATE.QUERY_CANCELED,
    reason === CANCEL_TIMEOUT
      ? 'canceling statement due to statement timeout'
      : 'canceling statement due to user request',
  );
}

/** `cancel` (when given) is checked before an autocommit write commits, so a cancelled write rolls back. */
export function executeJob(cache: StatementCache, job: ExecJob, cancel?: Int32Array): ExecResult {
  const db = cache.db;
  if (job.autocommit) db.exec('BEGIN IMMEDIATE');
  let failed = true;
  try {
    // Deferred foreign key checks run before COMMIT (a violation fails it; the session then rolls back).
    if (job.sql.length === 1 && job.sql[0] === 'COMMIT') checkForeignKeys(db, true);
    const result = runStatements(cache, job);
    // Foreign key violations seen by the triggers are final only at the end of the statement, as in PG.
    checkForeignKeys(db, job.autocommit);
    // nextval/setval counters live in memory (not transactional, as in PG); persist them with this job.
    flushSequences(db);
    if (job.autocommit) {
      if (cancel && cancel[0] !== CANCEL_NONE) throw cancelError(cancel[0]);
      db.exec('COMMIT');
    }
    failed = false;
    return result;
  } catch (e) {
    if (job.autocommit && db.inTransaction) db.exec('ROLLBACK');
    throw e;
  } finally {
    endForeignKeyJob(db, failed);
  }
}

function runStatements(cache: StatementCache, job: ExecJob): ExecResult {
  if (job.batch) {
    const stmt = cache.get(job.sql[0]);
    if (job.sql[0].includes('$__')) for (const row of job.batch) stmt.run(row, job.params);
    else for (const row of job.batch) stmt.run(row);
    return { rowCount: job.batch.length, data: null };
  }
  const last = job.sql.length - 1;
  const countIndex = job.countIndex ?? last;
  let rowCount = 0;
  for (let i = 0; i < last; i++) {
    const stmt = cache.get(job.sql[i]);
    if (stmt.reader) {
      const rows = stmt.all(job.params);
      if (i === countIndex) rowCount = rows.length;
    } else {
      const info = stmt.run(job.params);
      if (i === countIndex) rowCount = info.changes;
    }
  }
  const stmt = cache.get(job.sql[last]);
  if (!stmt.reader) {
    const info = stmt.run(job.params);
    return { rowCount: countIndex === last ? info.changes : rowCount, data: null };
  }
  if (!job.columns) {
    const rows = stmt.all(job.params);
    return { rowCount: countIndex === last ? rows.length : rowCount, data: null };
  }
  stmt.raw(true);
  stmt.safeIntegers(job.safeIntegers);
  const encoder = encoderFor(job.columns, job.formats, job.codec, job.elemOids);
  const w = new MessageWriter(4096);
  const offsets: number[] | undefined = job.offsets ? [] : undefined;
  let n = 0;
  // all() is markedly cheaper than iterate() per call in better-sqlite3; rows are materialised anyway.
  const rows = stmt.all(job.params) as unknown[][];
  for (; n < rows.length; n++) {
    offsets?.push(w.pos);
    encoder.write(w, rows[n]);
  }
  // RETURNING: the change count is the row count of the returned rows.
  return { rowCount: countIndex === last ? n : rowCount, data: w.buf.subarray(0, w.pos), offsets };
}
