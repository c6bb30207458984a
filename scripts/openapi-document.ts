import type { FastifyInstance } from 'fastify';
import { fileURLToPath } from 'node:url';

export const OPENAPI_FILE = fileURLToPath(new URL('../openapi.json', import.meta.url));
export const SDK_TYPES_FILE = fileURLToPath(new URL('../sdk/generated/schema.d.ts', import.meta.url));

/** The document as committed: stable key order from the app, two-space indentation, trailing newline. */
export function openApiDocument(app: FastifyInstance): string {
  return `${JSON.stringify(app.swagger(), null, 2)}\n`;
}
