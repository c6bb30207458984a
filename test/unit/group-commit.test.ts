import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/connection';
import { MAX_BATCH } from '../../src/db/group-commit';

// The write queue on a real SQLite file, observed from a second connection as another process would see it.
let handle: DatabaseHandle;
let observer: Database.Database;
let path: string;

beforeEach(() => {
  path = join(mkdtempSync(join(tmpdir(), 'ronghe-group-commit-')), 'g.db');
  handle = openDatabase(path, { busyTimeoutMs: 100 });
  handle.sqlite.exec('create table t (id integer primary key, v text not null)');
  observer = new Database(path, { readonly: true });
});
afterEach(() => {
  observer.close();
  handle.close();
});

const insert = (v: string) => () => Number(handle.sqlite.prepare('insert into t (v) values (?)').run(v).lastInsertRowid);
const seen = () => (observer.prepare('select v from t order by id').all() as { v: string }[]).map((r) => r.v);

describe('group commit', () => {
  it('runs the writes of one turn in one transaction and settles each only once it is committed', async () => {
    const visibleMeanwhile: string[][] = [];
    const writes = ['a', 'b', 'c'].map((v) =>
      handle.writes.run(() => {
        visibleMeanwhile.push(seen()); // another connection sees nothing of the batch before COMMIT
        return insert(v)();
      }),
    );
    const settled = writes.map((w) => w.then((id) => ({ id, seen: seen() })));
    const results = await Promise.all(settled);
    expect(visibleMeanwhile).toEqual([[], [], []]);
    expect(results.map((r) => r.id)).toEqual([1, 2, 3]);
    // By the time the first promise settles, all three are on disk.
    for (const r of results) expect(r.seen).toEqual(['a', 'b', 'c']);
  });

  it('rolls back only the write that throws; the others of its batch commit', async () => {
    const ok1 = handle.writes.run(insert('kept-1'));
    const bad = handle.writes.run(() => {
      insert('rolled-back')();
      throw new Error('precondition failed');
    });
    const ok2 = handle.writes.run(insert('kept-2'));
    await expect(bad).rejects.toThrow('precondition failed');
    await expect(ok1).resolves.toBe(1);
    await expect(ok2).resolves.toBeGreaterThan(1);
    expect(seen()).toEqual(['kept-1', 'kept-2']);
  });

  it('acknowledges no write of a batch whose transaction fails, and loses none it acknowledged', async () => {
    const pages = handle.sqlite.pragma('page_count', { simple: true }) as number;
    handle.sqlite.pragma(`max_page_count = ${pages + 3}`); // a few small rows fit, a large one does not: SQLITE_FULL
    const writes = [insert('small-1'), insert('x'.repeat(64 * 1024)), insert('small-2')].map((w) => handle.writes.run(w));
    const outcomes = await Promise.allSettled(writes);
    expect(outcomes[1]!.status).toBe('rejected');
    expect(String((outcomes[1] as PromiseRejectedResult).reason.code)).toMatch(/^SQLITE_FULL/);
    const acknowledged = ['small-1', 'large', 'small-2'].filter((_, i) => outcomes[i]!.status === 'fulfilled');
    expect(seen()).toEqual(acknowledged);
    handle.sqlite.pragma('max_page_count = 1073741823');
    await expect(handle.writes.run(insert('after'))).resolves.toBeGreaterThan(0);
    expect(seen()).toEqual([...acknowledged, 'after']);
  });

  it('splits a long queue into batches of at most MAX_BATCH and keeps their order', async () => {
    const n = MAX_BATCH * 2 + 5;
    const ids = await Promise.all(Array.from({ length: n }, (_, i) => handle.writes.run(insert(`w${i}`))));
    expect(ids).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    expect(seen()).toEqual(Array.from({ length: n }, (_, i) => `w${i}`));
  });

  it('commits what is queued when the database closes', async () => {
    const pending = handle.writes.run(insert('last'));
    handle.close();
    await expect(pending).resolves.toBe(1);
    expect(seen()).toEqual(['last']);
  });
});
