import type { Awaitable, UnitOfWork } from '../db/unit-of-work';
import { InvalidInputError, NotFoundError, UnauthenticatedError } from '../domain/errors';
import { checkRegion } from '../regions/location-check';
import type { ApiKeyCreate } from './api.schemas';
import { hashSecret, newKey, parseKey, secretMatches } from './keys';
import type { Principal } from './principal';
import type { AuditRepository, AuditRow, KeyRepository, KeyRow } from './repository';

/** A key as it may be shown: everything but its secret's hash. */
export type KeyRecord = Omit<KeyRow, 'secretHash'>;

const recordOf = ({ secretHash: _secretHash, ...record }: KeyRow): KeyRecord => record;

const invalid = (pointer: string, message: string) => InvalidInputError.field('body', pointer, 'invalid', message);

/** Refuses a binding the role does not have, or lacks one it needs. */
function checkBinding(input: ApiKeyCreate, now: Date, enterpriseExists: (id: string) => boolean): void {
  if (input.role === 'enterprise') {
    if (!input.enterpriseId) throw invalid('/enterpriseId', 'an enterprise key is bound to one enterprise');
    if (!enterpriseExists(input.enterpriseId)) throw invalid('/enterpriseId', `no enterprise ${input.enterpriseId}`);
  } else if (input.enterpriseId) throw invalid('/enterpriseId', `a ${input.role} key is not bound to an enterprise`);
  if (input.role === 'authority') {
    if (!input.regionCode) throw invalid('/regionCode', 'an authority key is bound to a region');
    const region = checkRegion(input.regionCode);
    if (!region.ok) {
      throw new InvalidInputError(region.message.en, [
        { in: 'body', pointer: '/regionCode', code: region.code, message: region.message.en, localized: region.message },
      ]);
    }
  } else if (input.regionCode) throw invalid('/regionCode', `a ${input.role} key is not bound to a region`);
  if (input.expiresAt && Date.parse(input.expiresAt) <= now.getTime()) throw invalid('/expiresAt', 'must be in the future');
}

/**
 * API keys (issue, list, revoke, and the verification of a presented key) and the audit log. A key's secret is
 * returned once, when it is issued; only its hash is kept.
 */
export function createAuthService(deps: {
  uow: UnitOfWork;
  keys: Pick<KeyRepository, 'find' | 'insert' | 'list' | 'revoke' | 'adminKeyExists'>;
  audit: Pick<AuditRepository, 'page'>;
  /** Whether the enterprise an enterprise key is bound to exists. */
  enterprises: { find(id: string): Awaitable<object | undefined> };
  clock: () => Date;
}) {
  const { uow, keys, audit, enterprises, clock } = deps;
  return {
    /** Issues a key bound as its role requires; `key` is the key itself, to be shown this once. */
    issue(createdBy: string, input: ApiKeyCreate): Promise<{ record: KeyRecord; key: string }> {
      return uow.write(async () => {
        const now = clock();
        const bound = input.enterpriseId === undefined ? undefined : await enterprises.find(input.enterpriseId);
        checkBinding(input, now, () => bound !== undefined);
        const { id, secret, key } = newKey();
        const row: KeyRow = {
          id,
          secretHash: hashSecret(secret),
          role: input.role,
          enterpriseId: input.enterpriseId ?? null,
          regionCode: input.regionCode ?? null,
          label: input.label,
          createdAt: now.toISOString(),
          createdBy,
          expiresAt: input.expiresAt ? new Date(input.expiresAt).toISOString() : null,
          revokedAt: null,
        };
        await keys.insert(row);
        return { record: recordOf(row), key };
      });
    },

    /** Every key, oldest first. */
    list(): Promise<{ keys: KeyRecord[] }> {
      return uow.read(async () => ({ keys: (await keys.list()).map(recordOf) }));
    },

    /** Revoking is idempotent: a revoked key stays revoked with its first revocation time. */
    revoke(id: string): Promise<{ record: KeyRecord }> {
      return uow.write(async () => {
        if (!(await keys.find(id))) throw new NotFoundError(`API key ${id}`);
        await keys.revoke(id, clock().toISOString());
        return { record: recordOf((await keys.find(id))!) };
      });
    },

    /** The principal a presented key stands for; UnauthenticatedError saying why when it is refused. */
    verify(presented: string): Promise<Principal> {
      return uow.read(async () => {
        const parsed = parseKey(presented);
        if (!parsed) throw new UnauthenticatedError('malformed API key');
        const row = await keys.find(parsed.id);
        if (!secretMatches(row?.secretHash, parsed.secret) || !row) throw new UnauthenticatedError('unknown API key');
        if (row.revokedAt) throw new UnauthenticatedError('this API key was revoked');
        if (row.expiresAt && row.expiresAt <= clock().toISOString()) throw new UnauthenticatedError('this API key has expired');
        if (row.role === 'enterprise') return { role: 'enterprise', keyId: row.id, enterpriseId: row.enterpriseId! };
        if (row.role === 'authority') return { role: 'authority', keyId: row.id, regionCode: row.regionCode! };
        return { role: 'admin', keyId: row.id };
      });
    },

    /** Whether a usable admin key exists (a fresh install has none, and says how to make one). */
    adminKeyExists(): Promise<boolean> {
      return uow.read(() => keys.adminKeyExists(clock().toISOString()));
    },

    /** A page of the audit log, newest first; `nextBefore` continues it. */
    auditLog(q: { limit: number; before?: number; keyId?: string }): Promise<{ entries: AuditRow[]; nextBefore: number | null }> {
      return uow.read(async () => {
        const rows = await audit.page({ ...q, limit: q.limit + 1 });
        const entries = rows.slice(0, q.limit);
        return { entries, nextBefore: rows.length > q.limit ? entries[entries.length - 1]!.id : null };
      });
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
