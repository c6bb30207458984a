import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import type { FastifyInstance } from 'fastify';

type Doc = { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>> };

/**
 * Checks a response against an OpenAPI document: the operation must document the status and media type, and the
 * body must validate against the schema given there. Returns null when it conforms, else what is wrong.
 */
export function contractChecker(doc: object) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema(doc, 'openapi');
  const validators = new Map<string, ValidateFunction>();
  const pointer = (...parts: string[]) => parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');
  return (path: string, method: string, status: number, mediaType: string, body: unknown): string | null => {
    const m = method.toLowerCase();
    const response = (doc as Doc).paths[path]?.[m]?.responses[String(status)];
    if (!response?.content?.[mediaType]) return `${method.toUpperCase()} ${path} does not document ${status} ${mediaType}`;
    const key = `${path} ${m} ${status} ${mediaType}`;
    let validate = validators.get(key);
    if (!validate) {
      validate = ajv.compile({ $ref: `openapi#/${pointer('paths', path, m, 'responses', String(status), 'content', mediaType, 'schema')}` });
      validators.set(key, validate);
    }
    return validate(body) ? null : `body does not match the document: ${ajv.errorsText(validate.errors)}`;
  };
}

/**
 * Checks every response a test app sends against the OpenAPI document it serves. A mismatch replaces the response
 * with a 500 whose body says what is wrong, so the test that provoked it fails.
 */
export function enforceContract(app: FastifyInstance): void {
  let check: ReturnType<typeof contractChecker> | null = null;

  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method === 'HEAD') return payload;
    const route = request.routeOptions.url;
    const hidden = !route || request.routeOptions.schema?.hide === true || route.startsWith('/docs');
    if (hidden && reply.statusCode < 400) return payload;
    const mediaType = String(reply.getHeader('content-type') ?? '')
      .split(';')[0]!
      .trim();
    const status = String(reply.statusCode);
    const fail = (why: string) => {
      // eslint-disable-next-line no-restricted-syntax -- a contract violation must fail the test that provoked it
      reply.code(500).type('application/json');
      return JSON.stringify({ contractViolation: why, method: request.method, url: request.url, status, body: String(payload).slice(0, 2000) });
    };
    if (hidden || !route) {
      // Responses outside any documented operation (unknown routes) are problems.
      return mediaType === 'application/problem+json' ? payload : fail(`a ${status} outside any route is not problem+json`);
    }
    check ??= contractChecker(app.swagger());
    const body = mediaType.endsWith('json') ? (JSON.parse(String(payload)) as unknown) : String(payload);
    const problem = check(route.replace(/:([A-Za-z]+)/g, '{$1}'), request.method, reply.statusCode, mediaType, body);
    return problem ? fail(problem) : payload;
  });
}

/** The document's path template a concrete path matches (/v1/indices/310000 → /v1/indices/{regionCode}). */
export function templateOf(doc: object, pathname: string): string | null {
  for (const template of Object.keys((doc as Doc).paths)) {
    if (new RegExp(`^${template.replace(/\{\w+\}/g, '[^/]+')}$`).test(pathname)) return template;
  }
  return null;
}

/** Checks a fetched response (from a browser or a plain client) against the committed document. */
export function fetchedResponseChecker(doc: object) {
  const check = contractChecker(doc);
  return (method: string, url: string, status: number, contentType: string, text: string): string | null => {
    const { pathname } = new URL(url);
    const template = templateOf(doc, pathname);
    if (!template) return `${pathname} is not in the document`;
    const mediaType = contentType.split(';')[0]!.trim();
    return check(template, method, status, mediaType, mediaType.endsWith('json') ? JSON.parse(text) : text);
  };
}
