import { fileURLToPath } from 'node:url';

export const DEFINITIONS_DIR = fileURLToPath(new URL('./definitions/', import.meta.url));
export const SCHEMA_FILE = fileURLToPath(new URL('./questionnaire.schema.json', import.meta.url));
export const LOCK_FILE = fileURLToPath(new URL('./catalog.lock.json', import.meta.url));
