import type { Deps } from '../deps';
import { writeTransaction } from '../db/transaction';
import { notFound, ProblemError } from '../http/problem';
import type { VersionRecord } from './catalog';
import { contentHash } from './content-hash';
import { checkCoverage } from './definition-files';
import type { QuestionnaireDefinition } from './definition.schema';
import { insertVersion, retireVersion } from './repository';
import { validateDefinition } from './validate-definition';

export const versionLocation = (id: string, version: string) => `/v1/questionnaires/${id}/versions/${version}`;

/**
 * Publishes a new version posted by an admin: the same checks as a definition file at boot (shape, rules, one
 * questionnaire per division), then stored with its content hash. Published content never changes: the same
 * version again is answered with the existing one if identical, 409 otherwise.
 */
export async function publishVersion(deps: Deps, id: string, candidate: QuestionnaireDefinition) {
  if (candidate.id !== id) {
    throw new ProblemError('validation-error', `the definition's id is ${candidate.id}, the path's ${id}`, {
      errors: [{ in: 'body', pointer: '/id', code: 'mismatch', message: `must be ${id}, as in the path` }],
    });
  }
  const check = validateDefinition(candidate);
  if (!check.ok) {
    throw new ProblemError('validation-error', `${check.problems.length} problem(s) in the definition`, {
      errors: check.problems.map((p) => ({ in: 'body' as const, pointer: p.path === '/' ? '' : p.path, code: p.rule, message: p.message })),
    });
  }
  const definition = check.definition;
  const hash = contentHash(definition);
  const existing = deps.catalog.get(id, definition.version);
  if (existing) {
    if (existing.contentHash === hash) return { status: 200 as const, record: existing };
    throw new ProblemError('conflict', `${id} ${definition.version} is published with other content; publish a new version`, {
      headers: { location: versionLocation(id, definition.version) },
    });
  }
  const others = deps.catalog.ids().flatMap((q) => (q === id ? [] : [deps.catalog.current(q)!].filter(Boolean)));
  const coverage = checkCoverage([...others.map((r) => ({ source: r.questionnaireId, definition: r.definition })), { source: 'body', definition }]);
  if (coverage.length) {
    throw new ProblemError('validation-error', coverage.join('; '), {
      errors: coverage.map((message) => ({ in: 'body' as const, pointer: '/industryCodes', code: 'industry-covered-once', message })),
    });
  }
  const record: VersionRecord = {
    questionnaireId: id,
    version: definition.version,
    contentHash: hash,
    definition,
    status: 'published',
    source: 'api',
    publishedAt: deps.clock().toISOString(),
    retiredAt: null,
  };
  writeTransaction(deps.database, () => insertVersion(deps.database.db, record));
  deps.catalog.add(record);
  return { status: 201 as const, record };
}

/**
 * Retired versions stay readable and keep scoring the drafts pinned to them; new drafts cannot choose them.
 * Retiring the current version makes the previous one current again, which may claim divisions another
 * questionnaire has taken since: such a retirement is refused with 409, as publishing that catalog would be.
 */
export async function retireVersionOf(deps: Deps, id: string, version: string) {
  const record = deps.catalog.get(id, version);
  if (!record) throw notFound(`questionnaire ${id} version ${version}`);
  if (record.status === 'retired') return record;
  refuseCoverageBreakingRetirement(deps, record);
  const at = deps.clock().toISOString();
  writeTransaction(deps.database, () => retireVersion(deps.database.db, id, version, at));
  deps.catalog.retire(id, version, at);
  return record;
}

/** The same check as a publication: the catalog left behind must still map every division to one questionnaire. */
function refuseCoverageBreakingRetirement(deps: Deps, record: VersionRecord): void {
  const { questionnaireId: id, version } = record;
  // What is current once `record` is retired: its questionnaire's next published version, every other one's current.
  const next = deps.catalog.versions(id).find((v) => v.status === 'published' && v !== record);
  const remaining = deps.catalog.ids().flatMap((q) => {
    const current = q === id ? next : deps.catalog.current(q);
    return current ? [{ source: `${q} ${current.version}`, definition: current.definition }] : [];
  });
  const problems = checkCoverage(remaining);
  if (!problems.length) return;
  const after = next ? `${id} ${next.version} would be current again` : `${id} would have no current version`;
  throw new ProblemError('conflict', `retiring ${id} ${version} is refused: ${after}, and then ${problems.join('; ')}`, {
    errors: problems.map((message) => ({ in: 'path' as const, pointer: '/version', code: coverageRule(message), message })),
  });
}

/** checkCoverage reports `source: path: rule: message`; the rule is the error's code. */
const coverageRule = (problem: string) => problem.split(': ')[2] ?? 'industry-covered-once';
