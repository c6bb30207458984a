import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// npm run db:backup / db:restore behind DATABASE_URL: pg_dump -Fc and pg_restore, as separate processes. Until the
// PostgreSQL schema lands (branch pg) this runs on a plain table of its own; the dump does not depend on which.
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);
const server = process.env.TEST_DATABASE_URL!;
const urlOf = (database: string) => Object.assign(new URL(server), { pathname: `/${database}` }).toString();
const suffix = `${process.pid}_${Date.now()}`;
const databases = { live: `backup_live_${suffix}`, restored: `backup_restored_${suffix}` };

async function script(name: 'db-backup' | 'db-restore', args: string[], databaseUrl: string) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', `scripts/${name}.ts`, ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const { code, stdout, stderr } = err as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}

async function withClient<T>(url: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ronghe-pg-backup-'));
  await withClient(server, async (c) => {
    for (const db of Object.values(databases)) await c.query(`create database ${db}`);
  });
});
afterAll(async () => {
  await withClient(server, async (c) => {
    for (const db of Object.values(databases)) await c.query(`drop database if exists ${db} with (force)`);
  });
  rmSync(dir, { recursive: true, force: true });
});

const rowsOf = (url: string) =>
  withClient(url, async (c) => (await c.query('select id, name, level, answers::text as answers from assessments_plain order by id')).rows);

describe('npm run db:backup and db:restore on PostgreSQL', () => {
  it('dumps DATABASE_URL with pg_dump -Fc while it is written to, and pg_restore brings back every row', async () => {
    const live = urlOf(databases.live);
    await withClient(live, async (c) => {
      await c.query('create table assessments_plain (id serial primary key, name text not null, level numeric(4,1) not null, answers jsonb not null)');
      for (let i = 0; i < 200; i++) {
        await c.query('insert into assessments_plain (name, level, answers) values ($1, $2, $3)', [
          `【合成数据】企业${i}`,
          (i * 7.3) % 100,
          { 'RD-01': 'C', n: i },
        ]);
      }
    });
    const before = await rowsOf(live);

    // A writer keeps inserting while pg_dump runs; the dump is one snapshot, whichever rows it caught.
    let writing = true;
    const writer = withClient(live, async (c) => {
      for (let i = 0; writing; i++) await c.query('insert into assessments_plain (name, level, answers) values ($1, 50, $2)', [`写入中${i}`, { i }]);
    });
    const file = join(dir, 'ronghe.dump');
    const dumped = await script('db-backup', [file], live);
    writing = false;
    await writer;
    expect(dumped.code, dumped.stderr).toBe(0);
    expect(dumped.stdout).toMatch(/^backed up PostgreSQL \(pg_dump -Fc\) to .*ronghe\.dump: \d+ bytes/);

    const restored = urlOf(databases.restored);
    const restoredRun = await script('db-restore', [file], restored);
    expect(restoredRun.code, restoredRun.stderr).toBe(0);
    const back = await rowsOf(restored);
    // Every row written before the dump began, byte for byte; those written during it form a prefix of the ids.
    expect(back.slice(0, before.length)).toEqual(before);
    expect(back.map((r) => r.id)).toEqual(back.map((_, i) => i + 1));
    const liveNow = await rowsOf(live);
    expect(back).toEqual(liveNow.slice(0, back.length));

    // Into a database that has the objects already: refused (all or nothing), unless --force drops them first.
    const again = await script('db-restore', [file], restored);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^pg_restore failed: .*already exists/m);
    expect(await rowsOf(restored)).toEqual(back);
    const forced = await script('db-restore', [file, '--force'], restored);
    expect(forced.code, forced.stderr).toBe(0);
    expect(await rowsOf(restored)).toEqual(back);
  });
});
