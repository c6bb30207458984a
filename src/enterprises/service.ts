import { newId } from '../domain/ids';
import { authorize, type Authorized, type Purpose } from '../auth/authorized';
import { canRegisterEnterpriseIn, ENTERPRISE_RULES, enterpriseListScope } from '../auth/policy';
import { regionContains } from '../regions/codes';
import type { Principal } from '../auth/principal';
import type { ChangeLog } from '../changes/repository';
import type { UnitOfWork } from '../db/unit-of-work';
import { ConflictError, ForbiddenError, InvalidInputError } from '../domain/errors';
import { assertVersion, type AcceptedVersions } from '../domain/versions';
import { countyRegion, indexRegion } from '../regions/divisions';
import type { EnterpriseCreate, EnterprisePatch } from './api.schemas';
import { type EnterpriseChanges, type EnterpriseRepository, type EnterpriseRow } from './repository';
import { sizeClassOf, type SizeClass } from './size-class';

const sizeClassIssue = (code: string, message: string) => [{ in: 'body' as const, pointer: '/sizeClass', code, message }];

/**
 * The size class: derived when employees and revenue are both known (a stated class must agree), stated otherwise.
 */
function resolveSizeClass(stated: SizeClass | undefined, employees: number | null | undefined, revenue: number | null | undefined): SizeClass {
  if (employees != null && revenue != null) {
    const derived = sizeClassOf(employees, revenue);
    if (stated && stated !== derived) {
      throw new InvalidInputError(
        `sizeClass should be ${derived} for ${employees} employees and ${revenue} million yuan`,
        sizeClassIssue('inconsistent', `should be ${derived} for ${employees} employees and ${revenue} million yuan revenue`),
      );
    }
    return derived;
  }
  if (!stated) {
    throw new InvalidInputError(
      'sizeClass is required unless employees and revenueMillionYuan are both given',
      sizeClassIssue('required', 'required unless employees and revenueMillionYuan are both given'),
    );
  }
  return stated;
}

/** A county code with the province and city it lies in (the schema admits county codes only). */
function located(regionCode: string) {
  const region = countyRegion(regionCode)!;
  return { regionCode, provinceCode: region.provinceCode, cityCode: region.cityCode! };
}

const encodeCursor = (row: EnterpriseRow) => Buffer.from(JSON.stringify([row.createdAt, row.id])).toString('base64url');

function decodeCursor(cursor: string): { createdAt: string; id: string } {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [unknown, unknown];
    if (typeof createdAt === 'string' && typeof id === 'string') return { createdAt, id };
  } catch {
    // fall through to the error below
  }
  throw new InvalidInputError('cursor is not one this service issued', [
    { in: 'query', pointer: '/cursor', code: 'invalid_cursor', message: 'use nextCursor from the previous page' },
  ]);
}

export interface EnterpriseQuery {
  region?: string;
  industry?: string;
  size?: SizeClass;
  limit: number;
  cursor?: string;
}

/** What is done with an enterprise a check admits the caller to: its profile (the default) or its assessments. */
export type EnterpriseSubject = keyof typeof ENTERPRISE_RULES;

/**
 * Registering, reading, changing and listing enterprises. Every object-level check is here, through `authorize`:
 * a caller refused an enterprise it names is told it does not exist.
 */
export function createEnterpriseService(deps: {
  uow: UnitOfWork;
  enterprises: Pick<EnterpriseRepository, 'find' | 'findByCreditCode' | 'insert' | 'update' | 'list'>;
  changes: Pick<ChangeLog, 'append'>;
  clock: () => Date;
}) {
  const { uow, enterprises, changes, clock } = deps;

  /** The enterprise, if the rule for `purpose` on `subject` admits the principal; else NotFoundError. */
  async function authorized<P extends Purpose>(
    principal: Principal,
    id: string,
    purpose: P,
    subject: EnterpriseSubject,
  ): Promise<Authorized<EnterpriseRow, P>> {
    return authorize(principal, await enterprises.find(id), ENTERPRISE_RULES[subject][purpose], purpose, `enterprise ${id}`);
  }

  return {
    /**
     * Registers an enterprise in a region the caller may register in. A credit code registered already is a
     * ConflictError naming that enterprise.
     */
    register(principal: Principal, input: EnterpriseCreate): Promise<{ enterprise: EnterpriseRow }> {
      if (!canRegisterEnterpriseIn(principal, input.regionCode)) {
        return Promise.reject(new ForbiddenError(`region ${input.regionCode} is outside the region this key may register enterprises in`));
      }
      return uow.write(async () => {
        const existing = await enterprises.findByCreditCode(input.creditCode);
        if (existing) {
          throw new ConflictError(`an enterprise with credit code ${input.creditCode} already exists`, { resource: { kind: 'enterprise', id: existing.id } });
        }
        const now = clock().toISOString();
        const enterprise: EnterpriseRow = {
          id: newId(),
          creditCode: input.creditCode,
          name: input.name,
          ...located(input.regionCode),
          industryCode: input.industryCode,
          sizeClass: resolveSizeClass(input.sizeClass, input.employees, input.revenueMillionYuan),
          employees: input.employees ?? null,
          revenueMillionYuan: input.revenueMillionYuan ?? null,
          synthetic: false,
          version: 1,
          createdAt: now,
          updatedAt: now,
        };
        await enterprises.insert(enterprise);
        return { enterprise };
      });
    },

    /**
     * The enterprise, checked for what the caller means to do with it (`purpose` on its profile, or on its
     * assessments); the same NotFoundError as a missing one otherwise. Inside a write, it reads that write's state.
     */
    get<P extends Purpose>(principal: Principal, id: string, purpose: P, subject: EnterpriseSubject = 'profile'): Promise<Authorized<EnterpriseRow, P>> {
      return uow.read(() => authorized(principal, id, purpose, subject));
    },

    /**
     * Changes the enterprise's own profile at one of the `expected` versions. A change of region is recorded in the
     * change log in the same transaction (`enterprise.moved`), so what is derived by region follows it.
     */
    update(principal: Principal, id: string, expected: AcceptedVersions, patch: EnterprisePatch): Promise<{ enterprise: EnterpriseRow }> {
      return uow.write(async () => {
        const row = await authorized(principal, id, 'write', 'profile');
        assertVersion(expected, row.version, `enterprise ${id}`);
        const employees = patch.employees === undefined ? row.employees : patch.employees;
        const revenue = patch.revenueMillionYuan === undefined ? row.revenueMillionYuan : patch.revenueMillionYuan;
        // A stated class is checked against the figures; without one, known figures re-derive it, else it stays.
        const stated = patch.sizeClass ?? (employees != null && revenue != null ? undefined : row.sizeClass);
        const change: EnterpriseChanges = {
          name: patch.name ?? row.name,
          ...(patch.regionCode !== undefined
            ? located(patch.regionCode)
            : { regionCode: row.regionCode, provinceCode: row.provinceCode, cityCode: row.cityCode }),
          industryCode: patch.industryCode ?? row.industryCode,
          sizeClass: resolveSizeClass(stated, employees, revenue),
          employees,
          revenueMillionYuan: revenue,
          updatedAt: clock().toISOString(),
        };
        if (!(await enterprises.update(id, row.version, change))) throw new Error(`enterprise ${id} changed inside its transaction`);
        if (change.regionCode !== row.regionCode) {
          await changes.append(
            { kind: 'enterprise.moved', enterpriseId: id, fromRegionCode: row.regionCode, toRegionCode: change.regionCode },
            change.updatedAt,
          );
        }
        return { enterprise: { ...row, ...change, version: row.version + 1 } };
      });
    },

    /** A page of the enterprises the caller may see that match the filters, oldest registration first. */
    list(principal: Principal, q: EnterpriseQuery): Promise<{ items: EnterpriseRow[]; nextCursor: string | null }> {
      const scope = enterpriseListScope(principal, q.region);
      return uow.read(async () => {
        if (scope.kind === 'nothing') return { items: [], nextCursor: null };
        if (scope.kind === 'own') {
          // An enterprise sees itself, when the filters admit it; a page follows nothing.
          const own = await enterprises.find(scope.enterpriseId);
          const matches =
            own &&
            (!q.region || regionContains(q.region, own.regionCode)) &&
            (!q.industry || own.industryCode === q.industry) &&
            (!q.size || own.sizeClass === q.size);
          return { items: matches && !q.cursor ? [own] : [], nextCursor: null };
        }
        const region = scope.regionCode ? indexRegion(scope.regionCode) : undefined;
        const rows = await enterprises.list({
          region: region ? { code: region.code, level: region.level } : undefined,
          industry: q.industry,
          size: q.size,
          after: q.cursor ? decodeCursor(q.cursor) : undefined,
          limit: q.limit + 1,
        });
        const items = rows.slice(0, q.limit);
        return { items, nextCursor: rows.length > q.limit ? encodeCursor(items[items.length - 1]!) : null };
      });
    },
  };
}

export type EnterpriseService = ReturnType<typeof createEnterpriseService>;
