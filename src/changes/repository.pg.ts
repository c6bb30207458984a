import { LOCKS, type PgSql } from '../db/postgres';
import type { ChangeLog } from './repository';
import type { ChangeEvent, LoggedChange } from './events';

/**
 * The change log on PostgreSQL. `seq` is handed out when an event is appended but the event becomes visible at
 * its transaction's COMMIT, so a later seq can be visible before an earlier one. Projections therefore read the
 * log in (xid, seq) order — xid being the appending transaction — and only events of transactions older than any
 * still running (xid < the snapshot's xmin): none can appear before those any more, so a projection that has
 * applied the log up to an event has applied every event before it in that order, and the watermark (the seq of
 * the last event applied) stays one number. `last` is the newest event visible in that order: the projection is
 * caught up when it has applied it.
 *
 * A projection's batch runs under a transaction-level advisory lock, taken when its write reads the watermark:
 * batches of several instances take turns, each on what the one before committed.
 */
export const SQL = {
  append: 'insert into change_log (at, kind, payload) values ($1, $2, $3) returning seq',
  afterStart: `select seq, at, kind, payload from change_log
    where xid < pg_snapshot_xmin(pg_current_snapshot()) order by xid, seq limit $1`,
  after: `select seq, at, kind, payload from change_log
    where (xid, seq) > (select xid, seq from change_log where seq = $1) and xid < pg_snapshot_xmin(pg_current_snapshot())
    order by xid, seq limit $2`,
  last: 'select seq from change_log order by xid desc, seq desc limit 1',
  // Batches take turns however long one takes: the pool's lock_timeout (a request's wait for a row) is lifted for the
  // rest of this transaction, whose rows only other batches, already queued behind this lock, would contend for.
  lock: "select set_config('lock_timeout', '0', true), pg_advisory_xact_lock($1)",
  // Whether the watermark's event comes at or after event $2 in (xid, seq) order (no event: nothing to reach).
  reached: `select $2::int = 0 or coalesce((select (w.xid, w.seq) >= (t.xid, t.seq) from projections p
      join change_log w on w.seq = p.seq join change_log t on t.seq = $2 where p.name = $1), false) as reached`,
  watermark: 'select seq from projections where name = $1',
  advance: 'insert into projections (name, seq) values ($1, $2) on conflict (name) do update set seq = excluded.seq',
  // Ids from another cluster: some at or beyond the next id this one will hand out.
  foreignXids: 'select exists (select 1 from change_log where xid >= pg_snapshot_xmax(pg_current_snapshot())) as foreign',
  // Every event the projection has applied (at or before its watermark's event, in the old order) to xid 1, every
  // other to 2, keeping seq: the applied ones stay a prefix, and events appended from now on sort after them all.
  rebaseXids: `update change_log c set xid = case when w.xid is not null and (c.xid, c.seq) <= (w.xid, w.seq) then '1'::xid8 else '2'::xid8 end
    from (select max(l.xid::text)::xid8 as xid, max(l.seq) as seq from projections p join change_log l on l.seq = p.seq where p.name = $1) w`,
};

/**
 * Transaction ids mean something only in the cluster that issued them. A database restored from another cluster's
 * dump (pg_restore, a logical copy) keeps its events' ids, which may lie ahead of this cluster's: new events would
 * then sort before the old ones, and the projection would never see them while looking caught up. Run at start
 * (before any event is appended by this process), under the projection's lock: if any stored id is ahead, the log
 * is rebased so that what `projection` has applied comes first and everything else after, in seq order. The one
 * projection's watermark decides; a second projection of the log would need its own (none exists). Returns whether
 * it rebased.
 */
export async function rebaseForeignXids(sql: PgSql, projection: string): Promise<boolean> {
  await sql.run(SQL.lock, [LOCKS.projection]);
  if (!(await sql.rows<{ foreign: boolean }>(SQL.foreignXids))[0]!.foreign) return false;
  await sql.run(SQL.rebaseXids, [projection]);
  return true;
}

export function createPgChangeLog(sql: PgSql): ChangeLog {
  return {
    async append(event: ChangeEvent, at: string) {
      const { kind, ...payload } = event;
      return (await sql.rows<{ seq: number }>(SQL.append, [at, kind, JSON.stringify(payload)]))[0]!.seq;
    },
    async after(seq: number, limit: number): Promise<LoggedChange[]> {
      const rows = await sql.rows<{ seq: number; at: string; kind: ChangeEvent['kind']; payload: object }>(
        seq === 0 ? SQL.afterStart : SQL.after,
        seq === 0 ? [limit] : [seq, limit],
      );
      return rows.map((r) => ({ seq: r.seq, at: r.at, event: { kind: r.kind, ...r.payload } as ChangeEvent }));
    },
    last: async () => (await sql.rows<{ seq: number }>(SQL.last))[0]?.seq ?? 0,
    async watermark(name: string) {
      if (sql.inWrite()) await sql.run(SQL.lock, [LOCKS.projection]);
      return (await sql.rows<{ seq: number }>(SQL.watermark, [name]))[0]?.seq ?? 0;
    },
    reached: async (name: string, seq: number) => (await sql.rows<{ reached: boolean }>(SQL.reached, [name, seq]))[0]!.reached,
    advance: async (name: string, seq: number) => void (await sql.run(SQL.advance, [name, seq])),
  };
}
