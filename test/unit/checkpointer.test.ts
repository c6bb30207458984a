import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Checkpointer } from '../../src/db/checkpointer';
import { openDatabase } from '../../src/db/connection';

// On a real SQLite file: in WAL mode only a checkpoint writes the database file, so its size shows who copied what.
const PAGE = 4096;

describe('checkpointer thread', () => {
  it('checkpoints the WAL in the background while the request connection no longer does', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'ronghe-checkpointer-')), 'c.db');
    const handle = openDatabase(path, { busyTimeoutMs: 100 });
    handle.sqlite.exec('create table t (id integer primary key, v blob not null)');
    handle.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const errors: string[] = [];
    const checkpointer = new Checkpointer(handle.sqlite, { intervalMs: 20, onError: (m) => errors.push(m) });
    expect(handle.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);

    const before = statSync(path).size;
    // 1,500 pages in one commit: past SQLite's own threshold, which would have checkpointed inside this COMMIT.
    handle.sqlite.transaction(() => {
      const insert = handle.sqlite.prepare('insert into t (v) values (?)');
      for (let i = 0; i < 1500; i++) insert.run(Buffer.alloc(PAGE - 100, i % 251));
    })();
    expect(statSync(path).size).toBe(before);

    const deadline = Date.now() + 5000;
    while (statSync(path).size < before + 1500 * PAGE && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(statSync(path).size).toBeGreaterThanOrEqual(before + 1500 * PAGE);
    expect(errors).toEqual([]);

    // Closed first, the thread leaves the request connection the last one: closing it removes the WAL.
    await checkpointer.close();
    await handle.close();
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it('hands checkpoints back to the request connection when the thread cannot run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ronghe-checkpointer-'));
    const handle = openDatabase(join(dir, 'c.db'), { busyTimeoutMs: 100 });
    // The file is gone from under the open connection: the thread cannot open it.
    rmSync(dir, { recursive: true, force: true });
    const errors: string[] = [];
    const checkpointer = new Checkpointer(handle.sqlite, { intervalMs: 20, onError: (m) => errors.push(m) });
    const deadline = Date.now() + 5000;
    while (handle.sqlite.pragma('wal_autocheckpoint', { simple: true }) === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(handle.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect(errors.join()).toMatch(/the checkpointer thread failed/);
    await checkpointer.close(); // the thread is gone: closing does not wait for it
    await handle.close();
  });
});
