import { randomUUID } from 'node:crypto';
import { canReadAssessmentsOf, canWriteAs } from '../auth/policy';
import { createChangeLog } from '../changes/repository';
import type { Principal } from '../auth/principal';
import { queuedWrite } from '../db/transaction';
import type { Deps } from '../deps';
import { findEnterprise, type EnterpriseRow } from '../enterprises/repository';
import { visibleEnterprise } from '../enterprises/service';
import { invalidAnswers } from '../http/answer-errors';
import { assertVersion, etagOf, type AcceptedVersions } from '../http/preconditions';
import { notFound, ProblemError } from '../http/problem';
import { idempotentWrite, type IdempotencyContext } from '../idempotency/repository';
import type { VersionRecord } from '../questionnaires/catalog';
import type { QuestionnaireDefinition } from '../questionnaires/definition.schema';
import type { AnswerIssue, Answers, ScoreResult } from '../scoring/schemas';
import { checkAnswers, progress, score, unknownIndicators } from '../scoring/score';
import type { Assessment, DraftCreate } from './api.schemas';
import { periodProblem } from './period';
import {
  findAssessment,
  findLatestSummary,
  findOpenDraft,
  findResult,
  insertAssessment,
  insertResult,
  isLatest,
  markSubmitted,
  nextRevision,
  replaceLatestSummary,
  updateDraftAnswers,
  type AssessmentRow,
} from './repository';
import { summaryOf } from './summary';

export const assessmentLocation = (id: string) => `/v1/assessments/${id}`;

function versionOf(deps: Deps, row: Pick<AssessmentRow, 'questionnaireId' | 'questionnaireVersion'>): VersionRecord {
  const record = deps.catalog.get(row.questionnaireId, row.questionnaireVersion);
  // Versions are never deleted and the foreign key guarantees it was published here.
  if (!record) throw new Error(`questionnaire ${row.questionnaireId} ${row.questionnaireVersion} is missing from the catalog`);
  return record;
}

/** The resource; `known` spares the lookups when the caller has just written the result. */
export function toAssessment(deps: Deps, row: AssessmentRow, known: { result: ScoreResult; isLatest: boolean } | null = null): Assessment {
  const record = versionOf(deps, row);
  const answers = row.answers as Answers;
  return {
    id: row.id,
    enterpriseId: row.enterpriseId,
    period: row.period,
    revision: row.revision,
    revisionOf: row.revisionOf,
    status: row.status,
    isLatest: row.status === 'submitted' && (known?.isLatest ?? isLatest(deps.database.db, row.id)),
    questionnaire: { id: record.questionnaireId, version: record.version, contentHash: record.contentHash },
    answers,
    progress: progress(record.definition, answers),
    result: row.status === 'submitted' ? (known?.result ?? findResult(deps.database.db, row.id)) : null,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    submittedAt: row.submittedAt,
  };
}

const bodyError = (pointer: string, code: string, message: string) =>
  new ProblemError('validation-error', `${pointer.slice(1)}: ${message}`, { errors: [{ in: 'body', pointer, code, message }] });

/** The version a new draft is pinned to: named explicitly, or current for the enterprise's industry. */
function pinVersion(deps: Deps, industryCode: string, wanted: DraftCreate['questionnaire']): VersionRecord {
  const mapped = deps.catalog.forIndustry(industryCode);
  const id = wanted?.id ?? mapped?.questionnaireId;
  if (!id) throw new ProblemError('conflict', `no published questionnaire covers division ${industryCode}`);
  const general = deps.catalog.ids().find((q) => deps.catalog.current(q)?.definition.scope === 'general');
  if (id !== mapped?.questionnaireId && id !== general) {
    throw bodyError('/questionnaire/id', 'not_for_industry', `division ${industryCode} is assessed with ${mapped?.questionnaireId ?? general}, not ${id}`);
  }
  const record = wanted?.version ? deps.catalog.get(id, wanted.version) : deps.catalog.current(id);
  if (!record) throw bodyError('/questionnaire/version', 'unknown_version', `${id} has no version ${wanted?.version ?? '(published)'}`);
  if (record.status !== 'published') throw bodyError('/questionnaire/version', 'retired', `${id} ${record.version} is retired`);
  return record;
}

/**
 * The assessment if the caller may use it (`can` on its enterprise decides for what); otherwise the same 404 as a
 * missing one.
 */
function visibleAssessment(deps: Deps, principal: Principal, id: string, can = canReadAssessmentsOf): { row: AssessmentRow; enterprise: EnterpriseRow } {
  const row = findAssessment(deps.database.db, id);
  const enterprise = row && findEnterprise(deps.database.db, row.enterpriseId);
  if (!row || !enterprise || !can(principal, enterprise)) throw notFound(`assessment ${id}`);
  return { row, enterprise };
}

export async function createDraft(deps: Deps, principal: Principal, enterpriseId: string, input: DraftCreate, idem: IdempotencyContext | null) {
  const problem = periodProblem(input.period, deps.clock());
  if (problem) throw bodyError('/period', 'invalid_period', problem);
  return idempotentWrite(deps.database, idem, deps.clock(), () => {
    const db = deps.database.db;
    const enterprise = visibleEnterprise(deps, principal, enterpriseId, canWriteAs);
    const draft = findOpenDraft(db, enterpriseId, input.period);
    if (draft) {
      throw new ProblemError('conflict', `a draft for ${input.period} is already open`, { headers: { location: assessmentLocation(draft.id) } });
    }
    const submitted = findLatestSummary(db, enterpriseId, input.period);
    if (submitted) {
      throw new ProblemError('conflict', `${input.period} is already submitted; correct it with POST ${assessmentLocation(submitted.assessmentId)}/revisions`, {
        headers: { location: assessmentLocation(submitted.assessmentId) },
      });
    }
    const record = pinVersion(deps, enterprise.industryCode, input.questionnaire);
    const now = deps.clock().toISOString();
    const row: AssessmentRow = {
      id: randomUUID(),
      enterpriseId,
      period: input.period,
      revision: nextRevision(db, enterpriseId, input.period),
      revisionOf: null,
      status: 'draft',
      questionnaireId: record.questionnaireId,
      questionnaireVersion: record.version,
      answers: {},
      version: 1,
      submittedAt: null,
      createdAt: now,
      updatedAt: now,
    };
    return storeDraft(deps, row);
  });
}

/** Stores a new draft (first or revision) and answers as its creation does: 201 with Location and ETag. */
function storeDraft(deps: Deps, row: AssessmentRow) {
  insertAssessment(deps.database.db, row);
  return { status: 201, body: toAssessment(deps, row), headers: { location: assessmentLocation(row.id), etag: etagOf(row.version) } };
}

export async function getAssessment(deps: Deps, principal: Principal, id: string): Promise<AssessmentRow> {
  return visibleAssessment(deps, principal, id).row;
}

const immutable = (row: AssessmentRow) =>
  new ProblemError('conflict', `assessment ${row.id} is submitted and cannot change; open a revision with POST ${assessmentLocation(row.id)}/revisions`, {
    headers: { location: assessmentLocation(row.id) },
  });

/**
 * Every problem with a patch of answers. A null only removes an answer, so it has no value to check, but its key
 * must still name an indicator: a mistyped code would otherwise "succeed" and move the ETag while removing nothing.
 */
function patchIssues(def: QuestionnaireDefinition, patch: Record<string, unknown>): AnswerIssue[] {
  const unknown = unknownIndicators(def, Object.keys(patch));
  const named = new Set(unknown.map((i) => i.indicator));
  const given = Object.fromEntries(Object.entries(patch).filter(([code, v]) => v !== null && !named.has(code))) as Answers;
  return [...unknown, ...checkAnswers(def, given, { complete: false })];
}

/** Merges answers into a draft (null removes one); each answer is checked now, completeness only at submit. */
export async function saveAnswers(deps: Deps, principal: Principal, id: string, expected: AcceptedVersions, patch: Record<string, unknown>) {
  return queuedWrite(deps.database, () => {
    const { row } = visibleAssessment(deps, principal, id, canWriteAs);
    if (row.status !== 'draft') throw immutable(row);
    assertVersion(expected, row.version, `assessment ${id}`);
    const merged: Record<string, unknown> = { ...row.answers };
    for (const [code, value] of Object.entries(patch)) {
      if (value === null) delete merged[code];
      else merged[code] = value;
    }
    const issues = patchIssues(versionOf(deps, row).definition, patch);
    if (issues.length) throw invalidAnswers(issues);
    const now = deps.clock().toISOString();
    if (!updateDraftAnswers(deps.database.db, id, row.version, merged, now)) throw new Error(`assessment ${id} changed inside its transaction`);
    return toAssessment(deps, { ...row, answers: merged, version: row.version + 1, updatedAt: now });
  });
}

/**
 * Scores the draft with its pinned questionnaire version and stores the result, the summary and the
 * `assessment.submitted` event (the index rollups are its projection) in one transaction; the submitted row is
 * immutable from then on.
 */
export async function submitDraft(deps: Deps, principal: Principal, id: string, expected: AcceptedVersions, idem: IdempotencyContext | null) {
  return idempotentWrite(deps.database, idem, deps.clock(), () => {
    const db = deps.database.db;
    const { row, enterprise } = visibleAssessment(deps, principal, id, canWriteAs);
    if (row.status !== 'draft') throw immutable(row);
    assertVersion(expected, row.version, `assessment ${id}`);
    const record = versionOf(deps, row);
    const outcome = score(record.definition, row.answers as Answers);
    if (!outcome.ok) throw invalidAnswers(outcome.issues);
    const now = deps.clock().toISOString();
    if (!markSubmitted(db, id, row.version, now)) throw new Error(`assessment ${id} changed inside its transaction`);
    const resultJson = JSON.stringify(outcome.result);
    insertResult(db, id, record.contentHash, outcome.result.engineVersion, resultJson);
    const summary = summaryOf({ ...row, submittedAt: now }, enterprise, outcome.result);
    const previous = replaceLatestSummary(db, summary);
    // A revision replaces its predecessor's contribution to every index.
    createChangeLog(deps.database.sqlite).append(
      { kind: 'assessment.submitted', assessmentId: id, enterpriseId: row.enterpriseId, period: row.period, replaces: previous?.assessmentId ?? null },
      now,
    );
    const submitted = { ...row, status: 'submitted' as const, version: row.version + 1, updatedAt: now, submittedAt: now };
    const body = toAssessment(deps, submitted, { result: outcome.result, isLatest: true });
    // The response carries the very text stored as the result (most of its bytes): serialized once, not twice.
    const { result: _stored, ...rest } = body;
    const json = `${JSON.stringify(rest).slice(0, -1)},"result":${resultJson}}`;
    return { status: 200, body, json, headers: { location: assessmentLocation(id), etag: etagOf(submitted.version) } };
  });
}

/** Opens a draft correcting the latest submitted revision of a period, with its answers and questionnaire version. */
export async function openRevision(deps: Deps, principal: Principal, id: string, idem: IdempotencyContext | null) {
  return idempotentWrite(deps.database, idem, deps.clock(), () => {
    const db = deps.database.db;
    const { row: source } = visibleAssessment(deps, principal, id, canWriteAs);
    if (source.status !== 'submitted') {
      throw new ProblemError('conflict', `assessment ${id} is still a draft; edit it instead`, { headers: { location: assessmentLocation(id) } });
    }
    const draft = findOpenDraft(db, source.enterpriseId, source.period);
    if (draft) throw new ProblemError('conflict', `a revision of ${source.period} is already open`, { headers: { location: assessmentLocation(draft.id) } });
    const latest = findLatestSummary(db, source.enterpriseId, source.period);
    if (latest && latest.assessmentId !== id) {
      throw new ProblemError('conflict', `revise the latest submitted revision of ${source.period}`, {
        headers: { location: assessmentLocation(latest.assessmentId) },
      });
    }
    const now = deps.clock().toISOString();
    const row: AssessmentRow = {
      ...source,
      id: randomUUID(),
      revision: nextRevision(db, source.enterpriseId, source.period),
      revisionOf: source.id,
      status: 'draft',
      version: 1,
      submittedAt: null,
      createdAt: now,
      updatedAt: now,
    };
    return storeDraft(deps, row);
  });
}
