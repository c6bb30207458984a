// The checkpointer thread (see checkpointer.ts). Plain JavaScript: Node 20 cannot hand a worker the TypeScript
// loader the service runs with.
import Database from 'better-sqlite3';
import { setInterval, clearInterval } from 'node:timers';
import { parentPort, workerData } from 'node:worker_threads';

const { path, intervalMs } = workerData;
const db = new Database(path, { fileMustExist: true });
// A checkpoint syncs the WAL before copying it and the database file after, as the request connections would.
db.pragma('synchronous = FULL');

// A failure is reported once, not every interval, until a checkpoint succeeds again.
let failing = null;
const checkpoint = () => {
  try {
    // PASSIVE: copies what no reader still needs, never waits for a writer or a reader.
    db.pragma('wal_checkpoint(PASSIVE)');
    failing = null;
  } catch (err) {
    const error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    if (error !== failing) parentPort.postMessage({ error });
    failing = error;
  }
};
const timer = setInterval(checkpoint, intervalMs);

parentPort.on('message', (message) => {
  if (message !== 'close') return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
