/** Reader workers: each query that may scan runs on a free reader, so no session stalls another. */
import { PgError, SQLSTATE } from '../../../protocol/errors.js';
import type { ExecJob, ExecResult } from './job.js';
import { WorkerHandle } from './worker-handle.js';

interface Queued {
  job: ExecJob;
  resolve: (r: ExecResult) => void;
  reject: (e: PgError) => void;
  worker?: WorkerHandle;
}

/** A reader reserved for one session: its SQLite read transaction keeps one snapshot across statements. */
export interface PinnedReader {
  run(job: ExecJob): Promise<ExecResult>;
  cancel(reason: number): void;
  release(): void;
}

/** A running or queued read; cancel() works in both states. */
export interface ReadTicket {
  promise: Promise<ExecResult>;
  cancel(reason: number, error: PgError): void;
}

const MAX_SNAPSHOT_READERS = 8;

export class ReaderPool {
  private readonly workers: WorkerHandle[];
  private readonly queue: Queued[] = [];
  private readonly snapshotIdle: WorkerHandle[] = [];
  private readonly snapshotWaiters: { resolve: (w: WorkerHandle) => void; reject: (e: PgError) => void }[] = [];
  private snapshotCount = 0;

  constructor(
    private readonly path: string,
    size: number,
  ) {
    this.workers = Array.from({ length: Math.max(1, size) }, () => new WorkerHandle(path, true));
  }

  async whenReady(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.whenReady()));
  }

  run(job: ExecJob): ReadTicket {
    let item!: Queued;
    const promise = new Promise<ExecResult>((resolve, reject) => {
      item = { job, resolve, reject };
    });
    this.queue.push(item);
    this.dispatch();
    return {
      promise,
      cancel: (reason, error) => {
        if (item.worker) item.worker.cancel(reason);
        else {
          const i = this.queue.indexOf(item);
          if (i >= 0) {
            this.queue.splice(i, 1);
            item.reject(error);
          }
        }
      },
    };
  }

  /**
   * Reserve a connection for one snapshot transaction until release(). Snapshot readers are separate from
   * the shared readers (a long REPEATABLE READ transaction must not starve plain reads): started on first
   * need, kept for reuse, at most MAX_SNAPSHOT_READERS at once (further requests wait for a release).
   */
  pin(): { promise: Promise<PinnedReader>; cancel: (e: PgError) => void } {
    let waiter!: { resolve: (w: WorkerHandle) => void; reject: (e: PgError) => void };
    const got = new Promise<WorkerHandle>((resolve, reject) => {
      waiter = { resolve, reject };
    });
    const idle = this.snapshotIdle.pop();
    if (idle) waiter.resolve(idle);
    else if (this.snapshotCount < MAX_SNAPSHOT_READERS) {
      this.snapshotCount++;
      const w = new WorkerHandle(this.path, true);
      w.whenReady().then(
        () => waiter.resolve(w),
        (e: Error) => {
          this.snapshotCount--;
          waiter.reject(new PgError(SQLSTATE.INTERNAL_ERROR, `cannot start a snapshot reader: ${e.message}`));
        },
      );
    } else this.snapshotWaiters.push(waiter);
    const promise = got.then((w) => ({
      run: (job: ExecJob) => w.run(job),
      cancel: (reason: number) => w.cancel(reason),
      release: () => {
        const next = this.snapshotWaiters.shift();
        if (next) next.resolve(w);
        else this.snapshotIdle.push(w);
      },
    }));
    return {
      promise,
      cancel: (error) => {
        const i = this.snapshotWaiters.indexOf(waiter);
        if (i >= 0) {
          this.snapshotWaiters.splice(i, 1);
          waiter.reject(error);
        }
      },
    };
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const w = this.workers.find((x) => !x.busy);
      if (!w) return;
      const item = this.queue.shift() as Queued;
      item.worker = w;
      w.run(item.job).then(
        (r) => {
          item.resolve(r);
          this.dispatch();
        },
        (e) => {
          item.reject(e);
          this.dispatch();
        },
      );
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.workers, ...this.snapshotIdle].map((w) => w.close()));
  }
}
