import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp, type BuildOptions } from '../../src/app';
import { configWith, type Config } from '../../src/config';
import { writeCatalog } from './catalog';
import { enforceContract } from './contract';
import { backendOverrides } from './postgres';

export interface TestApp {
  app: FastifyInstance;
  dir: string;
  config: Config;
  close(): Promise<void>;
}

/** The real app on a fresh database (a SQLite file in its own temporary directory, or a PostgreSQL database: see postgres.ts). */
export interface TestAppOptions extends BuildOptions {
  /** Serve these definitions instead of the committed catalog. */
  definitions?: { id: string; version: string }[];
  /** Register extra routes before the app is ready (tests of the test machinery). */
  beforeReady?: (app: FastifyInstance) => void;
}

export async function createTestApp(overrides: Partial<Config> = {}, { definitions, beforeReady, ...options }: TestAppOptions = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'ronghe-test-'));
  if (definitions) options.catalog = writeCatalog(dir, definitions);
  const config = configWith({ DATABASE_PATH: join(dir, 'ronghe.db'), LOG_LEVEL: 'silent', ...(await backendOverrides()), ...overrides });
  const app = await buildApp(config, options);
  enforceContract(app);
  beforeReady?.(app);
  await app.ready();
  return {
    app,
    dir,
    config,
    close: async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
