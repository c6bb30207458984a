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

  constructor(
    private readonly database: DatabaseHandle,
    private readonly log: FastifyBaseLogger,
  ) {}

  append(entry: Omit<AuditRow, 'id'>): void {
    this.queue.push(entry);
    if (this.queue.length > 1) return; // already queued for the next commit
    this.database.writes.run(() => this.write()).catch((err: unknown) => this.log.error({ err }, 'could not write the audit log'));
  }

  private write(): void {
    const batch = this.queue;
    this.queue = [];
    const insert = statement(this.database.sqlite, 'insert into audit_log (at, key_id, role, operation, method, resource, status, request_id) values (?, ?, ?, ?, ?, ?, ?, ?)');
    try {
      for (const e of batch) insert.run(e.at, e.keyId, e.role, e.operation, e.method, e.resource, e.status, e.requestId);
    } catch (err) {
      this.log.error({ lost: batch.length }, 'audit entries lost');
      throw err;
    }
  }
}
