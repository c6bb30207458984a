import { newId } from '../domain/ids';
import { authorize, type Authorized, type Purpose } from '../auth/authorized';
import { canReadAssessmentsOf, canWriteAs } from '../auth/policy';
import type { Principal } from '../auth/principal';
import type { ChangeLog } from '../changes/repository';
import type { Awaitable, UnitOfWork } from '../db/unit-of-work';
import { ConflictError, InvalidInputError } from '../domain/errors';
import { assertVersion, type AcceptedVersions } from '../domain/versions';
import type { EnterpriseRow } from '../enterprises/repository';
import type { Catalog, VersionRecord } from '../questionnaires/catalog';
import type { QuestionnaireDefinition } from '../questionnaires/definition.schema';
import type { AnswerIssue, Answers, ScoreResult } from '../scoring/schemas';
import { checkAnswers, progress, score, unknownIndicators } from '../scoring/score';
import type { Assessment, DraftCreate } from './api.schemas';
import { invalidAnswers } from './errors';
import { historyView, trendView } from './history';
import { periodProblem } from './period';
import type { AssessmentRepository, AssessmentRow } from './repository';
import { resultOf } from './results';
import { summaryOf } from './summary';

export interface AssessmentServiceDeps {
  uow: UnitOfWork;
  assessments: AssessmentRepository;
  enterprises: { find(id: string): Awaitable<EnterpriseRow | undefined> };
  catalog: Pick<Catalog, 'get' | 'current' | 'forIndustry' | 'ids'>;
  clock: () => Date;
  changes: Pick<ChangeLog, 'append'>;
}

/** A submission: the assessment as stored, and its result serialized once (for sending). */
export interface Submitted {
  assessment: Assessment;
  resultJson: string;
}

/**
 * Every problem with a patch of answers. A null only removes an answer, so it has no value to check, but its key
 * must still name an indicator: a mistyped code would otherwise "succeed" and move the version while removing nothing.
 */
function patchIssues(def: QuestionnaireDefinition, patch: Record<string, unknown>): AnswerIssue[] {
  const unknown = unknownIndicators(def, Object.keys(patch));
  const named = new Set(unknown.map((i) => i.indicator));
  const given = Object.fromEntries(Object.entries(patch).filter(([code, v]) => v !== null && !named.has(code))) as Answers;
  return [...unknown, ...checkAnswers(def, given, { complete: false })];
}

const immutable = (row: AssessmentRow) =>
  new ConflictError(`assessment ${row.id} is submitted and cannot change; correct it by opening one of its revisions`, {
    resource: { kind: 'assessment', id: row.id },
  });

/**
 * The lifecycle of an assessment: a draft pinned to a questionnaire version, answers saved as they come, a
 * submission scored once and stored immutably, revisions that correct a submitted period. Object access is
 * checked here, once per call; every write runs in one unit of work.
 */
export function createAssessmentService(deps: AssessmentServiceDeps) {
  const { uow, assessments, enterprises, catalog, clock } = deps;

  function versionOf(row: Pick<AssessmentRow, 'questionnaireId' | 'questionnaireVersion'>): VersionRecord {
    const record = catalog.get(row.questionnaireId, row.questionnaireVersion);
    // Versions are never deleted and the foreign key guarantees it was published here.
    if (!record) throw new Error(`questionnaire ${row.questionnaireId} ${row.questionnaireVersion} is missing from the catalog`);
    return record;
  }

  async function storedResult(row: AssessmentRow, record: VersionRecord): Promise<ScoreResult> {
    const stored = await assessments.findResult(row.id);
    if (!stored) throw new Error(`submitted assessment ${row.id} has no result row`);
    return resultOf(stored, record, row.answers as Answers);
  }

  /** The API view; `known` spares the lookups when the caller has just written the result. */
  async function present(row: AssessmentRow, known: { result: ScoreResult; isLatest: boolean } | null = null): Promise<Assessment> {
    const record = versionOf(row);
    const answers = row.answers as Answers;
    return {
      id: row.id,
      enterpriseId: row.enterpriseId,
      period: row.period,
      revision: row.revision,
      revisionOf: row.revisionOf,
      status: row.status,
      isLatest: row.status === 'submitted' && (known?.isLatest ?? (await assessments.isLatest(row.id))),
      questionnaire: { id: record.questionnaireId, version: record.version, contentHash: record.contentHash },
      answers,
      progress: progress(record.definition, answers),
      result: row.status === 'submitted' ? (known?.result ?? (await storedResult(row, record))) : null,
      version: row.version,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      submittedAt: row.submittedAt,
    };
  }

  /** The version a new draft is pinned to: named explicitly, or current for the enterprise's industry. */
  function pinVersion(industryCode: string, wanted: DraftCreate['questionnaire']): VersionRecord {
    const mapped = catalog.forIndustry(industryCode);
    const id = wanted?.id ?? mapped?.questionnaireId;
    if (!id) throw new ConflictError(`no published questionnaire covers division ${industryCode}`);
    const general = catalog.ids().find((q) => catalog.current(q)?.definition.scope === 'general');
    if (id !== mapped?.questionnaireId && id !== general) {
      throw InvalidInputError.field(
        'body',
        '/questionnaire/id',
        'not_for_industry',
        `division ${industryCode} is assessed with ${mapped?.questionnaireId ?? general}, not ${id}`,
      );
    }
    const record = wanted?.version ? catalog.get(id, wanted.version) : catalog.current(id);
    if (!record) throw InvalidInputError.field('body', '/questionnaire/version', 'unknown_version', `${id} has no version ${wanted?.version ?? '(published)'}`);
    if (record.status !== 'published') throw InvalidInputError.field('body', '/questionnaire/version', 'retired', `${id} ${record.version} is retired`);
    return record;
  }

  /** The enterprise, if `can` admits the caller to its assessments; otherwise the same NotFoundError as a missing one. */
  async function enterpriseFor<P extends Purpose>(principal: Principal, id: string, can: typeof canWriteAs, purpose: P): Promise<Authorized<EnterpriseRow, P>> {
    return authorize(principal, await enterprises.find(id), can, purpose, `enterprise ${id}`);
  }

  /** The assessment, if `can` on its enterprise admits the caller; otherwise the same NotFoundError as a missing one. */
  async function assessmentFor<P extends Purpose>(principal: Principal, id: string, can: typeof canWriteAs, purpose: P) {
    const row = await assessments.find(id);
    const enterprise = row && (await enterprises.find(row.enterpriseId));
    return { row: authorize(principal, enterprise && row, () => can(principal, enterprise!), purpose, `assessment ${id}`), enterprise: enterprise! };
  }

  /** Stores a new draft (a first one or a revision). */
  async function storeDraft(row: AssessmentRow): Promise<{ assessment: Assessment }> {
    await assessments.insert(row);
    return { assessment: await present(row) };
  }

  return {
    /** Opens a draft for a period, pinned to a questionnaire version; one open draft and one submission per period. */
    createDraft(principal: Principal, enterpriseId: string, input: DraftCreate): Promise<{ assessment: Assessment }> {
      return uow.write(async () => {
        const problem = periodProblem(input.period, clock());
        if (problem) throw InvalidInputError.field('body', '/period', 'invalid_period', problem);
        const enterprise = await enterpriseFor(principal, enterpriseId, canWriteAs, 'write');
        const draft = await assessments.findOpenDraft(enterpriseId, input.period);
        if (draft) throw new ConflictError(`a draft for ${input.period} is already open`, { resource: { kind: 'assessment', id: draft.id } });
        const submitted = await assessments.findLatestSummary(enterpriseId, input.period);
        if (submitted) {
          throw new ConflictError(`${input.period} is already submitted; correct it by opening one of the revisions of assessment ${submitted.assessmentId}`, {
            resource: { kind: 'assessment', id: submitted.assessmentId },
          });
        }
        const record = pinVersion(enterprise.industryCode, input.questionnaire);
        const now = clock().toISOString();
        return storeDraft({
          id: newId(),
          enterpriseId,
          period: input.period,
          revision: await assessments.nextRevision(enterpriseId, input.period),
          revisionOf: null,
          status: 'draft',
          questionnaireId: record.questionnaireId,
          questionnaireVersion: record.version,
          answers: {},
          version: 1,
          submittedAt: null,
          createdAt: now,
          updatedAt: now,
        });
      });
    },

    /** The assessment, if the caller may read it (the enterprise itself, authorities over its region). */
    get(principal: Principal, id: string): Promise<Authorized<AssessmentRow, 'read'>> {
      return uow.read(async () => (await assessmentFor(principal, id, canReadAssessmentsOf, 'read')).row);
    },

    /** The API view of an assessment the caller may read: progress, and the stored result once submitted. */
    view(row: Authorized<AssessmentRow, 'read'>): Promise<Assessment> {
      return uow.read(() => present(row));
    },

    /** Merges answers into a draft (null removes one); each answer is checked now, completeness only at submit. */
    saveAnswers(principal: Principal, id: string, expected: AcceptedVersions, patch: Record<string, unknown>): Promise<{ assessment: Assessment }> {
      return uow.write(async () => {
        const { row } = await assessmentFor(principal, id, canWriteAs, 'write');
        if (row.status !== 'draft') throw immutable(row);
        assertVersion(expected, row.version, `assessment ${id}`);
        const merged: Record<string, unknown> = { ...row.answers };
        for (const [code, value] of Object.entries(patch)) {
          if (value === null) delete merged[code];
          else merged[code] = value;
        }
        const issues = patchIssues(versionOf(row).definition, patch);
        if (issues.length) throw invalidAnswers(issues);
        const now = clock().toISOString();
        if (!(await assessments.updateDraftAnswers(id, row.version, merged, now))) throw new Error(`assessment ${id} changed inside its transaction`);
        return { assessment: await present({ ...row, answers: merged, version: row.version + 1, updatedAt: now }) };
      });
    },

    /**
     * Scores the draft with its pinned questionnaire version and stores the result, the summary and the change
     * event in one unit of work; the submitted row is immutable from then on.
     */
    submit(principal: Principal, id: string, expected: AcceptedVersions): Promise<Submitted> {
      return uow.write(async () => {
        const { row, enterprise } = await assessmentFor(principal, id, canWriteAs, 'write');
        if (row.status !== 'draft') throw immutable(row);
        assertVersion(expected, row.version, `assessment ${id}`);
        const record = versionOf(row);
        const outcome = score(record.definition, row.answers as Answers);
        if (!outcome.ok) throw invalidAnswers(outcome.issues);
        const now = clock().toISOString();
        if (!(await assessments.markSubmitted(id, row.version, now))) throw new Error(`assessment ${id} changed inside its transaction`);
        await assessments.insertResult(id, record.contentHash, outcome.result.engineVersion);
        const summary = summaryOf({ ...row, submittedAt: now }, enterprise, outcome.result);
        const previous = await assessments.replaceLatestSummary(summary);
        // The index rollups are this event's projection: a revision's replaces the contribution of the one before.
        await deps.changes.append(
          { kind: 'assessment.submitted', assessmentId: id, enterpriseId: row.enterpriseId, period: row.period, replaces: previous?.assessmentId ?? null },
          now,
        );
        const submitted = { ...row, status: 'submitted' as const, version: row.version + 1, updatedAt: now, submittedAt: now };
        return { assessment: await present(submitted, { result: outcome.result, isLatest: true }), resultJson: JSON.stringify(outcome.result) };
      });
    },

    /** Opens a draft correcting the latest submitted revision of a period, with its answers and questionnaire version. */
    openRevision(principal: Principal, id: string): Promise<{ assessment: Assessment }> {
      return uow.write(async () => {
        const { row: source } = await assessmentFor(principal, id, canWriteAs, 'write');
        if (source.status !== 'submitted')
          throw new ConflictError(`assessment ${id} is still a draft; edit it instead`, { resource: { kind: 'assessment', id } });
        const draft = await assessments.findOpenDraft(source.enterpriseId, source.period);
        if (draft) throw new ConflictError(`a revision of ${source.period} is already open`, { resource: { kind: 'assessment', id: draft.id } });
        const latest = await assessments.findLatestSummary(source.enterpriseId, source.period);
        if (latest && latest.assessmentId !== id) {
          throw new ConflictError(`revise the latest submitted revision of ${source.period}`, { resource: { kind: 'assessment', id: latest.assessmentId } });
        }
        const now = clock().toISOString();
        return storeDraft({
          ...source,
          id: newId(),
          revision: await assessments.nextRevision(source.enterpriseId, source.period),
          revisionOf: source.id,
          status: 'draft',
          version: 1,
          submittedAt: null,
          createdAt: now,
          updatedAt: now,
        });
      });
    },

    /** Every assessment of an enterprise, drafts and superseded revisions included. */
    history(principal: Principal, enterpriseId: string) {
      return uow.read(async () => {
        await enterpriseFor(principal, enterpriseId, canReadAssessmentsOf, 'read');
        return historyView(catalog, enterpriseId, await assessments.history(enterpriseId));
      });
    },

    /** The latest submitted revision per period, oldest first, each with its change from the period before. */
    trend(principal: Principal, enterpriseId: string) {
      return uow.read(async () => {
        await enterpriseFor(principal, enterpriseId, canReadAssessmentsOf, 'read');
        return trendView(enterpriseId, await assessments.latestSummaries(enterpriseId));
      });
    },
  };
}

export type AssessmentService = ReturnType<typeof createAssessmentService>;
