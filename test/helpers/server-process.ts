import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { backendOverrides } from './postgres';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * What runs: the TypeScript sources through tsx (as npm run dev), the build in dist/ with plain Node, or `npm start`
 * itself (which builds, then runs dist/).
 */
export type Runner = 'source' | 'dist' | 'npm start';
const COMMANDS: Record<Runner, [string, string[]]> = {
  source: [process.execPath, ['--import', 'tsx', 'src/server.ts']],
  dist: [process.execPath, ['dist/server.js']],
  'npm start': ['npm', ['start']],
};

/** Builds dist/ as npm start does before it starts it; returns what the build printed. */
export function buildDist(): string {
  return execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the server as a real child process on a free port and resolves once it listens. */
export function startServer(env: Record<string, string>, runner: Runner = 'source'): Promise<ServerProcess> {
  const child = spawn(...COMMANDS[runner], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/Server listening at (http:\/\/127\.0\.0\.1:\d+)/);
      if (match) resolve({ child, url: match[1]!, output: () => output, exited });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then(({ code }) => reject(new Error(`server exited with ${code} before listening:\n${output}`)));
    setTimeout(() => reject(new Error(`server did not listen within 30 s:\n${output}`)), 30_000).unref();
  });
}

/** Runs the server expecting it to fail at boot; resolves with its exit code and what it printed. */
export function failServer(env: Record<string, string>, runner: Runner = 'source'): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(...COMMANDS[runner], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr })));
}

/**
 * The environment that puts a server process on a fresh database of the test's backend: the SQLite file at
 * `databasePath`, or on the postgres project a PostgreSQL database of its own (DATABASE_URL; the path unused).
 */
export async function serverDatabase(databasePath: string): Promise<Record<string, string>> {
  const { DATABASE_URL } = await backendOverrides();
  return { DATABASE_PATH: databasePath, ...(DATABASE_URL ? { DATABASE_URL } : {}) };
}

/** Issues an API key on a database a server process will use (migrating it first if new): a SQLite path or serverDatabase's environment. */
export async function mintKey(
  database: string | Record<string, string>,
  role: 'admin' | 'enterprise' | 'authority',
  binding: { enterpriseId?: string; regionCode?: string } = {},
) {
  const { createServices } = await import('../../src/services');
  const { configWith } = await import('../../src/config');
  const env = typeof database === 'string' ? { DATABASE_PATH: database } : database;
  const services = await createServices(configWith({ DATABASE_PATH: env.DATABASE_PATH, DATABASE_URL: env.DATABASE_URL, LOG_LEVEL: 'silent' }));
  try {
    return `Bearer ${(await services.auth.issue('test', { role, label: `test ${role}`, ...binding })).key}`;
  } finally {
    await services.close();
  }
}
