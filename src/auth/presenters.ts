import type { z } from 'zod';
import type { ApiKey } from './api.schemas';
import type { KeyRecord } from './service';

/** A key as the API presents it, with its status at `now`. */
export function toApiKey(record: KeyRecord, now: Date): z.infer<typeof ApiKey> {
  const status = record.revokedAt ? 'revoked' : record.expiresAt && record.expiresAt <= now.toISOString() ? 'expired' : 'active';
  return {
    id: record.id,
    role: record.role,
    enterpriseId: record.enterpriseId,
    regionCode: record.regionCode,
    label: record.label,
    status,
    createdAt: record.createdAt,
    createdBy: record.createdBy,
    expiresAt: record.expiresAt,
    revokedAt: record.revokedAt,
  };
}
