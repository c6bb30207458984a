import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/auth/principal';
import { configWith } from '../../src/config';
import { ConflictError, InvalidAnswersError, InvalidInputError, NotFoundError, StaleVersionError } from '../../src/domain/errors';
import { backendOverrides, rawSql } from '../helpers/postgres';
import { createServices, type Services } from '../../src/services';
import type { Answers } from '../../src/scoring/schemas';
import { completeAnswers } from '../helpers/answer-arbitraries';
import { newCreditCode } from '../helpers/api';
import { rejection } from '../helpers/rejection';

// The assessment service on a real SQLite file, built by the composition root: no Fastify, no HTTP shapes.
let dir: string;
let services: Services;
let enterpriseId: string;
let owner: Principal;
let answers: Answers;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ronghe-service-'));
  services = await createServices(configWith({ DATABASE_PATH: join(dir, 'ronghe.db'), LOG_LEVEL: 'silent', ...(await backendOverrides()) }));
  const admin: Principal = { role: 'admin', keyId: 'test' };
  const { enterprise } = await services.enterprises.register(admin, {
    creditCode: newCreditCode(),
    name: '服务测试企业',
    regionCode: '310115',
    industryCode: '31',
    sizeClass: 'large',
  });
  enterpriseId = enterprise.id;
  owner = { role: 'enterprise', keyId: 'test', enterpriseId };
  [answers] = fc.sample(completeAnswers(services.catalog.current('steel')!.definition), { numRuns: 1, seed: 3 }) as [Answers];
});
afterAll(async () => {
  await services.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * The events logged after `seq`, once readable. On PostgreSQL the log hands out an event only when every transaction
 * older than its own has ended (see changes/repository.pg.ts): a projector batch running in the background delays it.
 */
async function settledEventsAfter(seq: number) {
  let events: unknown[] = [];
  await expect.poll(async () => (events = (await services.changes.after(seq, 10)).map((c) => c.event)).length, { timeout: 5000 }).toBeGreaterThan(0);
  return events;
}

const storedResult = async (id: string) =>
  (await rawSql(services).get('select content_hash, engine_version, result from assessment_results where assessment_id = ?', id)) as {
    content_hash: string;
    engine_version: string;
    result: string | null;
  };

describe('the assessment service', () => {
  it('takes a draft through answers and submission to a revision, returning domain values and typed errors', async () => {
    const { assessments } = services;
    const { assessment: draft } = await assessments.createDraft(owner, enterpriseId, { period: '2024' });
    expect(draft).toMatchObject({ enterpriseId, period: '2024', revision: 1, revisionOf: null, status: 'draft', version: 1, isLatest: false, result: null });
    expect(draft.questionnaire.id).toBe('steel');

    const again = await rejection(assessments.createDraft(owner, enterpriseId, { period: '2024' }));
    expect(again).toBeInstanceOf(ConflictError);
    expect((again as ConflictError).detail).toMatch(/already open/);
    expect((again as ConflictError).facts.resource).toEqual({ kind: 'assessment', id: draft.id });

    const stale = await rejection(assessments.saveAnswers(owner, draft.id, 2, answers));
    expect(stale).toBeInstanceOf(StaleVersionError);
    expect(stale).toMatchObject({ currentVersion: 1, accepted: [2] });

    const unknown = await rejection(assessments.saveAnswers(owner, draft.id, 1, { 'NO-SUCH': 1 }));
    expect(unknown).toBeInstanceOf(InvalidAnswersError);
    expect((unknown as InvalidAnswersError).issues).toEqual([
      expect.objectContaining({ pointer: '/answers/NO-SUCH', code: 'unknown_indicator', indicator: 'NO-SUCH' }),
    ]);

    const incomplete = await rejection(assessments.submit(owner, draft.id, 1));
    expect(incomplete).toBeInstanceOf(InvalidAnswersError);
    expect((incomplete as InvalidAnswersError).issues.every((i) => i.code === 'required')).toBe(true);

    const { assessment: saved } = await assessments.saveAnswers(owner, draft.id, 1, answers);
    expect(saved).toMatchObject({ id: draft.id, version: 2, answers, status: 'draft' });

    const before = await services.changes.last();
    const { assessment: submitted, resultJson } = await assessments.submit(owner, draft.id, new Set([2]));
    expect(submitted).toMatchObject({ id: draft.id, status: 'submitted', version: 3, isLatest: true });
    // What is stored is what re-derives the result, not its bytes; the re-derivation is the text sent, byte for byte.
    expect(await storedResult(draft.id)).toEqual({
      content_hash: submitted.questionnaire.contentHash,
      engine_version: submitted.result!.engineVersion,
      result: null,
    });
    expect(JSON.parse(resultJson)).toEqual(submitted.result);
    const read = await assessments.view(await assessments.get(owner, draft.id));
    expect(JSON.stringify(read.result)).toBe(resultJson);
    expect(await settledEventsAfter(before)).toEqual([{ kind: 'assessment.submitted', assessmentId: draft.id, enterpriseId, period: '2024', replaces: null }]);

    const immutable = await rejection(assessments.saveAnswers(owner, draft.id, 3, { [Object.keys(answers)[0]!]: null }));
    expect(immutable).toBeInstanceOf(ConflictError);
    expect((immutable as ConflictError).detail).toMatch(/revisions/);
    expect((immutable as ConflictError).facts.resource).toEqual({ kind: 'assessment', id: draft.id });
    const resubmit = await rejection(assessments.submit(owner, draft.id, '*'));
    expect(resubmit).toBeInstanceOf(ConflictError);

    const periodTaken = await rejection(assessments.createDraft(owner, enterpriseId, { period: '2024' }));
    expect(periodTaken).toBeInstanceOf(ConflictError);
    expect((periodTaken as ConflictError).detail).toMatch(/revisions/);
    expect((periodTaken as ConflictError).detail).not.toMatch(/\/v1\//);
    expect((periodTaken as ConflictError).facts.resource).toEqual({ kind: 'assessment', id: draft.id });

    const { assessment: revision } = await assessments.openRevision(owner, draft.id);
    expect(revision).toMatchObject({ period: '2024', revision: 2, revisionOf: draft.id, status: 'draft', version: 1, answers });
    const twice = await rejection(assessments.openRevision(owner, draft.id));
    expect(twice).toBeInstanceOf(ConflictError);
    expect((twice as ConflictError).detail).toMatch(/already open/);
    expect((twice as ConflictError).facts.resource).toEqual({ kind: 'assessment', id: revision.id });
    const ofDraft = await rejection(assessments.openRevision(owner, revision.id));
    expect(ofDraft).toBeInstanceOf(ConflictError);
    expect((ofDraft as ConflictError).facts.resource).toEqual({ kind: 'assessment', id: revision.id });

    const beforeRevised = await services.changes.last();
    const { assessment: revised } = await assessments.submit(owner, revision.id, 1);
    expect(revised).toMatchObject({ id: revision.id, status: 'submitted', isLatest: true });
    expect(await settledEventsAfter(beforeRevised)).toEqual([
      { kind: 'assessment.submitted', assessmentId: revision.id, enterpriseId, period: '2024', replaces: draft.id },
    ]);

    const notLatest = await rejection(assessments.openRevision(owner, draft.id));
    expect(notLatest).toBeInstanceOf(ConflictError);
    expect((notLatest as ConflictError).detail).toMatch(/latest submitted revision/);
    expect((notLatest as ConflictError).facts.resource).toEqual({ kind: 'assessment', id: revision.id });

    // The superseded submission reads as such.
    const original = await assessments.view(await assessments.get(owner, draft.id));
    expect(original).toMatchObject({ id: draft.id, status: 'submitted', isLatest: false, result: submitted.result });

    const history = await assessments.history(owner, enterpriseId);
    expect(history.items.map((i) => [i.id, i.revision, i.isLatest])).toEqual([
      [revision.id, 2, true],
      [draft.id, 1, false],
    ]);
    const trend = await assessments.trend(owner, enterpriseId);
    expect(trend.points).toEqual([expect.objectContaining({ period: '2024', assessmentId: revision.id, revision: 2, change: null })]);
  });

  it('checks the period and the questionnaire asked for as input errors naming the field', async () => {
    const { assessments } = services;
    const future = await rejection(assessments.createDraft(owner, enterpriseId, { period: '2099' }));
    expect(future).toBeInstanceOf(InvalidInputError);
    expect((future as InvalidInputError).issues).toEqual([expect.objectContaining({ in: 'body', pointer: '/period', code: 'invalid_period' })]);
    const other = await rejection(assessments.createDraft(owner, enterpriseId, { period: '2023', questionnaire: { id: 'pharma' } }));
    expect(other).toBeInstanceOf(InvalidInputError);
    expect((other as InvalidInputError).issues[0]).toMatchObject({ pointer: '/questionnaire/id', code: 'not_for_industry' });
  });

  it('shows an assessment to its enterprise and the authorities over its region, and to no one else', async () => {
    const { assessments } = services;
    const { assessment: draft } = await assessments.createDraft(owner, enterpriseId, { period: '2022' });
    const inRegion: Principal = { role: 'authority', keyId: 'test', regionCode: '310000' };
    expect((await assessments.get(inRegion, draft.id)).id).toBe(draft.id);
    const strangers: Principal[] = [
      { role: 'authority', keyId: 'test', regionCode: '320000' },
      { role: 'enterprise', keyId: 'test', enterpriseId: '00000000-0000-4000-8000-000000000000' },
      { role: 'admin', keyId: 'test' },
    ];
    for (const stranger of strangers) {
      expect(await rejection(assessments.get(stranger, draft.id))).toBeInstanceOf(NotFoundError);
      expect(await rejection(assessments.history(stranger, enterpriseId))).toBeInstanceOf(NotFoundError);
    }
    // Reading is not writing: an authority may read, only the enterprise may change it.
    expect(await rejection(assessments.saveAnswers(inRegion, draft.id, 1, {}))).toBeInstanceOf(NotFoundError);
    expect(await rejection(assessments.get(owner, '00000000-0000-4000-8000-000000000001'))).toBeInstanceOf(NotFoundError);
  });
});

describe('stored results', () => {
  it('are frozen to their bytes by results:freeze, and served from those bytes from then on', async () => {
    const { assessments } = services;
    const { assessment: draft } = await assessments.createDraft(owner, enterpriseId, { period: '2019' });
    const { assessment: saved } = await assessments.saveAnswers(owner, draft.id, 1, answers);
    const { resultJson } = await assessments.submit(owner, draft.id, saved.version);
    expect((await storedResult(draft.id)).result).toBeNull();

    // Every result without bytes so far (this one and the other tests'), each stored as its re-derivation.
    const pending = Number((await rawSql(services).get<{ n: number }>('select count(*) as n from assessment_results where result is null'))!.n);
    expect(pending).toBeGreaterThanOrEqual(1);
    expect(await services.results.freezeAll(1)).toBe(pending);
    expect((await storedResult(draft.id)).result).toBe(resultJson);
    expect(await services.results.freezeAll()).toBe(0);

    // The stored bytes are what is served now, whatever the engine would give: change them and the view follows.
    const altered = JSON.stringify({ ...JSON.parse(resultJson), total: 99.9 });
    await rawSql(services).run('update assessment_results set result = ? where assessment_id = ?', altered, draft.id);
    const read = await assessments.view(await assessments.get(owner, draft.id));
    expect(read.result!.total).toBe(99.9);
  });
});
