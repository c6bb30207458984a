import type { VersionRecord } from '../questionnaires/catalog';
import type { Answers, ScoreResult } from '../scoring/schemas';
import { score } from '../scoring/score';
import { ENGINE_VERSION } from '../scoring/version';

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
