// Checkpoints an SQLite database's WAL from a worker thread. SQLite otherwise checkpoints inside
// whichever commit takes the WAL past 1,000 pages, and a checkpoint ends in fsyncs: measured at
// 5–60 ms on a loaded machine, during which the event loop, and every request in flight, waited.
// The replay check writes on every Slack request, so it was nearly always that commit. A PASSIVE
// checkpoint on another connection does not block the writer.
// PASSIVE alone does not bound the WAL: SQLite starts the log again from its beginning only when
// a writer finds all of it copied, which under steady traffic almost never happens (measured:
// 305 MB after 20,000 signed requests, 1.69 GB after a 30 s flood). So once the file is past
// WAL_LIMIT_BYTES the worker's next pass ends with a TRUNCATE checkpoint, which waits for the
// writer in turn, copies what the PASSIVE passes left (little) and empties the file; and
// journal_size_limit caps what a restart by SQLite itself leaves on disk.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';

/** How often the worker copies the WAL into the database file. */
const CHECKPOINT_INTERVAL_MS = 1_000;
/**
 * Passes in a row, each copying what was written during the one before. The WAL starts again from
 * its beginning only after a pass has copied all of it, so while writes keep coming, one pass a
 * second would let it grow.
 */
const PASSES_TO_CATCH_UP = 5;
/**
 * Past this size the WAL is emptied (TRUNCATE), and a restarted one cut back to it (PRAGMA
 * journal_size_limit). A TRUNCATE checkpoint holds writers back while it syncs, so it runs only
 * then: at most once a pass, under a flood; never while traffic stays light.
 */
export const WAL_LIMIT_BYTES = 16 * 1024 * 1024;
/** SQLite's own default, for a connection whose worker has failed. */
const SQLITE_AUTOCHECKPOINT_PAGES = 1_000;

// Run as CommonJS in the worker, with the store's own better-sqlite3.
const WORKER_SOURCE = `
const { statSync } = require('node:fs');
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('journal_size_limit = ' + workerData.walLimitBytes);
const walBytes = () => statSync(workerData.path + '-wal', { throwIfNoEntry: false })?.size ?? 0;
const checkpoint = () => {
  for (let pass = 0; pass < workerData.passes; pass++) {
    const [{ log, checkpointed }] = db.pragma('wal_checkpoint(PASSIVE)');
    if (checkpointed >= log) break;
  }
  if (walBytes() > workerData.walLimitBytes) db.pragma('wal_checkpoint(TRUNCATE)');
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.once('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface Checkpointer {
  /** Stops the worker (after its pass under way, if any); the last connection to close checkpoints what is left. */
  stop(): Promise<void>;
}

/** Turns off `sqlite`'s own checkpoints and checkpoints `path` from a worker instead; should the worker fail, `sqlite` checkpoints again. */
export function checkpointInWorker(
  sqlite: BetterSqlite3.Database,
  path: string,
  /** Override CHECKPOINT_INTERVAL_MS and WAL_LIMIT_BYTES; the tests shorten them. */
  { intervalMs = CHECKPOINT_INTERVAL_MS, walLimitBytes = WAL_LIMIT_BYTES } = {},
): Checkpointer {
  sqlite.pragma('wal_autocheckpoint = 0');
  sqlite.pragma(`journal_size_limit = ${walLimitBytes}`);
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      driver: createRequire(import.meta.url).resolve('better-sqlite3'),
      path,
      intervalMs,
      passes: PASSES_TO_CATCH_UP,
      walLimitBytes,
    },
  });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.once('error', () => {
    if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${SQLITE_AUTOCHECKPOINT_PAGES}`);
  });
  // A store left open must not keep the process alive.
  worker.unref();
  return {
    stop: async () => {
      // Kept alive until the worker has closed its connection, or a process ending here would exit without waiting.
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
