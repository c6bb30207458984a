/**
 * Who is calling. Roles: admin (questionnaire versions, keys, audit), enterprise (bound to one enterprise),
 * authority (bound to a region; 000000 is the national authority), public (no key).
 */
export const ROLES = ['admin', 'enterprise', 'authority'] as const;
export type Role = (typeof ROLES)[number];

export type Principal =
  | { role: 'public'; keyId: null }
  | { role: 'admin'; keyId: string }
  | { role: 'enterprise'; keyId: string; enterpriseId: string }
  | { role: 'authority'; keyId: string; regionCode: string };

export const PUBLIC: Principal = { role: 'public', keyId: null };

/** Who may call a route, declared once in its config: 'public' admits everyone, keyed or not. */
export type Access = readonly ('public' | Role)[];

/** A route's declared access, from its config. */
export function accessOf(config: unknown): Access | undefined {
  return (config as { access?: Access } | undefined)?.access;
}
