import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

// A WAL checkpoint copies the log into the database file and syncs it: tens of milliseconds on the thread that runs
// it, seconds after a burst of large samples (a 200 MB log). A serving process turns SQLite's automatic checkpoints
// off and runs them here, on a connection of its own in a worker thread, so requests never wait behind one. On Linux
// the thread also takes the lowest CPU priority (nice 19): where the server has a single core, a long checkpoint
// would otherwise take half of it from the requests for as long as it runs. Plain CommonJS given as text: it runs the
// same from src/ and dist/.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
try {
  // /proc/thread-self is this thread's /proc/<pid>/task/<tid>; elsewhere the priority stays as it is.
  const tid = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop());
  require('node:os').setPriority(tid, 19);
} catch {}
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: 5000 });
parentPort.on('message', (m) => {
  if (m === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // busy or closing: the next request checkpoints
  }
});
`;

const DRIVER = createRequire(import.meta.url).resolve('better-sqlite3');

/** Checkpoints of one SQLite file, run off the main thread. */
export interface Checkpointer {
  /** Asks for a passive checkpoint (returns at once). */
  checkpoint(): void;
  close(): Promise<void>;
}

/** @example const cp = startCheckpointer('/data/modelpilot.db'); cp.checkpoint(); await cp.close(); */
export function startCheckpointer(file: string): Checkpointer {
  const worker = new Worker(WORKER, { eval: true, workerData: { file, driver: DRIVER } });
  worker.unref();
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.on('error', () => undefined);
  let open = true;
  return {
    checkpoint: () => open && worker.postMessage('checkpoint'),
    close() {
      // Held again while it closes: an unreferenced worker would let the process end with the close pending.
      worker.ref();
      if (open) worker.postMessage('close');
      open = false;
      return exited;
    },
  };
}
