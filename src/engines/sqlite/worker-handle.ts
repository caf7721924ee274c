/**
 * Main-thread side of one SQLite worker: runs jobs one at a time, cancels them through a shared flag,
 * and, when a statement cannot be interrupted (SQLite has no interrupt in this build), terminates the
 * worker and starts a fresh one so the cancel still answers within a second.
 */
import { Worker } from 'node:worker_threads';
import { PgError, SQLSTATE } from '../../../protocol/errors.js';
import { deserializeError } from './errors.js';
import { cancelError } from './execute.js';
import { CANCEL_NONE, type ExecJob, type ExecResult, type SerializedError } from './job.js';

/** How long a cancelled statement may keep running before its worker is terminated. */
const KILL_AFTER_MS = 400;

const workerUrl = new URL(`./worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

type Reply = { id: number; ok: true; result: ExecResult } | { id: number; ok: false; error: SerializedError };

interface Pending {
  id: number;
  resolve: (r: ExecResult) => void;
  reject: (e: PgError) => void;
  killTimer?: NodeJS.Timeout;
}

export class WorkerHandle {
  private worker!: Worker;
  private readonly cancelFlag = new Int32Array(new SharedArrayBuffer(4));
  private pending?: Pending;
  private nextId = 1;
  private ready!: Promise<void>;
  private closing = false;
  /** Bumped each time the worker is replaced: a transaction open on the old one is gone. */
  generation = 0;

  constructor(
    private readonly path: string,
    private readonly readOnly: boolean,
    private readonly onRespawn?: () => void,
  ) {
    this.spawn();
  }

  private spawn(): void {
    const workerData = { path: this.path, readOnly: this.readOnly, cancelBuffer: this.cancelFlag.buffer };
    const worker = workerUrl.pathname.endsWith('.ts')
      ? // Running from source (tsx): a worker does not inherit tsx's loader, so register it before importing.
        new Worker(
          `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((m) => { m.register(); return import(${JSON.stringify(workerUrl.href)}); })`,
          { eval: true, workerData },
        )
      : new Worker(workerUrl, { workerData });
    this.worker = worker;
    this.ready = new Promise((resolve, reject) => {
      const onMessage = (m: { ready?: boolean }) => {
        if (m.ready) {
          worker.off('error', onError);
          resolve();
        }
      };
      const onError = (e: Error) => reject(e);
      worker.once('message', onMessage);
      worker.once('error', onError);
    });
    this.ready.catch(() => {});
    worker.on('message', (m: Reply | { ready: true }) => {
      if ('id' in m) this.settle(m);
    });
    worker.on('error', (e) =>
      this.failPending(new PgError(SQLSTATE.INTERNAL_ERROR, `SQLite worker failed: ${e.message}`)),
    );
    worker.on('exit', () => {
      if (this.worker !== worker || this.closing) return;
      this.failPending(new PgError(SQLSTATE.INTERNAL_ERROR, 'SQLite worker exited unexpectedly'));
      this.respawn();
    });
  }

  private respawn(): void {
    this.generation++;
    this.spawn();
    this.onRespawn?.();
  }

  whenReady(): Promise<void> {
    return this.ready;
  }

  get busy(): boolean {
    return this.pending !== undefined;
  }

  run(job: ExecJob): Promise<ExecResult> {
    if (this.pending) return Promise.reject(new PgError(SQLSTATE.INTERNAL_ERROR, 'SQLite worker is busy'));
    Atomics.store(this.cancelFlag, 0, CANCEL_NONE);
    const id = this.nextId++;
    return new Promise<ExecResult>((resolve, reject) => {
      this.pending = { id, resolve, reject };
      this.worker.postMessage({ id, job });
    });
  }

  private settle(m: Reply): void {
    const p = this.pending;
    if (!p || p.id !== m.id) return;
    clearTimeout(p.killTimer);
    this.pending = undefined;
    if (m.ok) p.resolve(m.result);
    else p.reject(deserializeError(m.error));
  }

  private failPending(e: PgError): void {
    const p = this.pending;
    if (!p) return;
    clearTimeout(p.killTimer);
    this.pending = undefined;
    p.reject(e);
  }

  /** Cancel the running job (reason: CANCEL_USER or CANCEL_TIMEOUT). */
  cancel(reason: number): void {
    const p = this.pending;
    if (!p || p.killTimer) return;
    Atomics.store(this.cancelFlag, 0, reason);
    Atomics.notify(this.cancelFlag, 0);
    p.killTimer = setTimeout(() => {
      if (this.pending !== p) return;
      // The statement is stuck inside SQLite: replace the worker. Its open transaction (if any) is rolled
      // back by SQLite when the connection goes away.
      this.pending = undefined;
      const old = this.worker;
      this.respawn();
      old.terminate().catch(() => {});
      p.reject(cancelError(reason));
    }, KILL_AFTER_MS);
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.worker.terminate();
  }
}
