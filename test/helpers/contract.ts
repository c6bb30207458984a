import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import type { FastifyInstance } from 'fastify';

/**
 * Checks every response a test app sends against the OpenAPI document it serves: the route, the status and the
 * media type must be documented and the body must validate. A mismatch replaces the response with a 500 whose body
 * says what is wrong, so the test that provoked it fails.
 */
export function enforceContract(app: FastifyInstance): void {
  let ajv: Ajv2020 | null = null;
  const validators = new Map<string, ValidateFunction | null>();
  const pointer = (...parts: string[]) => parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

  const validatorFor = (path: string, method: string, status: string, mediaType: string): ValidateFunction | null | 'undocumented' => {
    if (!ajv) {
      ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
      ajv.addSchema(app.swagger() as object, 'openapi');
    }
    const doc = app.swagger() as unknown as { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>> };
    const op = doc.paths[path]?.[method];
    const response = op?.responses[status];
    if (!response?.content?.[mediaType]) return 'undocumented';
    const key = `${path} ${method} ${status} ${mediaType}`;
    if (!validators.has(key)) validators.set(key, ajv.compile({ $ref: `openapi#/${pointer('paths', path, method, 'responses', status, 'content', mediaType, 'schema')}` }));
    return validators.get(key)!;
  };

  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method === 'HEAD') return payload;
    const route = request.routeOptions.url;
    const hidden = !route || request.routeOptions.schema?.hide === true || route.startsWith('/docs');
    if (hidden && reply.statusCode < 400) return payload;
    const mediaType = String(reply.getHeader('content-type') ?? '').split(';')[0]!.trim();
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
    const path = route.replace(/:([A-Za-z]+)/g, '{$1}');
    const validate = validatorFor(path, request.method.toLowerCase(), status, mediaType);
    if (validate === 'undocumented') return fail(`${request.method} ${path} does not document ${status} ${mediaType}`);
    if (!validate) return payload;
    const body = mediaType.endsWith('json') ? (JSON.parse(String(payload)) as unknown) : String(payload);
    return validate(body) ? payload : fail(`body does not match the document: ${ajv!.errorsText(validate.errors)}`);
  });
}
