import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/auth/principal';
import { configWith } from '../../src/config';
import type { Answers } from '../../src/scoring/schemas';
import { createServices } from '../../src/services';
import { completeAnswers } from '../helpers/answer-arbitraries';
import { newCreditCode } from '../helpers/api';
import { openDatabaseAt } from '../helpers/migrations';

const dirs: string[] = [];
/** A database file as the release ending with migration `tag` left it. */
async function databaseAt(tag: string): Promise<string> {
  const path = join(mkdtempSync(join(tmpdir(), 'ronghe-results-')), 'ronghe.db');
  await openDatabaseAt(path, tag).close();
  return path;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('migration 0007 (results re-derived)', () => {
  it('keeps the bytes of results stored before it and serves them unchanged', async () => {
    // A submission on the current schema gives the rows; a database at 0006 receives them as 0006 stored them,
    // result bytes included.
    const source = await databaseAt('0007_results_rederived');
    const old = await databaseAt('0006_snapshot_change_seq');
    dirs.push(dirname(source), dirname(old));
    const services = await createServices(configWith({ DATABASE_PATH: source, LOG_LEVEL: 'silent' }));
    const admin: Principal = { role: 'admin', keyId: 'test' };
    const { enterprise } = await services.enterprises.register(admin, {
      creditCode: newCreditCode(),
      name: '迁移测试企业',
      regionCode: '310115',
      industryCode: '31',
      sizeClass: 'large',
    });
    const owner: Principal = { role: 'enterprise', keyId: 'test', enterpriseId: enterprise.id };
    const [answers] = fc.sample(completeAnswers(services.catalog.current('steel')!.definition), { numRuns: 1, seed: 11 }) as [Answers];
    const { assessment: draft } = await services.assessments.createDraft(owner, enterprise.id, { period: '2023' });
    const { assessment: saved } = await services.assessments.saveAnswers(owner, draft.id, 1, answers);
    const { resultJson } = await services.assessments.submit(owner, draft.id, saved.version);
    await services.close();

    const sqlite = new Database(old);
    sqlite.exec(`attach '${source}' as src`);
    for (const table of ['questionnaire_versions', 'enterprises', 'assessments', 'assessment_summaries']) {
      sqlite.exec(`insert into main.${table} select * from src.${table}`);
    }
    sqlite.prepare('insert into main.assessment_results select assessment_id, content_hash, engine_version, ? from src.assessment_results').run(resultJson);
    sqlite.close();

    const migrated = await createServices(configWith({ DATABASE_PATH: old, LOG_LEVEL: 'silent' }));
    try {
      const table = migrated.database.sqlite.prepare("select sql from sqlite_schema where name = 'assessment_results'").pluck().get() as string;
      expect(table).toMatch(/WITHOUT ROWID/);
      expect(migrated.database.sqlite.prepare('select result from assessment_results where assessment_id = ?').pluck().get(draft.id)).toBe(resultJson);
      const read = await migrated.assessments.view(await migrated.assessments.get(owner, draft.id));
      expect(JSON.stringify(read.result)).toBe(resultJson);
    } finally {
      await migrated.close();
    }
  });
});
