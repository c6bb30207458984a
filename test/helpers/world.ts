import fc from 'fast-check';
import type { Config } from '../../src/config';
import type { Principal } from '../../src/auth/principal';
import { completeAnswers } from './answer-arbitraries';
import { createTestApp, type TestApp } from './app';
import { keyFor } from './keys';
import { enterprise, submitted } from './population';

/** The callers of the access matrix: every role, plus a second enterprise and an authority of another region. */
export const CALLERS = ['public', 'admin', 'enterpriseA', 'enterpriseB', 'authorityIn', 'authorityOut', 'national'] as const;
export type Caller = (typeof CALLERS)[number];

export interface World {
  t: TestApp;
  keys: Record<Caller, Record<string, string>>;
  a: { enterpriseId: string; submittedId: string; draftId: string; completeDraftId: string };
  b: { enterpriseId: string };
  steelAnswers: Record<string, unknown>;
  /** An admin key that exists to be revoked. */
  throwawayKeyId: string;
}

/**
 * A real app with enterprise A (Shanghai, steel) holding a submitted 2024 assessment, an empty 2023 draft and a
 * complete 2022 draft; enterprise B in Jiangsu, submitted for 2024 and for 2021 (a period left to publish); a
 * published 2024 snapshot; and a key for every caller.
 */
export async function buildWorld(overrides: Partial<Config> = {}): Promise<World> {
  const t = await createTestApp({ RATE_LIMIT_PER_MINUTE: 1_000_000, RATE_LIMIT_PUBLIC_PER_MINUTE: 1_000_000, ...overrides });
  const steel = t.app.catalog.current('steel')!.definition;
  const [steelAnswers] = fc.sample(completeAnswers(steel), { numRuns: 1, seed: 11 }) as [Record<string, unknown>];
  const [other] = fc.sample(completeAnswers(t.app.catalog.current('petrochemicals')!.definition), { numRuns: 1, seed: 12 });
  const a = await enterprise(t.app, { regionCode: '310115', industryCode: '31', sizeClass: 'large' });
  const b = await enterprise(t.app, { regionCode: '320505', industryCode: '26', sizeClass: 'medium' });
  const submittedA = await submitted(t.app, a.id, '2024', steelAnswers as never);
  await submitted(t.app, b.id, '2024', other as never);
  await submitted(t.app, b.id, '2021', other as never);
  const asA: Principal = { role: 'enterprise', keyId: 'test', enterpriseId: a.id };
  const { assessments } = t.app.services;
  const { assessment: draft } = await assessments.createDraft(asA, a.id, { period: '2023' });
  const { assessment: complete } = await assessments.createDraft(asA, a.id, { period: '2022' });
  await assessments.saveAnswers(asA, complete.id, 1, steelAnswers);
  const keys: World['keys'] = {
    public: {},
    admin: await keyFor(t.app, 'admin'),
    enterpriseA: await keyFor(t.app, 'enterprise', { enterpriseId: a.id }),
    enterpriseB: await keyFor(t.app, 'enterprise', { enterpriseId: b.id }),
    authorityIn: await keyFor(t.app, 'authority', { regionCode: '310000' }),
    authorityOut: await keyFor(t.app, 'authority', { regionCode: '320000' }),
    national: await keyFor(t.app, 'authority', { regionCode: '000000' }),
  };
  await t.app.services.indices.publish({ role: 'authority', keyId: 'test', regionCode: '000000' }, { period: '2024', note: null });
  const throwaway = await t.app.services.auth.issue('test', { role: 'admin', label: 'to revoke' });
  return {
    throwawayKeyId: throwaway.record.id,
    t,
    keys,
    a: { enterpriseId: a.id, submittedId: submittedA.id, draftId: draft.id, completeDraftId: complete.id },
    b: { enterpriseId: b.id },
    steelAnswers,
  };
}
