import type { z } from 'zod';
import type { Deps } from '../deps';
import { writeTransaction } from '../db/transaction';
import { findEnterprise } from '../enterprises/repository';
import { notFound, ProblemError } from '../http/problem';
import { findRegion } from '../regions/divisions';
import type { ApiKey, ApiKeyCreate } from './api.schemas';
import { findKey, insertKey, listKeys, newKey, revokeKey, type KeyRow } from './keys';

const invalid = (pointer: string, message: string) =>
  new ProblemError('validation-error', `${pointer.slice(1)}: ${message}`, { errors: [{ in: 'body', pointer, code: 'invalid', message }] });

export function toApiKey(row: KeyRow, now: Date): z.infer<typeof ApiKey> {
  const status = row.revokedAt ? 'revoked' : row.expiresAt && row.expiresAt <= now.toISOString() ? 'expired' : 'active';
  return { ...row, status };
}

/** Issues a key bound as its role requires; the key is returned this once and only its hash is kept. */
export async function createApiKey(deps: Deps, createdBy: string, input: ApiKeyCreate) {
  const now = deps.clock();
  if (input.role === 'enterprise') {
    if (!input.enterpriseId) throw invalid('/enterpriseId', 'an enterprise key is bound to one enterprise');
    if (!findEnterprise(deps.database.db, input.enterpriseId)) throw invalid('/enterpriseId', `no enterprise ${input.enterpriseId}`);
  } else if (input.enterpriseId) throw invalid('/enterpriseId', `a ${input.role} key is not bound to an enterprise`);
  if (input.role === 'authority') {
    if (!input.regionCode) throw invalid('/regionCode', 'an authority key is bound to a region');
    if (!findRegion(input.regionCode)) throw invalid('/regionCode', `${input.regionCode} is not a GB/T 2260 region`);
  } else if (input.regionCode) throw invalid('/regionCode', `a ${input.role} key is not bound to a region`);
  if (input.expiresAt && Date.parse(input.expiresAt) <= now.getTime()) throw invalid('/expiresAt', 'must be in the future');

  const { id, secret, key } = newKey();
  const row: KeyRow = {
    id,
    role: input.role,
    enterpriseId: input.enterpriseId ?? null,
    regionCode: input.regionCode ?? null,
    label: input.label,
    createdAt: now.toISOString(),
    createdBy,
    expiresAt: input.expiresAt ? new Date(input.expiresAt).toISOString() : null,
    revokedAt: null,
  };
  writeTransaction(deps.database, () => insertKey(deps.database.sqlite, row, secret));
  return { apiKey: toApiKey(row, now), key };
}

export async function listApiKeys(deps: Deps) {
  const now = deps.clock();
  return { items: listKeys(deps.database.sqlite).map((r) => toApiKey(r, now)) };
}

/** Revoking is idempotent: a revoked key stays revoked with its first revocation time. */
export async function revokeApiKey(deps: Deps, id: string) {
  const now = deps.clock();
  return writeTransaction(deps.database, () => {
    const row = findKey(deps.database.sqlite, id);
    if (!row) throw notFound(`API key ${id}`);
    revokeKey(deps.database.sqlite, id, now.toISOString());
    return toApiKey(findKey(deps.database.sqlite, id)!, now);
  });
}
