import { z } from 'zod';
import { freeText } from '../domain/free-text';
import { RegionCode } from '../enterprises/api.schemas';
import { ROLES } from './principal';

export const ApiKeyCreate = z
  .strictObject({
    role: z.enum(ROLES),
    enterpriseId: z.uuid().optional().describe('Required for the enterprise role: the one enterprise the key acts for.'),
    regionCode: RegionCode.optional().describe('Required for the authority role: its region (000000 = national).'),
    label: freeText('single', { trim: true }).min(1).max(200).describe('Who holds the key, for the list and the audit log.'),
    expiresAt: z.iso.datetime().optional().describe('After this instant the key is refused.'),
  })
  .meta({ id: 'ApiKeyCreate' });
export type ApiKeyCreate = z.infer<typeof ApiKeyCreate>;

export const ApiKey = z
  .strictObject({
    id: z.string(),
    role: z.enum(ROLES),
    enterpriseId: z.uuid().nullable(),
    regionCode: RegionCode.nullable(),
    label: z.string(),
    status: z.enum(['active', 'revoked', 'expired']),
    createdAt: z.iso.datetime(),
    createdBy: z.string(),
    expiresAt: z.iso.datetime().nullable(),
    revokedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'ApiKey', description: 'An API key without its secret.' });

export const ApiKeyCreated = z
  .strictObject({ apiKey: ApiKey, key: z.string().describe('The key itself, shown this once; only its hash is stored.') })
  .meta({ id: 'ApiKeyCreated' });

export const ApiKeyList = z.strictObject({ items: z.array(ApiKey) }).meta({ id: 'ApiKeyList' });
export const KeyParams = z.strictObject({ keyId: z.string().regex(/^[A-Za-z0-9]{16}$/) });

export const AuditEntry = z
  .strictObject({
    id: z.int(),
    at: z.iso.datetime(),
    keyId: z.string().nullable(),
    role: z.string(),
    operation: z.string().describe('The operationId.'),
    method: z.string(),
    resource: z.string().describe('The request path.'),
    status: z.int().describe('The outcome: the HTTP status sent.'),
    requestId: z.string(),
  })
  .meta({ id: 'AuditEntry' });
export const AuditPage = z
  .strictObject({ items: z.array(AuditEntry), nextBefore: z.int().nullable().describe('Pass as `before` for older entries.') })
  .meta({ id: 'AuditPage' });
export const AuditQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.coerce.number().int().min(1).optional(),
  keyId: z.string().max(32).optional(),
});
