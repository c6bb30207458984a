import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Keys look like `rh_<id>_<secret>`: the id finds the row, the secret (32 random bytes) is checked against its
 * SHA-256 in constant time. With that much entropy a slow hash adds nothing; the key itself is never stored.
 */
const KEY_PATTERN = /^rh_([A-Za-z0-9]{16})_([A-Za-z0-9_-]{43})$/;

const sha256 = (s: string) => createHash('sha256').update(s).digest();

/** A new key: its id, its secret, and the two as the caller presents them. */
export function newKey(): { id: string; secret: string; key: string } {
  const id = randomBytes(12).toString('base64url').replace(/[-_]/g, 'x').slice(0, 16);
  const secret = randomBytes(32).toString('base64url');
  return { id, secret, key: `rh_${id}_${secret}` };
}

/** What is stored of a secret. */
export const hashSecret = (secret: string) => sha256(secret).toString('hex');

/** The id and secret of a presented key, or null when it is not shaped like one. */
export function parseKey(presented: string): { id: string; secret: string } | null {
  const m = KEY_PATTERN.exec(presented);
  return m ? { id: m[1]!, secret: m[2]! } : null;
}

/**
 * Whether `secret` hashes to `storedHash`, compared in constant time; with no stored hash (no such key) a hash is
 * still compared, so an unknown id takes as long as a wrong secret.
 */
export function secretMatches(storedHash: string | undefined, secret: string): boolean {
  const expected = storedHash === undefined ? sha256('no such key') : Buffer.from(storedHash, 'hex');
  return timingSafeEqual(expected, sha256(secret)) && storedHash !== undefined;
}
