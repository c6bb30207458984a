import { randomUUID } from 'node:crypto';
import { canReadEnterprise, canRegisterEnterpriseIn, canWriteAs } from '../auth/policy';
import type { Principal } from '../auth/principal';
import { queuedWrite } from '../db/transaction';
import type { Deps } from '../deps';
import { etagOf, assertVersion, type AcceptedVersions } from '../http/preconditions';
import { notFound, ProblemError } from '../http/problem';
import { idempotentWrite, type IdempotencyContext } from '../idempotency/repository';
import { NATIONAL_CODE, regionContains } from '../regions/codes';
import { countyRegion, indexRegion } from '../regions/divisions';
import type { Enterprise, EnterpriseCreate, EnterprisePatch } from './api.schemas';
import { findByCreditCode, findEnterprise, insertEnterprise, listEnterprises, updateEnterprise, type EnterpriseRow } from './repository';
import { sizeClassOf, type SizeClass } from './size-class';

export const enterpriseLocation = (id: string) => `/v1/enterprises/${id}`;

export function toEnterprise(deps: Deps, row: EnterpriseRow): Enterprise {
  return {
    id: row.id,
    creditCode: row.creditCode,
    name: row.name,
    regionCode: row.regionCode,
    regionName: countyRegion(row.regionCode)?.name ?? row.regionCode,
    provinceCode: row.provinceCode,
    cityCode: row.cityCode,
    industryCode: row.industryCode,
    sizeClass: row.sizeClass,
    employees: row.employees,
    revenueMillionYuan: row.revenueMillionYuan,
    questionnaireId: deps.catalog.forIndustry(row.industryCode)?.questionnaireId ?? null,
    synthetic: row.synthetic,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/**
 * The size class: derived when employees and revenue are both known (a stated class must agree), stated otherwise.
 */
function resolveSizeClass(stated: SizeClass | undefined, employees: number | null | undefined, revenue: number | null | undefined): SizeClass {
  if (employees != null && revenue != null) {
    const derived = sizeClassOf(employees, revenue);
    if (stated && stated !== derived) {
      throw new ProblemError('validation-error', `sizeClass should be ${derived} for ${employees} employees and ${revenue} million yuan`, {
        errors: [
          {
            in: 'body',
            pointer: '/sizeClass',
            code: 'inconsistent',
            message: `should be ${derived} for ${employees} employees and ${revenue} million yuan revenue`,
          },
        ],
      });
    }
    return derived;
  }
  if (!stated) {
    throw new ProblemError('validation-error', 'sizeClass is required unless employees and revenueMillionYuan are both given', {
      errors: [{ in: 'body', pointer: '/sizeClass', code: 'required', message: 'required unless employees and revenueMillionYuan are both given' }],
    });
  }
  return stated;
}

function location(regionCode: string) {
  const region = countyRegion(regionCode)!;
  return { regionCode, provinceCode: region.provinceCode, cityCode: region.cityCode! };
}

export async function createEnterprise(deps: Deps, principal: Principal, input: EnterpriseCreate, idem: IdempotencyContext | null) {
  if (!canRegisterEnterpriseIn(principal, input.regionCode)) {
    throw new ProblemError('forbidden', `region ${input.regionCode} is outside the region this key may register enterprises in`);
  }
  const now = deps.clock().toISOString();
  return idempotentWrite(deps.database, idem, deps.clock(), () => {
    const existing = findByCreditCode(deps.database.db, input.creditCode);
    if (existing) {
      throw new ProblemError('conflict', `an enterprise with credit code ${input.creditCode} already exists`, {
        headers: { location: enterpriseLocation(existing.id) },
      });
    }
    const row: EnterpriseRow = {
      id: randomUUID(),
      creditCode: input.creditCode,
      name: input.name,
      ...location(input.regionCode),
      industryCode: input.industryCode,
      sizeClass: resolveSizeClass(input.sizeClass, input.employees, input.revenueMillionYuan),
      employees: input.employees ?? null,
      revenueMillionYuan: input.revenueMillionYuan ?? null,
      synthetic: false,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    insertEnterprise(deps.database.db, row);
    return { status: 201, body: toEnterprise(deps, row), headers: { location: enterpriseLocation(row.id), etag: etagOf(row.version) } };
  });
}

/** The enterprise if the caller may see it (`can` decides what for); otherwise the same 404 as a missing one. */
export function visibleEnterprise(deps: Deps, principal: Principal, id: string, can = canReadEnterprise): EnterpriseRow {
  const row = findEnterprise(deps.database.db, id);
  if (!row || !can(principal, row)) throw notFound(`enterprise ${id}`);
  return row;
}

export async function getEnterprise(deps: Deps, principal: Principal, id: string): Promise<EnterpriseRow> {
  return visibleEnterprise(deps, principal, id);
}

export async function patchEnterprise(deps: Deps, principal: Principal, id: string, expected: AcceptedVersions, patch: EnterprisePatch) {
  return queuedWrite(deps.database, () => {
    const row = visibleEnterprise(deps, principal, id, canWriteAs);
    assertVersion(expected, row.version, `enterprise ${id}`);
    const employees = patch.employees === undefined ? row.employees : patch.employees;
    const revenue = patch.revenueMillionYuan === undefined ? row.revenueMillionYuan : patch.revenueMillionYuan;
    // A stated class is checked against the figures; without one, known figures re-derive it, else it stays.
    const stated = patch.sizeClass ?? (employees != null && revenue != null ? undefined : row.sizeClass);
    const changes = {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.regionCode !== undefined ? location(patch.regionCode) : {}),
      ...(patch.industryCode !== undefined ? { industryCode: patch.industryCode } : {}),
      sizeClass: resolveSizeClass(stated, employees, revenue),
      employees,
      revenueMillionYuan: revenue,
      updatedAt: deps.clock().toISOString(),
    };
    if (!updateEnterprise(deps.database.db, id, row.version, changes)) throw new Error(`enterprise ${id} changed inside its transaction`);
    const updated = { ...row, ...changes, version: row.version + 1 };
    return toEnterprise(deps, updated);
  });
}

const encodeCursor = (row: EnterpriseRow) => Buffer.from(JSON.stringify([row.createdAt, row.id])).toString('base64url');

function decodeCursor(cursor: string): { createdAt: string; id: string } {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [unknown, unknown];
    if (typeof createdAt === 'string' && typeof id === 'string') return { createdAt, id };
  } catch {
    // fall through to the problem below
  }
  throw new ProblemError('invalid-parameter', 'cursor is not one this service issued', {
    errors: [{ in: 'query', pointer: '/cursor', code: 'invalid_cursor', message: 'use nextCursor from the previous page' }],
  });
}

export async function listEnterprisePage(
  deps: Deps,
  principal: Principal,
  q: { region?: string; industry?: string; size?: string; limit: number; cursor?: string },
) {
  if (principal.role === 'enterprise') {
    // An enterprise sees itself, when the filters admit it.
    const own = findEnterprise(deps.database.db, principal.enterpriseId);
    const matches =
      own &&
      (!q.region || regionContains(q.region, own.regionCode)) &&
      (!q.industry || own.industryCode === q.industry) &&
      (!q.size || own.sizeClass === q.size);
    return { items: matches && !q.cursor ? [toEnterprise(deps, own)] : [], nextCursor: null };
  }
  // An authority sees its region: the narrower of its region and the filter, or nothing when they do not overlap.
  let regionFilter = q.region;
  if (principal.role === 'authority' && principal.regionCode !== NATIONAL_CODE) {
    if (!regionFilter || regionContains(principal.regionCode, regionFilter)) regionFilter = regionFilter ?? principal.regionCode;
    else if (!regionContains(regionFilter, principal.regionCode)) return { items: [], nextCursor: null };
    else regionFilter = principal.regionCode;
  }
  const region = regionFilter ? indexRegion(regionFilter) : undefined;
  const rows = listEnterprises(deps.database.db, {
    region: region ? { code: region.code, level: region.level } : undefined,
    industry: q.industry,
    size: q.size,
    after: q.cursor ? decodeCursor(q.cursor) : undefined,
    limit: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  return { items: page.map((r) => toEnterprise(deps, r)), nextCursor: rows.length > q.limit ? encodeCursor(page[page.length - 1]!) : null };
}
