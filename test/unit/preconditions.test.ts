import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { assertVersion, requiredVersion } from '../../src/http/preconditions';
import { ProblemError } from '../../src/http/problem';
import { idempotencyOf } from '../../src/http/write-headers';

/** The problem a call throws, as the errors plugin would render its status and type. */
function problemOf(call: () => unknown): { status: number; slug: string; detail?: string } {
  try {
    call();
  } catch (err) {
    expect(err).toBeInstanceOf(ProblemError);
    // The English detail (the message); the Chinese is the edge's concern when it sends the problem.
    const { status, slug, message: detail } = err as ProblemError;
    return { status, slug, detail };
  }
  throw new Error('expected a problem');
}

/** Whether a resource at `version` passes If-Match `header`. */
function passes(header: string, version: number): boolean {
  try {
    assertVersion(requiredVersion(header), version, 'the resource');
    return true;
  } catch (err) {
    if (err instanceof ProblemError && err.slug === 'precondition-failed') return false;
    throw err;
  }
}

describe('If-Match (RFC 9110 §13.1.1)', () => {
  it('needs the header: 428 when missing or blank', () => {
    expect(problemOf(() => requiredVersion(undefined))).toMatchObject({ status: 428, slug: 'precondition-required' });
    expect(problemOf(() => requiredVersion('  '))).toMatchObject({ status: 428, slug: 'precondition-required' });
  });

  it('accepts any listed strong tag', () => {
    expect(passes('"7", "1"', 1)).toBe(true);
    expect(passes('"7","1"', 7)).toBe(true);
    expect(passes(' "3" ,, "12" ', 12)).toBe(true); // empty list elements are allowed
    expect(passes('"7", "1"', 2)).toBe(false);
  });

  it('matches tags only as the server issues them: no leading zeros, no weak tags', () => {
    expect(passes('"1"', 1)).toBe(true);
    expect(passes('"01"', 1)).toBe(false);
    expect(passes('"1.0"', 1)).toBe(false);
    expect(passes('W/"1"', 1)).toBe(false);
    expect(passes('W/"1", "01"', 1)).toBe(false);
    expect(passes('W/"1", "1"', 1)).toBe(true);
  });

  it('takes * alone as any version, and in a list as nothing', () => {
    expect(passes('*', 41)).toBe(true);
    expect(passes('*, "1"', 1)).toBe(false);
  });

  it('refuses garbage and stale tags with 412 naming the current ETag', () => {
    expect(problemOf(() => requiredVersion('garbage'))).toMatchObject({ status: 412, slug: 'precondition-failed' });
    expect(problemOf(() => requiredVersion('"1" "2"'))).toMatchObject({ status: 412, slug: 'precondition-failed' });
    const stale = problemOf(() => assertVersion(requiredVersion('"1", "2"'), 3, 'assessment x'));
    expect(stale).toMatchObject({ status: 412, slug: 'precondition-failed' });
    expect(stale.detail).toContain('at ETag "3"');
  });
});

describe('idempotencyOf', () => {
  const request = (body: unknown) =>
    ({ method: 'POST', url: '/v1/things?x=1', headers: { 'idempotency-key': 'k-1' }, principal: { keyId: 'key1' }, body }) as unknown as FastifyRequest;

  it('hashes method, path and body per caller', () => {
    expect(idempotencyOf(request({ a: 1 }))).toEqual({ scope: 'key1', key: 'k-1', requestHash: expect.stringMatching(/^sha256:/) });
    expect(idempotencyOf(request({ a: 1 }))!.requestHash).not.toBe(idempotencyOf(request({ a: 2 }))!.requestHash);
  });

  it('answers 400 malformed-json, not a 500, for a body JSON cannot hash (1e999 parses to Infinity)', () => {
    const problem = problemOf(() => idempotencyOf(request({ x: Number.POSITIVE_INFINITY })));
    expect(problem).toMatchObject({ status: 400, slug: 'malformed-json' });
    expect(problem.detail).toMatch(/cannot represent/);
  });
});
