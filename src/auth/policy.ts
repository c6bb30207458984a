import { NATIONAL_CODE, regionContains } from '../regions/codes';
import type { Principal } from './principal';

/**
 * Who may see or change what, as pure predicates. A caller refused an object it could name gets 404 from the
 * services (no existence oracle); a caller whose role can never perform an operation gets 403 from the route.
 */

interface Located {
  id: string;
  regionCode: string;
}

/** Profiles: the enterprise itself, authorities over its region, and admins (who onboard enterprises and keys). */
export function canReadEnterprise(p: Principal, e: Located): boolean {
  if (p.role === 'admin') return true;
  if (p.role === 'enterprise') return p.enterpriseId === e.id;
  if (p.role === 'authority') return regionContains(p.regionCode, e.regionCode);
  return false;
}

export function canRegisterEnterpriseIn(p: Principal, regionCode: string): boolean {
  return p.role === 'admin' || (p.role === 'authority' && regionContains(p.regionCode, regionCode));
}

/** Only the enterprise changes its own profile and assessments. */
export const canWriteAs = (p: Principal, e: Located) => p.role === 'enterprise' && p.enterpriseId === e.id;

/** Assessments are commercially sensitive: the enterprise and the authorities over its region, not admins. */
export function canReadAssessmentsOf(p: Principal, e: Located): boolean {
  if (p.role === 'enterprise') return p.enterpriseId === e.id;
  if (p.role === 'authority') return regionContains(p.regionCode, e.regionCode);
  return false;
}

/** The rule for each thing done with an enterprise: its profile, and its assessments (see authorize). */
export const ENTERPRISE_RULES = {
  profile: { read: canReadEnterprise, write: canWriteAs },
  assessments: { read: canReadAssessmentsOf, write: canWriteAs },
} as const;

/**
 * Which enterprises a principal may list, given the region it asked for: an enterprise only itself (the filter
 * still applies to it); an authority the narrower of its region and the filter, or nothing when they do not
 * overlap; an admin or the national authority whatever the filter names (undefined: everywhere).
 */
export type EnterpriseListScope = { kind: 'nothing' } | { kind: 'own'; enterpriseId: string } | { kind: 'region'; regionCode: string | undefined };

export function enterpriseListScope(p: Principal, region: string | undefined): EnterpriseListScope {
  if (p.role === 'public') return { kind: 'nothing' };
  if (p.role === 'enterprise') return { kind: 'own', enterpriseId: p.enterpriseId };
  if (p.role === 'admin' || p.regionCode === NATIONAL_CODE) return { kind: 'region', regionCode: region };
  if (region === undefined || regionContains(region, p.regionCode)) return { kind: 'region', regionCode: p.regionCode };
  if (regionContains(p.regionCode, region)) return { kind: 'region', regionCode: region };
  return { kind: 'nothing' };
}

/** Live (unpublished) index figures: authorities, within their region. */
export const canReadLive = (p: Principal, regionCode: string) => p.role === 'authority' && regionContains(p.regionCode, regionCode);

/** Snapshots are national figures: the national authority publishes them. */
export const canPublishSnapshots = (p: Principal) => p.role === 'authority' && p.regionCode === NATIONAL_CODE;
