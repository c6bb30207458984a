import type { Awaitified } from '../db/unit-of-work';
import type { Connection } from '../db/connection';
import { changeLog } from '../db/schema';
import { rowCodec } from '../db/rows';
import { statement } from '../db/statements';
import type { ChangeEvent, LoggedChange } from './events';

const CHANGE = rowCodec(changeLog);
export const SQL = {
  append: 'insert into change_log (at, kind, payload) values (?, ?, ?)',
  after: `select ${CHANGE.select} from change_log where seq > ? order by seq limit ?`,
  last: 'select coalesce(max(seq), 0) from change_log',
  watermark: 'select seq from projections where name = ?',
  advance: 'insert into projections (name, seq) values (?, ?) on conflict (name) do update set seq = excluded.seq',
};

/** The change log and the watermarks of its projections. Synchronous: it runs inside the caller's unit of work. */
export function createChangeLog(sqlite: Connection) {
  const run = (sql: string) => statement(sqlite, sql);
  return {
    /** Appends an event; call inside the write it records. Returns its sequence number. */
    append(event: ChangeEvent, at: string): number {
      const { kind, ...payload } = event;
      return Number(run(SQL.append).run(at, kind, JSON.stringify(payload)).lastInsertRowid);
    },
    /** Up to `limit` events after `seq`, oldest first. */
    after(seq: number, limit: number): LoggedChange[] {
      return run(SQL.after)
        .all(seq, limit)
        .map((raw) => {
          const row = CHANGE.decode(raw);
          return { seq: row.seq, at: row.at, event: { kind: row.kind, ...(row.payload as object) } as ChangeEvent };
        });
    },
    /** The sequence number of the newest event (0 when there is none). */
    last(): number {
      return run(SQL.last).pluck().get() as number;
    },
    /** How far a projection has applied the log (0 before its first batch). */
    watermark(name: string): number {
      return (run(SQL.watermark).pluck().get(name) as number | undefined) ?? 0;
    },
    /** Whether a projection has applied the event `seq` (and every one before it). */
    reached(name: string, seq: number): boolean {
      return ((run(SQL.watermark).pluck().get(name) as number | undefined) ?? 0) >= seq;
    },
    /** Records that a projection has applied the log up to `seq`; call in the transaction that applied it. */
    advance(name: string, seq: number): void {
      run(SQL.advance).run(name, seq);
    },
  };
}

/** What services use, on either backend (see Awaitified). */
export type ChangeLog = Awaitified<ReturnType<typeof createChangeLog>>;
