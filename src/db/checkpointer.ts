import type Database from 'better-sqlite3';
import { Worker } from 'node:worker_threads';

/** SQLite's own threshold for an automatic checkpoint, in WAL pages: what the connection falls back to. */
const AUTOCHECKPOINT_PAGES = 1000;

/**
 * Checkpoints the WAL on a thread of its own. SQLite would otherwise checkpoint inside whichever COMMIT crosses
 * 1,000 WAL pages: copying them to the database file and syncing it, on the thread that serves requests, every
 * hundred-odd submissions. Here the request connection does not checkpoint; this thread does so every `intervalMs`
 * (PASSIVE: it never waits for a writer). If the thread fails, the connection checkpoints for itself again.
 */
export class Checkpointer {
  private readonly worker: Worker;
  private readonly exited: Promise<void>;
  private closing = false;

  constructor(
    private readonly sqlite: Database.Database,
    options: { intervalMs: number; onError: (message: string) => void },
  ) {
    this.worker = new Worker(new URL('./checkpoint-worker.mjs', import.meta.url), { workerData: { path: sqlite.name, intervalMs: options.intervalMs } });
    this.worker.on('message', (m: { error: string }) => options.onError(`WAL checkpoint failed: ${m.error}`));
    this.worker.on('error', (err) => options.onError(`the checkpointer thread failed: ${err.message}`));
    this.exited = new Promise((resolve) =>
      this.worker.once('exit', () => {
        if (!this.closing && this.sqlite.open) this.sqlite.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
        resolve();
      }),
    );
    this.worker.unref();
    sqlite.pragma('wal_autocheckpoint = 0');
  }

  /** Stops the thread and closes its connection, so that the request connection closes last (and removes the WAL). */
  close(): Promise<void> {
    if (!this.closing) {
      this.closing = true;
      // Unreferenced, the thread would not keep a process whose last step is this close alive until it has exited.
      this.worker.ref();
      this.worker.postMessage('close');
    }
    return this.exited;
  }
}
