import type Database from 'better-sqlite3';

interface Job {
  write: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** Enough to amortise the fsync; few enough that the first writer of a burst does not wait long for the last. */
export const MAX_BATCH = 64;

/**
 * Group commit. With synchronous=FULL every COMMIT waits for an fsync, during which the event loop stands still.
 * Writes queued during one turn of the event loop therefore share one IMMEDIATE transaction and one fsync (16
 * submissions a commit under the submit benchmark's load); each runs in its own savepoint, so a write that throws
 * (a 409, a 412) rolls back only itself. A write's promise settles after COMMIT has returned: whoever is told "done" is told so about
 * data on disk. If SQLite abandons the whole transaction (full disk, I/O error) or COMMIT fails, every write of the
 * batch fails with that error: none of them was acknowledged.
 */
export class GroupCommit {
  private queue: Job[] = [];
  private scheduled = false;

  constructor(private readonly sqlite: Database.Database) {}

  /** Runs `write` (synchronous: it must not await) in the next group transaction. */
  run<T>(write: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ write, resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // After the I/O phase: the requests read in the same turn join this batch.
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commits everything queued; also called before the database closes. */
  flush(): void {
    this.scheduled = false;
    while (this.queue.length) this.commit(this.queue.splice(0, MAX_BATCH));
  }

  private commit(batch: Job[]): void {
    const outcomes: Outcome[] = [];
    try {
      this.sqlite
        .transaction(() => {
          for (const job of batch) {
            try {
              // Nested: better-sqlite3 runs it in a savepoint and rolls back to it if it throws.
              outcomes.push({ ok: true, value: this.sqlite.transaction(job.write)() });
            } catch (error) {
              if (!this.sqlite.inTransaction) throw error;
              outcomes.push({ ok: false, error });
            }
          }
        })
        .immediate();
    } catch (error) {
      for (const job of batch) job.reject(error);
      return;
    }
    batch.forEach((job, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) job.resolve(outcome.value);
      else job.reject(outcome.error);
    });
  }
}
