import type { UnitOfWork } from '../db/unit-of-work';
import type { AuditEntry, AuditRepository } from './repository';

/**
 * Appends audit entries through the unit of work: the entries of the responses finished in one turn of the event
 * loop become one write, committed with whatever other writes are queued (one fsync for all), instead of a
 * transaction per request. An entry is written after its response has gone out either way; closing the database
 * commits what is still queued.
 */
export class AuditWriter {
  private queue: AuditEntry[] = [];
  private queued = false;

  constructor(
    private readonly deps: { uow: UnitOfWork; audit: Pick<AuditRepository, 'append'> },
    /** Told of entries lost to a failed write. */
    private readonly onLost: (err: unknown, lost: number) => void,
  ) {}

  append(entry: AuditEntry): void {
    this.queue.push(entry);
    if (this.queued) return;
    this.queued = true;
    let batch: AuditEntry[] | null = null;
    this.deps.uow
      .write(() => {
        // Taken once: a write run again (PostgreSQL retries a lost race) appends the same entries, not the next ones.
        batch ??= this.take();
        return this.deps.audit.append(batch);
      })
      .catch((err: unknown) => {
        // The write failed, or its transaction never began (a busy or full database) and the entries are still
        // queued: either way they are lost, and the next entry starts afresh.
        this.onLost(err, (batch ?? this.take()).length);
      });
  }

  private take(): AuditEntry[] {
    const batch = this.queue;
    this.queue = [];
    this.queued = false;
    return batch;
  }
}
