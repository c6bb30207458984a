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
afterEach(async () => {
  observer.close();
  await handle.close();
});

const insert = (v: string) => () => Number(handle.sqlite.prepare('insert into t (v) values (?)').run(v).lastInsertRowid);
const seen = () => (observer.prepare('select v from t order by id').all() as { v: string }[]).map((r) => r.v);

describe('group commit', () => {
  it('runs the writes of one turn in one transaction and settles each only once it is committed', async () => {
    const visibleMeanwhile: string[][] = [];
    const writes = ['a', 'b', 'c'].map((v) =>
      handle.writes.write(() => {
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
    const ok1 = handle.writes.write(insert('kept-1'));
    const bad = handle.writes.write(() => {
      insert('rolled-back')();
      throw new Error('precondition failed');
    });
    const ok2 = handle.writes.write(insert('kept-2'));
    await expect(bad).rejects.toThrow('precondition failed');
    await expect(ok1).resolves.toBe(1);
    await expect(ok2).resolves.toBeGreaterThan(1);
    expect(seen()).toEqual(['kept-1', 'kept-2']);
  });

  it('acknowledges no write of a batch whose transaction fails, and loses none it acknowledged', async () => {
    const pages = handle.sqlite.pragma('page_count', { simple: true }) as number;
    handle.sqlite.pragma(`max_page_count = ${pages + 3}`); // a few small rows fit, a large one does not: SQLITE_FULL
    const writes = [insert('small-1'), insert('x'.repeat(64 * 1024)), insert('small-2')].map((w) => handle.writes.write(w));
    const outcomes = await Promise.allSettled(writes);
    expect(outcomes[1]!.status).toBe('rejected');
    expect(String((outcomes[1] as PromiseRejectedResult).reason.code)).toMatch(/^SQLITE_FULL/);
    const acknowledged = ['small-1', 'large', 'small-2'].filter((_, i) => outcomes[i]!.status === 'fulfilled');
    expect(seen()).toEqual(acknowledged);
    handle.sqlite.pragma('max_page_count = 1073741823');
    await expect(handle.writes.write(insert('after'))).resolves.toBeGreaterThan(0);
    expect(seen()).toEqual([...acknowledged, 'after']);
  });

  it('splits a long queue into batches of at most MAX_BATCH and keeps their order', async () => {
    const n = MAX_BATCH * 2 + 5;
    const ids = await Promise.all(Array.from({ length: n }, (_, i) => handle.writes.write(insert(`w${i}`))));
    expect(ids).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    expect(seen()).toEqual(Array.from({ length: n }, (_, i) => `w${i}`));
  });

  it('commits what is queued when the database closes', async () => {
    const pending = handle.writes.write(insert('last'));
    handle.close();
    await expect(pending).resolves.toBe(1);
    expect(seen()).toEqual(['last']);
  });
});

describe('unit of work with work that awaits', () => {
  const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 5));

  it('keeps each write in the batch transaction across its awaits, and rolls back only the one that throws', async () => {
    const a = handle.writes.write(async () => {
      insert('a1')();
      await pause();
      return insert('a2')();
    });
    const bad = handle.writes.write(async () => {
      insert('bad')();
      await pause();
      throw new Error('refused');
    });
    const c = handle.writes.write(() => insert('c')());
    await expect(bad).rejects.toThrow('refused');
    await expect(a).resolves.toBe(2);
    await expect(c).resolves.toBeGreaterThan(2);
    expect(seen()).toEqual(['a1', 'a2', 'c']);
  });

  it('lets reads on the shared connection wait until an open batch has committed', async () => {
    let readWhileOpen: string[] | null = null;
    const write = handle.writes.write(async () => {
      insert('pending')();
      // Another request's read, arriving while this write is still open, must not see it uncommitted.
      setTimeout(() => void handle.writes.read(() => (readWhileOpen = (handle.sqlite.prepare('select v from t').all() as { v: string }[]).map((r) => r.v))), 0);
      await pause();
      await pause();
    });
    await write;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(readWhileOpen).toEqual(['pending']);
    expect(handle.sqlite.inTransaction).toBe(false);
  });

  it('joins a write called inside another write: one transaction, one outcome', async () => {
    const outer = handle.writes.write(async () => {
      insert('outer')();
      await handle.writes.write(() => insert('inner')());
      const inner = await handle.writes.read(() => seenHere());
      throw new Error(`saw ${inner.join(',')}`);
    });
    await expect(outer).rejects.toThrow('saw outer,inner');
    expect(seen()).toEqual([]);
  });

  it('commits work that is still awaiting when the database closes', async () => {
    const pending = handle.writes.write(async () => {
      await pause();
      return insert('late')();
    });
    await new Promise((resolve) => setImmediate(resolve));
    await handle.close();
    await expect(pending).resolves.toBe(1);
    expect(seen()).toEqual(['late']);
  });
});

const seenHere = () => (handle.sqlite.prepare('select v from t order by id').all() as { v: string }[]).map((r) => r.v);
