/**
 * The write lock: one SQLite writer, shared by all sessions through an async FIFO queue. A session holds
 * it from its transaction's first write to COMMIT/ROLLBACK (never a busy-wait on the event loop).
 */
import type { PgError } from '../../../protocol/errors.js';

interface Waiter {
  owner: object;
  resolve: () => void;
  reject: (e: PgError) => void;
}

export class WriterLock {
  private holder: object | null = null;
  private waiters: Waiter[] = [];

  heldBy(owner: object): boolean {
    return this.holder === owner;
  }

  get held(): boolean {
    return this.holder !== null;
  }

  /** Resolves when `owner` holds the lock. The returned cancel function rejects a still-waiting request. */
  acquire(owner: object): { promise: Promise<void>; cancel: (e: PgError) => void } {
    if (this.holder === owner) return { promise: Promise.resolve(), cancel: () => {} };
    if (this.holder === null) {
      this.holder = owner;
      return { promise: Promise.resolve(), cancel: () => {} };
    }
    let waiter!: Waiter;
    const promise = new Promise<void>((resolve, reject) => {
      waiter = { owner, resolve, reject };
      this.waiters.push(waiter);
    });
    const cancel = (e: PgError) => {
      const i = this.waiters.indexOf(waiter);
      if (i >= 0) {
        this.waiters.splice(i, 1);
        waiter.reject(e);
      }
    };
    return { promise, cancel };
  }

  release(owner: object): void {
    if (this.holder !== owner) return;
    const next = this.waiters.shift();
    this.holder = next ? next.owner : null;
    next?.resolve();
  }
}
