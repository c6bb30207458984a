import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/**
 * sha256 over the RFC 8785 canonical JSON, so reformatting a file is not a change but any edit of content is.
 */
export function contentHash(value: unknown): string {
  const canonical = canonicalize(value);
  if (canonical === undefined) throw new TypeError('content cannot be canonicalized');
  return `sha256:${createHash('sha256').update(canonical).digest('hex')}`;
}
