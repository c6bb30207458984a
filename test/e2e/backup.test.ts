import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/auth/principal';
import { configWith } from '../../src/config';
import { createServices, type Services } from '../../src/services';
import type { Answers } from '../../src/scoring/schemas';
import { completeAnswers } from '../helpers/answer-arbitraries';
import { newCreditCode } from '../helpers/api';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

/** npm run db:backup / db:restore as a separate process, as an operator runs them; resolves with code and output. */
async function script(name: 'db-backup' | 'db-restore', args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', `scripts/${name}.ts`, ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: '', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const { code, stdout, stderr } = err as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}

const admin: Principal = { role: 'admin', keyId: 'test' };
let dir: string;
let source: Services;
let answers: Answers[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ronghe-backup-'));
  source = await createServices(configWith({ DATABASE_PATH: join(dir, 'live.db'), LOG_LEVEL: 'silent' }), { onError: () => {} });
  answers = fc.sample(completeAnswers(source.catalog.current('steel')!.definition), { numRuns: 20, seed: 7 }) as Answers[];
});
afterAll(async () => {
  await source.close();
  rmSync(dir, { recursive: true, force: true });
});

/** One enterprise's submitted assessment, written through the services as the server writes it. */
async function submitOne(i: number): Promise<{ id: string; owner: Principal }> {
  const { enterprise } = await source.enterprises.register(admin, {
    creditCode: newCreditCode(),
    name: `备份测试企业${i}`,
    regionCode: i % 2 ? '310115' : '320102',
    industryCode: '31',
    sizeClass: 'large',
  });
  const owner: Principal = { role: 'enterprise', keyId: 'test', enterpriseId: enterprise.id };
  const { assessment } = await source.assessments.createDraft(owner, enterprise.id, { period: '2024' });
  const saved = await source.assessments.saveAnswers(owner, assessment.id, assessment.version, answers[i % answers.length]!);
  await source.assessments.submit(owner, assessment.id, saved.assessment.version);
  return { id: assessment.id, owner };
}

const bytesOf = async (services: Services, { id, owner }: { id: string; owner: Principal }) =>
  JSON.stringify(await services.assessments.view(await services.assessments.get(owner, id)));

describe('npm run db:backup and db:restore on SQLite', () => {
  it('backs up while the server writes, and the restore holds every assessment submitted before, byte for byte', async () => {
    const before = [];
    for (let i = 0; i < 30; i++) before.push(await submitOne(i));

    // Writers keep submitting, four at a time, until the backup (another process) has finished.
    const during: { id: string; owner: Principal }[] = [];
    let backingUp = true;
    let next = 1000;
    const writers = [0, 1, 2, 3].map(async () => {
      while (backingUp) during.push(await submitOne(next++));
    });
    const backup = join(dir, 'backups', 'ronghe.db');
    mkdirSync(join(dir, 'backups'));
    const started = during.length;
    const backedUp = await script('db-backup', [backup], { DATABASE_PATH: join(dir, 'live.db') });
    const finished = during.length;
    backingUp = false;
    await Promise.all(writers);
    expect(backedUp.code, backedUp.stderr).toBe(0);
    expect(backedUp.stdout).toMatch(/^backed up SQLite .*live\.db to .*ronghe\.db: \d+ bytes/);
    // The backup ran while submissions were being acknowledged.
    expect(finished).toBeGreaterThan(started);

    const target = join(dir, 'restored', 'ronghe.db');
    const restored = await script('db-restore', [backup], { DATABASE_PATH: target });
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/^restored .*ronghe\.db to SQLite .*restored\/ronghe\.db/);

    const copy = await createServices(configWith({ DATABASE_PATH: target, LOG_LEVEL: 'silent' }), { onError: () => {} });
    try {
      const submitted = new Set(
        (copy.database.sqlite.prepare("select id from assessments where status = 'submitted'").all() as { id: string }[]).map((r) => r.id),
      );
      // Every assessment submitted before the backup began is in it; those submitted while it ran are in it or
      // not, as of one instant: in the order they were acknowledged, those in it come first.
      for (const a of before) expect(submitted.has(a.id), a.id).toBe(true);
      const inCopy = during.map((a) => submitted.has(a.id));
      expect(inCopy.slice(inCopy.indexOf(false) === -1 ? inCopy.length : inCopy.indexOf(false))).not.toContain(true);
      expect(submitted.size).toBe(before.length + inCopy.filter(Boolean).length);
      // And each submitted assessment the copy holds reads, through the service, byte for byte as on the live database.
      for (const a of [...before, ...during].filter((x) => submitted.has(x.id))) expect(await bytesOf(copy, a), a.id).toBe(await bytesOf(source, a));
      // The index projection committed with the submissions: the copy is caught up, nothing to replay.
      const { applied, appended } = await copy.projector.position();
      expect(applied).toBe(appended);
    } finally {
      await copy.close();
    }
  });

  it('refuses to replace an existing database without --force, and a file that is not a backup', async () => {
    const backup = join(dir, 'second.db');
    expect((await script('db-backup', [backup], { DATABASE_PATH: join(dir, 'live.db') })).code).toBe(0);
    const target = join(dir, 'existing', 'ronghe.db');
    expect((await script('db-restore', [backup], { DATABASE_PATH: target })).code).toBe(0);
    const again = await script('db-restore', [backup], { DATABASE_PATH: target });
    expect(again.code).toBe(1);
    expect(again.stderr.trim()).toMatch(/^DATABASE_PATH=".*existing\/ronghe\.db" exists: stop the server, then restore with --force/);
    expect((await script('db-restore', [backup, '--force'], { DATABASE_PATH: target })).code).toBe(0);

    const junk = join(dir, 'junk.db');
    writeFileSync(junk, 'not a database at all');
    const refused = await script('db-restore', [junk, '--force'], { DATABASE_PATH: target });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/the backup .*junk\.db is not a readable SQLite database/);
    expect((await script('db-backup', [], { DATABASE_PATH: target })).stderr).toMatch(/usage: npm run db:backup -- <file>/);
    expect((await script('db-backup', [join(dir, 'x.db')], { DATABASE_PATH: join(dir, 'nothing-here.db') })).stderr).toMatch(
      /DATABASE_PATH=".*nothing-here\.db": no database there to back up/,
    );
  });
});
