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

/** Live (unpublished) index figures: authorities, within their region. */
export const canReadLive = (p: Principal, regionCode: string) => p.role === 'authority' && regionContains(p.regionCode, regionCode);

/** Snapshots are national figures: the national authority publishes them. */
export const canPublishSnapshots = (p: Principal) => p.role === 'authority' && p.regionCode === NATIONAL_CODE;
