import type Database from 'better-sqlite3';
import type { FastifyBaseLogger } from 'fastify';
import { statement } from '../db/statements';
import type { AuditRow } from './audit';

/**
 * Appends audit entries in batches: the entries of every response finished in the same turn of the event loop
 * are written in one transaction (one fsync), instead of one transaction per request. An entry is written after
 * its response has gone out either way; batching only shares the cost.
 */
export class AuditWriter {
  private queue: Omit<AuditRow, 'id'>[] = [];
  private scheduled = false;

  constructor(
    private readonly sqlite: Database.Database,
    private readonly log: FastifyBaseLogger,
  ) {}

  append(entry: Omit<AuditRow, 'id'>): void {
    this.queue.push(entry);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  flush(): void {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (!batch.length || !this.sqlite.open) return;
    try {
      const insert = statement(this.sqlite, 'insert into audit_log (at, key_id, role, operation, method, resource, status, request_id) values (?, ?, ?, ?, ?, ?, ?, ?)');
      this.sqlite.transaction(() => {
        for (const e of batch) insert.run(e.at, e.keyId, e.role, e.operation, e.method, e.resource, e.status, e.requestId);
      }).immediate();
    } catch (err) {
      this.log.error({ err, lost: batch.length }, 'could not write the audit log');
    }
  }
}
