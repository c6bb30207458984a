import type { ChangeLog } from '../changes/repository';
import type { UnitOfWork } from '../db/unit-of-work';
import { UnavailableError } from '../domain/errors';
import type { IndexRepository } from './repository';

/** The projection's name in the projections table: its watermark. */
export const INDEX_PROJECTION = 'index-rollups';
/** Events per batch: a bulk load's unit of work (ASSESSMENTS_PER_BATCH, 20,000) is one batch; a backlog of millions many writes of their own. */
/** How long a live read waits at most for the change log's horizon (PostgreSQL) before answering 503. */
const CATCH_UP_MAX_WAIT_MS = 5000;
const EVENTS_PER_BATCH = 25_000;

/**
 * index_rollups and score_histograms as a projection of the change log. A batch reads the events after the
 * watermark, has SQLite sum the contributions they make (+ the submitted summary, − the one it replaces) per cell
 * and bin and add them to the stored rows (IndexRepository.addToRollups), and advances the watermark, all in one
 * unit of work: after a crash either all of that is there or
 * none of it, so every event counts exactly once. Summaries never change (but for is_latest, which this does not
 * read), so an event projected late counts as it would have at once.
 *
 * The one projector of a process runs at the end of every write batch (see GroupCommit.beforeCommit, wired in
 * services.ts), so a submission is acknowledged with its projection; `catchUp` applies whatever is left (events of
 * another process, a batch whose projection failed) before a live read or a publication.
 */
export function createIndexProjector(deps: {
  uow: UnitOfWork;
  changes: Pick<ChangeLog, 'after' | 'last' | 'watermark' | 'advance' | 'reached'>;
  store: Pick<IndexRepository, 'unsummarised' | 'addToRollups'>;
  eventsPerBatch?: number;
  /** How long a catch-up waits for an event that cannot be projected yet before it gives up (UnavailableError). */
  maxWaitMs?: number;
}) {
  const { uow, changes, store } = deps;
  const eventsPerBatch = deps.eventsPerBatch ?? EVENTS_PER_BATCH;
  const maxWaitMs = deps.maxWaitMs ?? CATCH_UP_MAX_WAIT_MS;
  /** Per period, the sequence of the last event this process projected into it: what a live cube was built at. */
  const changedAt = new Map<string, number>();

  /** One batch, in the caller's write; the number of events it applied (0: caught up). */
  async function projectBatch(): Promise<number> {
    const events = await changes.after(await changes.watermark(INDEX_PROJECTION), eventsPerBatch);
    if (events.length === 0) return 0;
    const added: string[] = [];
    const removed: string[] = [];
    const periods = new Set<string>();
    for (const { event } of events) {
      if (event.kind !== 'assessment.submitted') continue;
      added.push(event.assessmentId);
      // A revision replaces its predecessor's contribution to every index (the predecessor is of the same period).
      if (event.replaces) removed.push(event.replaces);
      periods.add(event.period);
    }
    const batch = { added, removed };
    // The summary is written in the transaction that appends the event: without it the rollups cannot be right.
    const missing = await store.unsummarised(batch);
    if (missing !== undefined) throw new Error(`change log: assessment ${missing} has no summary`);
    await store.addToRollups(batch);
    const last = events[events.length - 1]!.seq;
    await changes.advance(INDEX_PROJECTION, last);
    // Set before COMMIT: if the batch fails after all, a live cube is rebuilt once for nothing, never kept stale.
    for (const period of periods) changedAt.set(period, last);
    return events.length;
  }

  return {
    /** Projects what is pending, in the caller's write (at the end of a write batch); at most `maxBatches` batches. */
    async projectPending(maxBatches = 10): Promise<void> {
      for (let i = 0; i < maxBatches && (await projectBatch()) === eventsPerBatch; i++);
    },

    /** Applies every event appended so far (each batch a write of its own), e.g. before a live read. */
    async catchUp(): Promise<void> {
      const started = Date.now();
      let idle = 0;
      // Up to the newest event appended before this call, and no further: under a steady stream of writes the
      // newest moves on, and a read must not chase it. (On PostgreSQL, events become projectable in the order
      // their transactions end, not always in `seq` order: the log says whether the projection has reached one.)
      const target = await uow.read(() => changes.last());
      while (!(await uow.read(() => changes.reached(INDEX_PROJECTION, target)))) {
        // Nothing applicable yet: the newest event waits for an older transaction to end (PostgreSQL: any on the
        // server holds back the horizon). Wait, backing off, but not without end: a read cannot wait for a
        // transaction nobody ends.
        if ((await uow.write(projectBatch)) > 0) idle = 0;
        else {
          if (Date.now() - started > maxWaitMs) {
            throw new UnavailableError(`the live figures wait for a database transaction that has not ended after ${maxWaitMs} ms`, 2);
          }
          await new Promise((resolve) => setTimeout(resolve, Math.min(50, 2 * ++idle)));
        }
      }
    },

    /** Projects within the caller's write until caught up (a publication freezes what that write sees). */
    async catchUpWithin(): Promise<void> {
      while ((await projectBatch()) > 0);
    },

    /** The sequence of the last event this process projected into a period (0: none yet). */
    changedAt(period: string): number {
      return changedAt.get(period) ?? 0;
    },

    /** How far the projection has applied the log, and how far the log goes. */
    async position(): Promise<{ applied: number; appended: number }> {
      return { applied: await changes.watermark(INDEX_PROJECTION), appended: await changes.last() };
    },
  };
}

export type IndexProjector = ReturnType<typeof createIndexProjector>;
