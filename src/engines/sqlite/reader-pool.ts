/** Reader workers: each query that may scan runs on a free reader, so no session stalls another. */
import type { PgError } from '../../../protocol/errors.js';
import type { ExecJob, ExecResult } from './job.js';
import { WorkerHandle } from './worker-handle.js';

interface Queued {
  job: ExecJob;
  resolve: (r: ExecResult) => void;
  reject: (e: PgError) => void;
  worker?: WorkerHandle;
}

/** A running or queued read; cancel() works in both states. */
export interface ReadTicket {
  promise: Promise<ExecResult>;
  cancel(reason: number, error: PgError): void;
}

export class ReaderPool {
  private readonly workers: WorkerHandle[];
  private readonly queue: Queued[] = [];

  constructor(path: string, size: number) {
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
    await Promise.all(this.workers.map((w) => w.close()));
  }
}
