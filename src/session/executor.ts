/**
 * Runs translated statements for one session with PostgreSQL's transaction rules on top of SQLite:
 * where each statement runs (inline, a reader, or the writer), when the write lock is taken and released,
 * the failed-transaction state, savepoints, cancel and statement_timeout.
 */
import { PgError, SQLSTATE } from '../../protocol/errors.js';
import type { CodecContext } from '../../protocol/types/context.js';
import { OID } from '../../protocol/types/oids.js';
import type { Catalog } from '../catalog/catalog.js';
import type { SqliteEngine } from '../engines/sqlite/engine.js';
import { mapSqliteError } from '../engines/sqlite/errors.js';
import { cancelError } from '../engines/sqlite/execute.js';
import type { ExecJob, ExecResult } from '../engines/sqlite/job.js';
import type { PinnedReader } from '../engines/sqlite/reader-pool.js';
import type { Translation } from '../sql/sqlite/translation.js';

export type BlockStatus = 'idle' | 'active' | 'failed';

export interface RunOptions {
  formats: number[];
  offsets: boolean;
  codec: CodecContext;
  /** No transaction block around this statement: a write may commit by itself. */
  autocommit: boolean;
}

const EMPTY: ExecResult = { rowCount: 0, data: null };

/** A job with no result columns (transaction control, COPY batches); spread it and set sql. */
const CONTROL_JOB: ExecJob = {
  sql: [],
  params: {},
  columns: null,
  formats: [],
  codec: undefined as unknown as CodecContext,
  offsets: false,
  autocommit: false,
  safeIntegers: false,
};

const oidCache = new WeakMap<Translation, number[] | null>();
const elemCache = new WeakMap<Translation, number[] | undefined>();

/** Element OIDs binary array headers name instead of their codec's (ResultColumn.codecElemOid), computed once. */
function columnElemOids(tr: Translation): number[] | undefined {
  if (elemCache.has(tr)) return elemCache.get(tr);
  const elems = tr.columns?.some((c) => c.codecElemOid) ? tr.columns.map((c) => c.codecElemOid ?? 0) : undefined;
  elemCache.set(tr, elems);
  return elems;
}

/** Result column type OIDs of a (cached, immutable) translation, computed once. */
function columnOids(tr: Translation): number[] | null {
  let oids = oidCache.get(tr);
  if (oids === undefined) {
    oids = tr.columns ? tr.columns.map((c) => c.codecOid ?? c.typeOid) : null;
    oidCache.set(tr, oids);
  }
  return oids;
}

export class Executor {
  /** The explicit transaction block (BEGIN ... COMMIT). */
  status: BlockStatus = 'idle';
  /** Inside an implicit block: a multi-statement Query, or extended-protocol messages before Sync. */
  implicit = false;
  holdsWriter = false;
  /** The reserved reader holding this snapshot transaction's read snapshot, until it writes or ends. */
  private pinned?: PinnedReader;
  private snapshotSeq = 0;
  /** The writer is ours but BEGIN IMMEDIATE has not been sent yet. */
  private beginPending = false;
  private writerGeneration = 0;
  savepoints: string[] = [];
  /** A private catalog while this transaction has uncommitted DDL. */
  private txnCatalog?: Catalog;
  readOnly = false;
  isolation = 'read committed';
  private cancelCurrent?: (reason: number) => void;
  private running = false;
  private abandoned = false;

  constructor(
    private readonly engine: SqliteEngine,
    private readonly owner: object,
  ) {}

  get inBlock(): boolean {
    return this.status !== 'idle';
  }

  catalog(): Catalog {
    return this.txnCatalog ?? this.engine.catalog;
  }

  /** Translations may be cached only against the shared catalog. */
  get privateCatalog(): boolean {
    return this.txnCatalog !== undefined;
  }

  cancel(reason: number): void {
    this.cancelCurrent?.(reason);
  }

  private async track<T>(cancel: (reason: number) => void, p: Promise<T>): Promise<T> {
    this.cancelCurrent = cancel;
    this.running = true;
    try {
      return await p;
    } finally {
      this.cancelCurrent = undefined;
      this.running = false;
      if (this.abandoned) void this.rollbackAll();
    }
  }

  async run(tr: Translation, params: Record<string, unknown>, opts: RunOptions): Promise<ExecResult> {
    if (tr.sql.length === 0) return EMPTY;
    const columns = columnOids(tr);
    const job: ExecJob = {
      sql: tr.sql,
      countIndex: tr.countIndex,
      params,
      columns,
      formats: opts.formats,
      codec: opts.codec,
      offsets: opts.offsets,
      autocommit: false,
      elemOids: columnElemOids(tr),
      // int8 and money (cents) may exceed 2^53.
      safeIntegers: columns?.some((c) => c === OID.int8 || c === OID.money) === true,
    };
    const snapshotTxn = this.inBlock && this.isolation !== 'read committed' && this.isolation !== 'read uncommitted';
    if (tr.readOnly && !this.holdsWriter && snapshotTxn) {
      const viaReader = await this.snapshotRead(job);
      if (viaReader) return viaReader;
      // No reader can be reserved: the transaction reads on the writer below (holding the lock keeps its snapshot).
    } else if (tr.readOnly && !this.holdsWriter) {
      if (!tr.blocking && tr.sql.length === 1 && this.engine.canRunInline(tr.sql[0], params)) {
        try {
          return this.engine.runInline(job);
        } catch (e) {
          throw mapSqliteError(e);
        }
      }
      const ticket = this.engine.read(job);
      return this.track((r) => ticket.cancel(r, cancelError(r)), ticket.promise);
    }
    if (!tr.readOnly && this.readOnly) {
      throw new PgError(SQLSTATE.READ_ONLY_SQL_TRANSACTION, `cannot execute ${tr.tag} in a read-only transaction`);
    }
    let result: ExecResult;
    if (opts.autocommit && !this.inBlock && !this.implicit && !this.holdsWriter) {
      await this.acquireWriter();
      try {
        job.autocommit = true;
        result = await this.track((r) => this.engine.cancelWrite(r), this.engine.write(job));
        this.engine.commitSeq++;
      } finally {
        this.releaseWriter();
      }
      if (tr.catalogChanges) this.engine.reloadCatalog();
      return result;
    }
    await this.ensureWriter();
    this.checkWriter();
    result = await this.writeJob(job);
    if (tr.catalogChanges) {
      this.txnCatalog ??= this.engine.catalog.clone();
      for (const c of tr.catalogChanges) {
        if (c.op === 'upsert') this.txnCatalog.upsert(c.table);
        else this.txnCatalog.remove(c.table);
      }
    }
    return result;
  }

  /** COPY: insert rows in the block's (or an implicit) transaction. */
  async runBatch(sql: string, rows: unknown[][], params: Record<string, unknown> = {}): Promise<void> {
    if (this.readOnly)
      throw new PgError(SQLSTATE.READ_ONLY_SQL_TRANSACTION, 'cannot execute COPY FROM in a read-only transaction');
    await this.ensureWriter();
    this.checkWriter();
    const job: ExecJob = { ...CONTROL_JOB, sql: [sql], params, batch: rows };
    if (this.beginPending) await this.control('BEGIN IMMEDIATE');
    await this.writeJob(job);
  }

  private async acquireWriter(): Promise<void> {
    const req = this.engine.lock.acquire(this.owner);
    await this.track((r) => req.cancel(cancelError(r)), req.promise);
    this.holdsWriter = true;
    this.writerGeneration = this.engine.writer.generation;
  }

  private releaseWriter(): void {
    this.holdsWriter = false;
    this.beginPending = false;
    this.engine.lock.release(this.owner);
  }

  /** The writer's connection was replaced (a cancelled statement was stuck): our SQLite transaction is gone. */
  private checkWriter(): void {
    if (this.engine.writer.generation !== this.writerGeneration) {
      throw new PgError(SQLSTATE.IN_FAILED_SQL_TRANSACTION, 'current transaction was aborted by a cancel');
    }
  }

  /** Take the writer and open the SQLite transaction of this block (first write, savepoint, snapshot). */
  async ensureWriter(): Promise<void> {
    if (this.holdsWriter) return;
    await this.acquireWriter();
    // BEGIN IMMEDIATE travels with the next job to the writer: one worker round trip less per transaction.
    this.beginPending = true;
    if (this.pinned) {
      // A snapshot transaction starts writing: only safe if nothing committed since its snapshot.
      const stale = this.engine.commitSeq !== this.snapshotSeq;
      await this.leaveSnapshot();
      if (stale) {
        this.releaseWriter();
        throw new PgError(SQLSTATE.SERIALIZATION_FAILURE, 'could not serialize access due to concurrent update');
      }
    }
  }

  /** Reads of a REPEATABLE READ / SERIALIZABLE block: one SQLite read transaction on a reserved reader. */
  private async snapshotRead(job: ExecJob): Promise<ExecResult | undefined> {
    let pinned = this.pinned;
    if (!pinned) {
      const req = this.engine.pinReader();
      pinned = await this.track((r) => req.cancel(cancelError(r)), req.promise);
      this.pinned = pinned;
      this.snapshotSeq = this.engine.commitSeq;
      const countIndex = job.countIndex === undefined ? undefined : job.countIndex + 1;
      job = { ...job, sql: ['BEGIN', ...job.sql], countIndex };
    }
    const reader = pinned;
    return this.track((r) => reader.cancel(r), reader.run(job));
  }

  private async leaveSnapshot(): Promise<void> {
    const pinned = this.pinned;
    if (!pinned) return;
    this.pinned = undefined;
    try {
      await pinned.run({ ...CONTROL_JOB, sql: ['ROLLBACK'] });
    } catch {
      // The read transaction may already be gone (worker replaced after a cancel).
    } finally {
      pinned.release();
    }
  }

  /** Send a job to the writer, opening the SQLite transaction first if that is still pending. */
  private writeJob(job: ExecJob): Promise<ExecResult> {
    if (this.beginPending && !job.batch) {
      job.sql = ['BEGIN IMMEDIATE', ...job.sql];
      if (job.countIndex !== undefined) job.countIndex++;
      this.beginPending = false;
    }
    return this.track((r) => this.engine.cancelWrite(r), this.engine.write(job));
  }

  private async control(sql: string): Promise<ExecResult> {
    if (this.beginPending) {
      this.beginPending = false;
      // Nothing ran in this transaction yet: COMMIT/ROLLBACK have nothing to do.
      if (sql === 'COMMIT' || sql === 'ROLLBACK') return EMPTY;
      if (sql !== 'BEGIN IMMEDIATE') await this.control('BEGIN IMMEDIATE');
    }
    return this.writeJob({ ...CONTROL_JOB, sql: [sql] });
  }

  begin(isolation: string, readOnly: boolean): void {
    this.status = 'active';
    this.isolation = isolation;
    this.readOnly = readOnly;
    this.implicit = false;
  }

  /** COMMIT (or ROLLBACK when `commit` is false or the block failed). Returns whether it committed. */
  async end(commit: boolean): Promise<boolean> {
    const committed = commit && this.status !== 'failed';
    await this.leaveSnapshot();
    try {
      if (this.holdsWriter) {
        if (this.engine.writer.generation === this.writerGeneration) {
          try {
            await this.control(committed ? 'COMMIT' : 'ROLLBACK');
            if (committed) this.engine.commitSeq++;
          } catch (e) {
            if (committed) {
              await this.control('ROLLBACK').catch(() => {});
              throw e;
            }
          }
        }
        if (committed && this.txnCatalog) this.engine.reloadCatalog();
      }
    } finally {
      if (this.holdsWriter) this.releaseWriter();
      this.reset();
    }
    return committed;
  }

  private reset(): void {
    this.status = 'idle';
    this.implicit = false;
    this.savepoints = [];
    this.txnCatalog = undefined;
    this.readOnly = false;
    this.isolation = 'read committed';
  }

  /**
   * An error inside a block: PG marks the transaction failed. Without savepoints nothing can be salvaged,
   * so the SQLite transaction is rolled back now and the write lock freed for others.
   */
  async fail(): Promise<void> {
    if (this.status === 'idle') {
      if (this.implicit) await this.end(false);
      return;
    }
    this.status = 'failed';
    await this.leaveSnapshot();
    if (this.savepoints.length === 0 && this.holdsWriter) {
      if (this.engine.writer.generation === this.writerGeneration) await this.control('ROLLBACK').catch(() => {});
      this.releaseWriter();
      this.txnCatalog = undefined;
    }
  }

  async savepoint(name: string): Promise<void> {
    await this.ensureWriter();
    this.checkWriter();
    await this.control(`SAVEPOINT "${name.replace(/"/g, '""')}"`);
    this.savepoints.push(name);
  }

  private findSavepoint(name: string): number {
    const i = this.savepoints.lastIndexOf(name);
    if (i < 0) throw new PgError('3B001', `savepoint "${name}" does not exist`);
    return i;
  }

  async release(name: string): Promise<void> {
    const i = this.findSavepoint(name);
    this.checkWriter();
    await this.control(`RELEASE "${name.replace(/"/g, '""')}"`);
    this.savepoints.length = i;
  }

  async rollbackTo(name: string): Promise<void> {
    const i = this.findSavepoint(name);
    if (!this.holdsWriter) throw new PgError(SQLSTATE.IN_FAILED_SQL_TRANSACTION, 'current transaction was rolled back');
    this.checkWriter();
    await this.control(`ROLLBACK TO "${name.replace(/"/g, '""')}"`);
    this.savepoints.length = i + 1;
    this.status = 'active';
    // DDL undone by the savepoint is not tracked separately: re-derive the private catalog lazily.
    if (this.txnCatalog) this.txnCatalog = undefined;
  }

  /** The client went away: cancel what runs and roll back, releasing the write lock. */
  abandon(): void {
    this.abandoned = true;
    if (this.running) this.cancel(1);
    else void this.rollbackAll();
  }

  private async rollbackAll(): Promise<void> {
    this.abandoned = false;
    if (this.holdsWriter || this.inBlock || this.implicit) await this.end(false).catch(() => {});
  }
}
