import type { UnitOfWork } from '../db/unit-of-work';
import { ConflictError, InvalidInputError, NotFoundError } from '../domain/errors';
import type { Catalog, VersionRecord } from './catalog';
import { contentHash } from './content-hash';
import { checkCoverage } from './definition-files';
import type { QuestionnaireDefinition } from './definition.schema';
import type { QuestionnaireVersionRepository } from './repository';
import { validateDefinition } from './validate-definition';

type CatalogView = Pick<Catalog, 'get' | 'ids' | 'current' | 'versions'>;

/** The same check as a publication: the catalog left behind must still map every division to one questionnaire. */
function refuseCoverageBreakingRetirement(catalog: CatalogView, record: VersionRecord): void {
  const { questionnaireId: id, version } = record;
  // What is current once `record` is retired: its questionnaire's next published version, every other one's current.
  const next = catalog.versions(id).find((v) => v.status === 'published' && v !== record);
  const remaining = catalog.ids().flatMap((q) => {
    const current = q === id ? next : catalog.current(q);
    return current ? [{ source: `${q} ${current.version}`, definition: current.definition }] : [];
  });
  const problems = checkCoverage(remaining);
  if (!problems.length) return;
  const after = next ? `${id} ${next.version} would be current again` : `${id} would have no current version`;
  throw new ConflictError(`retiring ${id} ${version} is refused: ${after}, and then ${problems.join('; ')}`, {
    issues: problems.map((message) => ({ in: 'path' as const, pointer: '/version', code: coverageRule(message), message })),
  });
}

/** checkCoverage reports `source: path: rule: message`; the rule is the error's code. */
const coverageRule = (problem: string) => problem.split(': ')[2] ?? 'industry-covered-once';

/**
 * Publishing and retiring questionnaire versions, on the stored versions and the in-memory catalog together.
 * Changes run one at a time, each deciding on the catalog the previous one left, and reach the catalog only once
 * stored.
 */
export function createQuestionnaireService(deps: {
  uow: UnitOfWork;
  versions: Pick<QuestionnaireVersionRepository, 'insert' | 'retire'>;
  catalog: CatalogView & Pick<Catalog, 'add' | 'retire'>;
  clock: () => Date;
}) {
  const { uow, versions, catalog, clock } = deps;
  let last: Promise<unknown> = Promise.resolve();
  /** Runs `change` after every change before it has settled. */
  const oneAtATime = <T>(change: () => Promise<T>): Promise<T> => {
    const result = last.then(change, change);
    last = result.catch(() => undefined);
    return result;
  };

  return {
    /**
     * Publishes a new version posted by an admin: the same checks as a definition file at boot (shape, rules, one
     * questionnaire per division), then stored with its content hash. Published content never changes: the same
     * version again is answered with the existing one (`created: false`) if identical, a ConflictError otherwise.
     */
    publish(id: string, candidate: QuestionnaireDefinition): Promise<{ created: boolean; record: VersionRecord }> {
      return oneAtATime(async () => {
        if (candidate.id !== id) {
          throw new InvalidInputError(`the definition's id is ${candidate.id}, the path's ${id}`, [
            { in: 'body', pointer: '/id', code: 'mismatch', message: `must be ${id}, as in the path` },
          ]);
        }
        const check = validateDefinition(candidate);
        if (!check.ok) {
          throw new InvalidInputError(
            `${check.problems.length} problem(s) in the definition`,
            check.problems.map((p) => ({ in: 'body' as const, pointer: p.path === '/' ? '' : p.path, code: p.rule, message: p.message })),
          );
        }
        const definition = check.definition;
        const hash = contentHash(definition);
        const existing = catalog.get(id, definition.version);
        if (existing) {
          if (existing.contentHash === hash) return { created: false, record: existing };
          throw new ConflictError(`${id} ${definition.version} is published with other content; publish a new version`, {
            resource: { kind: 'questionnaire-version', questionnaireId: id, version: definition.version },
          });
        }
        const others = catalog.ids().flatMap((q) => (q === id ? [] : [catalog.current(q)!].filter(Boolean)));
        const coverage = checkCoverage([...others.map((r) => ({ source: r.questionnaireId, definition: r.definition })), { source: 'body', definition }]);
        if (coverage.length) {
          throw new InvalidInputError(
            coverage.join('; '),
            coverage.map((message) => ({ in: 'body' as const, pointer: '/industryCodes', code: 'industry-covered-once', message })),
          );
        }
        const record: VersionRecord = {
          questionnaireId: id,
          version: definition.version,
          contentHash: hash,
          definition,
          status: 'published',
          source: 'api',
          publishedAt: clock().toISOString(),
          retiredAt: null,
        };
        await uow.write(() => versions.insert(record));
        catalog.add(record);
        return { created: true, record };
      });
    },

    /**
     * Retired versions stay readable and keep scoring the drafts pinned to them; new drafts cannot choose them.
     * Retiring the current version makes the previous one current again, which may claim divisions another
     * questionnaire has taken since: such a retirement is a ConflictError naming each problem, as publishing that
     * catalog would be. Retiring a retired version changes nothing.
     */
    retire(id: string, version: string): Promise<{ record: VersionRecord }> {
      return oneAtATime(async () => {
        const record = catalog.get(id, version);
        if (!record) throw new NotFoundError(`questionnaire ${id} version ${version}`);
        if (record.status === 'retired') return { record };
        refuseCoverageBreakingRetirement(catalog, record);
        const at = clock().toISOString();
        await uow.write(() => versions.retire(id, version, at));
        catalog.retire(id, version, at);
        return { record };
      });
    },
  };
}

export type QuestionnaireService = ReturnType<typeof createQuestionnaireService>;
