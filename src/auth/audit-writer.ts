import type { FastifyBaseLogger } from 'fastify';
import type { DatabaseHandle } from '../db/connection';
import { statement } from '../db/statements';
import type { AuditRow } from './audit';

/**
 * Appends audit entries through the group commit: the entries of the responses finished in one turn of the event
 * loop become one write, committed with whatever other writes are queued (one fsync for all), instead of a
 * transaction per request. An entry is written after its response has gone out either way; closing the database
 * commits what is still queued.
 */
export class AuditWriter {
  private queue: Omit<AuditRow, 'id'>[] = [];
  private queued = false;

  constructor(
    private readonly database: DatabaseHandle,
    private readonly log: FastifyBaseLogger,
  ) {}

  append(entry: Omit<AuditRow, 'id'>): void {
    this.queue.push(entry);
    if (this.queued) return;
    this.queued = true;
    let batch: Omit<AuditRow, 'id'>[] | null = null;
    this.database.writes
      .run(() => {
        batch = this.take();
        this.write(batch);
      })
      .catch((err: unknown) => {
        // The write failed, or its transaction never began (a busy or full database) and the entries are still
        // queued: either way they are lost, and the next entry starts afresh.
        const lost = (batch ?? this.take()).length;
        this.log.error({ err, lost }, 'could not write the audit log');
      });
  }

  private take(): Omit<AuditRow, 'id'>[] {
    const batch = this.queue;
    this.queue = [];
    this.queued = false;
    return batch;
  }

  private write(batch: Omit<AuditRow, 'id'>[]): void {
    const insert = statement(
      this.database.sqlite,
      'insert into audit_log (at, key_id, role, operation, method, resource, status, request_id) values (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const e of batch) insert.run(e.at, e.keyId, e.role, e.operation, e.method, e.resource, e.status, e.requestId);
  }
}
