/**
 * A worker thread owning one SQLite connection (the writer, or a reader). Jobs arrive one at a time;
 * results come back as encoded DataRow bytes, so the main thread only copies them to the socket.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { serializeError } from './errors.js';
import { cancelError, executeJob, StatementCache } from './execute.js';
import type { ExecJob } from './job.js';
import { CANCEL_NONE } from './job.js';
import { openSqlite } from './open.js';

interface WorkerInit {
  path: string;
  readOnly: boolean;
  cancelBuffer: SharedArrayBuffer;
}

const init = workerData as WorkerInit;
const cancel = new Int32Array(init.cancelBuffer);

/** pg_sleep: waits on the cancel flag, so a cancel wakes it at once. */
function sleep(seconds: number): void {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    if (cancel[0] !== CANCEL_NONE) throw cancelError(cancel[0]);
    const left = deadline - Date.now();
    if (left <= 0) return;
    Atomics.wait(cancel, 0, CANCEL_NONE, left);
  }
}

const db = openSqlite(init.path, { readOnly: init.readOnly, cancelFlag: cancel, sleep });
const cache = new StatementCache(db);
const port = parentPort;
if (!port) throw new Error('worker.ts must run in a worker thread');

port.on('message', (msg: { id: number; job: ExecJob }) => {
  try {
    const result = executeJob(cache, msg.job, cancel);
    const transfer = result.data && result.data.byteLength > 0 ? [result.data.buffer as ArrayBuffer] : [];
    port.postMessage({ id: msg.id, ok: true, result }, transfer);
  } catch (e) {
    port.postMessage({ id: msg.id, ok: false, error: serializeError(e) });
  }
});
port.postMessage({ ready: true });
