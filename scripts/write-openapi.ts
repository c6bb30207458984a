// Writes openapi.json from the routes' zod schemas (the app is built on an in-memory database, never listening).
import { writeFileSync } from 'node:fs';
import { buildApp } from '../src/app';
import { configWith } from '../src/config';
import { OPENAPI_FILE, openApiDocument } from './openapi-document';

const app = await buildApp(configWith({ DATABASE_PATH: ':memory:', LOG_LEVEL: 'silent' }));
await app.ready();
writeFileSync(OPENAPI_FILE, openApiDocument(app));
await app.close();
console.log(`wrote ${OPENAPI_FILE}`);
