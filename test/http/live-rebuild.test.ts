import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cube } from '../../src/indices/cube';
import { createIndexRepository } from '../../src/indices/repository';
import type { QuestionnaireDefinition } from '../../src/questionnaires/definition.schema';
import { completeAnswers } from '../helpers/answer-arbitraries';
import { createTestApp, type TestApp } from '../helpers/app';
import { enterprise, submitted } from '../helpers/population';

// A live cube is rebuilt in steps, on a connection of its own, while other work runs: it must come out exactly as
// the cube built at once from the same rollups.
const mini = JSON.parse(readFileSync(new URL('../fixtures/mini-2026.1.json', import.meta.url), 'utf8')) as QuestionnaireDefinition;
const answers = fc.sample(completeAnswers(mini), { numRuns: 24, seed: 5 });

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ SUPPRESSION_K: 4, LIVE_INDEX_MAX_STALENESS_MS: 60_000 }, { definitions: [mini] });
  let i = 0;
  for (const [regionCode, sizeClass] of [
    ['310115', 'large'],
    ['310104', 'small'],
    ['320505', 'medium'],
    ['110101', 'large'],
  ] as const) {
    for (let e = 0; e < 3; e++) {
      const firm = await enterprise(t.app, { regionCode, industryCode: '31', sizeClass });
      await submitted(t.app, firm.id, '2024', answers[i++ % answers.length]!);
    }
  }
});
afterAll(() => t.close());

describe('live cube rebuilds', () => {
  it('read the rollups slice by slice as one consistent read, equal to reading them at once', async () => {
    const { indexRepository, backend } = t.app.services;
    const whole = await indexRepository.rollupsOf('2024');
    expect(whole.length).toBeGreaterThan(20);
    let pauses = 0;
    // Slices of 7 rows: the keyset moves across levels, regions, industries and sizes. SQLite reads them on a
    // connection of its own in one transaction, PostgreSQL on a pooled one in one repeatable-read snapshot.
    if (backend === 'sqlite') {
      const connection = t.app.database.openReader()!;
      try {
        expect(await createIndexRepository(connection).rollupsInSlices('2024', async () => void pauses++, 7)).toEqual(whole);
        expect(connection.inTransaction).toBe(false);
      } finally {
        connection.close();
      }
    } else {
      const reader = t.app.services.openIndexReader()!;
      try {
        expect(await reader.rollupsInSlices('2024', async () => void pauses++, 7)).toEqual(whole);
      } finally {
        reader.close();
      }
    }
    expect(pauses).toBe(Math.floor(whole.length / 7));
  });

  it('build the same cube step by step as at once, and share one rebuild among concurrent reads', async () => {
    const { indices } = t.app.services;
    // No live read yet: the first one builds the cube.
    const [a, b] = await Promise.all([indices.liveCube('2024', true), indices.liveCube('2024', true)]);
    expect(a).toBe(b);
    const atOnce = new Cube('2024', await t.app.services.indexRepository.rollupsOf('2024'), 4, a.asOf);
    expect(a.all()).toEqual(atOnce.all());
    expect(a.all().some(({ figures }) => figures.suppressed !== null)).toBe(true);
    // Unchanged since, the cube is served again rather than rebuilt.
    expect(await indices.liveCube('2024', true)).toBe(a);
    // A submission makes the next fresh read rebuild.
    const firm = await enterprise(t.app, { regionCode: '310115', industryCode: '31', sizeClass: 'large' });
    await submitted(t.app, firm.id, '2024', answers[0]!);
    const after = await indices.liveCube('2024', true);
    expect(after).not.toBe(a);
    expect(after.cell({ level: 'country', regionCode: '000000', industryCode: '*', sizeClass: '*' })!.n).toBe(13);
  });
});
