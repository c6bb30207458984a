import type { UnitOfWork } from '../db/unit-of-work';
import type { Catalog, VersionRecord } from '../questionnaires/catalog';
import type { Answers, ScoreResult } from '../scoring/schemas';
import { score } from '../scoring/score';
import { ENGINE_VERSION } from '../scoring/version';
import type { AssessmentRepository } from './repository';

/**
 * A submitted result is stored as what re-derives it — the answers (on the assessment), the content hash of the
 * questionnaire version and the engine version — not as its 10 KB of JSON: the engine is a pure function of the
 * first two, so the same version gives the same bytes (test/unit/engine-golden.test.ts holds it to recorded
 * digests). `result` keeps the bytes of rows stored before that, and of any whose engine version is no longer
 * kept (`npm run results:freeze` stores them before an engine version is retired).
 */
export interface StoredResult {
  contentHash: string;
  engineVersion: string;
  result: string | null;
}

/** The engine versions this build re-derives: only the current one. */
export const KEPT_ENGINE_VERSIONS: readonly string[] = [ENGINE_VERSION];

/** The result as it was when submitted: the stored bytes, or the re-derivation by the engine version that scored it. */
export function resultOf(stored: StoredResult, record: VersionRecord, answers: Answers): ScoreResult {
  if (stored.result !== null) return JSON.parse(stored.result) as ScoreResult;
  // Integrity faults, not caller errors: a row this build cannot re-derive was left behind by an engine change.
  if (!KEPT_ENGINE_VERSIONS.includes(stored.engineVersion)) {
    throw new Error(`result scored by engine ${stored.engineVersion}, which this build no longer keeps (run npm run results:freeze before retiring one)`);
  }
  if (stored.contentHash !== record.contentHash) {
    throw new Error(`result scored against content ${stored.contentHash}, but ${record.questionnaireId} ${record.version} is ${record.contentHash}`);
  }
  const outcome = score(record.definition, answers);
  if (!outcome.ok) throw new Error(`the answers of a submitted assessment no longer score: ${outcome.issues[0]?.code}`);
  return outcome.result;
}

/**
 * Stores the bytes of every result that has none, re-derived now: run (npm run results:freeze) before a build that
 * no longer keeps the current engine version, so that those results stay servable byte for byte.
 */
export function createResultFreezer(deps: {
  uow: UnitOfWork;
  assessments: Pick<AssessmentRepository, 'derivedResults' | 'freezeResult'>;
  catalog: Pick<Catalog, 'get'>;
}) {
  return {
    /** Resolves to the number of results frozen; each batch of `perBatch` is one unit of work. */
    async freezeAll(perBatch = 1000): Promise<number> {
      let frozen = 0;
      for (let after = ''; ; ) {
        const rows = await deps.uow.write(async () => {
          const batch = await deps.assessments.derivedResults(after, perBatch);
          for (const row of batch) {
            const record = deps.catalog.get(row.questionnaireId, row.questionnaireVersion);
            if (!record) throw new Error(`assessment ${row.assessmentId}: no questionnaire ${row.questionnaireId} ${row.questionnaireVersion}`);
            const result = resultOf({ ...row, result: null }, record, JSON.parse(row.answers) as Answers);
            await deps.assessments.freezeResult(row.assessmentId, JSON.stringify(result));
          }
          return batch;
        });
        frozen += rows.length;
        if (rows.length < perBatch) return frozen;
        after = rows[rows.length - 1]!.assessmentId;
      }
    },
  };
}
