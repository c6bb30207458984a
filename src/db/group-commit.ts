import { AsyncLocalStorage } from 'node:async_hooks';
import type Database from 'better-sqlite3';
import type { Awaitable, UnitOfWork } from './unit-of-work';

interface Job {
  write: () => Awaitable<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** Enough to amortise the fsync; few enough that the first writer of a burst does not wait long for the last. */
export const MAX_BATCH = 64;

const isThenable = (v: unknown): v is PromiseLike<unknown> => typeof (v as { then?: unknown } | null)?.then === 'function';

/**
 * Group commit, SQLite's unit of work. With synchronous=FULL every COMMIT waits for an fsync, during which the
 * event loop stands still. Writes queued during one turn of the event loop therefore share one IMMEDIATE
 * transaction and one fsync (16 submissions a commit under the submit benchmark's load); each runs in its own
 * savepoint, so a write that throws (a 409, a 412) rolls back only itself. A write's promise settles after COMMIT
 * has returned. If SQLite abandons the whole transaction (full disk, I/O error) or COMMIT fails, every write of the
 * batch fails with that error: none of them was acknowledged.
 *
 * Writes run one after another, each to its end, awaits included; work that awaits only the repositories (which
 * answer at once here) finishes the batch in one turn. Reads on this connection wait while a batch is open, so
 * that nothing outside it sees what it has not committed; writes and reads called from inside a write's work
 * (tracked across awaits) run in its transaction.
 */
export class GroupCommit implements UnitOfWork {
  private queue: Job[] = [];
  private scheduled = false;
  private open = false;
  private readonly waiting: (() => void)[] = [];
  private readonly inside = new AsyncLocalStorage<true>();
  private readonly finishers: { work: () => Awaitable<void>; onError: (error: unknown) => void }[] = [];
  private readonly sql: Record<'begin' | 'savepoint' | 'release' | 'rollbackTo' | 'commit' | 'rollback', Database.Statement>;

  constructor(private readonly sqlite: Database.Database) {
    this.sql = {
      begin: sqlite.prepare('begin immediate'),
      savepoint: sqlite.prepare('savepoint write'),
      release: sqlite.prepare('release write'),
      rollbackTo: sqlite.prepare('rollback to write'),
      commit: sqlite.prepare('commit'),
      rollback: sqlite.prepare('rollback'),
    };
  }

  write<T>(work: () => Awaitable<T>): Promise<T> {
    if (this.inside.getStore()) return settle(work);
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ write: work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled && !this.open) {
        this.scheduled = true;
        // After the I/O phase: the requests read in the same turn join this batch.
        setImmediate(() => this.flush());
      }
    });
  }

  /**
   * Runs `work` at the end of every batch, after its writes and before its COMMIT, in a savepoint of its own: what
   * it writes commits with the batch, and if it throws, only what it wrote is rolled back (the error goes to
   * `onError`; the batch's writes still commit). For the change log's projections: one run per batch, whatever
   * the number of writes in it, and a write is acknowledged once its projection is durable too.
   */
  beforeCommit(work: () => Awaitable<void>, onError: (error: unknown) => void): void {
    this.finishers.push({ work, onError });
  }

  read<T>(work: () => Awaitable<T>): Promise<T> {
    if (!this.open || this.inside.getStore()) return settle(work);
    return new Promise<void>((resolve) => this.waiting.push(resolve)).then(() => this.read(work));
  }

  /**
   * Commits everything queued; also called before the database closes. Synchronous work commits before this
   * returns; a batch whose work awaits goes on from its await, and `idle()` tells when it is done.
   */
  flush(): void {
    this.scheduled = false;
    // A batch of synchronous work is over when commit() returns; one that awaits leaves `open` set until it ends.
    while (!this.open && this.queue.length) void this.commit(this.queue.splice(0, MAX_BATCH));
  }

  /** For monitoring: the writes waiting for the next batch, and whether a batch holds the connection now. */
  use(): { queued: number; open: boolean } {
    return { queued: this.queue.length, open: this.open };
  }

  /** Settles once no batch is open or queued. */
  async idle(): Promise<void> {
    while (this.open || this.queue.length) {
      if (!this.open) this.flush();
      else await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  private async commit(batch: Job[]): Promise<void> {
    const outcomes: Outcome[] = [];
    this.open = true;
    try {
      this.sql.begin.run();
      for (const job of batch) {
        this.sql.savepoint.run();
        try {
          let value = this.inside.run(true, job.write);
          if (isThenable(value)) value = await value;
          this.sql.release.run();
          outcomes.push({ ok: true, value });
        } catch (error) {
          // SQLite abandoned the whole transaction: the batch fails below.
          if (!this.sqlite.inTransaction) throw error;
          this.sql.rollbackTo.run();
          this.sql.release.run();
          outcomes.push({ ok: false, error });
        }
      }
      for (const finisher of this.finishers) {
        this.sql.savepoint.run();
        try {
          const done = this.inside.run(true, finisher.work);
          if (isThenable(done)) await done;
          this.sql.release.run();
        } catch (error) {
          if (!this.sqlite.inTransaction) throw error;
          this.sql.rollbackTo.run();
          this.sql.release.run();
          finisher.onError(error);
        }
      }
      this.sql.commit.run();
    } catch (error) {
      if (this.sqlite.inTransaction) this.sql.rollback.run();
      this.close();
      for (const job of batch) job.reject(error);
      return;
    }
    this.close();
    batch.forEach((job, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) job.resolve(outcome.value);
      else job.reject(outcome.error);
    });
  }

  /** The batch is over: readers waiting for it go on, and the writes queued meanwhile form the next one. */
  private close(): void {
    this.open = false;
    for (const resume of this.waiting.splice(0)) resume();
    if (this.queue.length && !this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }
}

/** Runs work now, its synchronous throws as a rejection. */
function settle<T>(work: () => Awaitable<T>): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (error) {
    return Promise.reject(error);
  }
}
