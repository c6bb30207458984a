import { z } from 'zod';

/** Environment variables are strings; "false" must not become true (z.coerce.boolean would). */
const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const ConfigSchema = z.object({
  PORT: int(0, 65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_PATH: z.string().min(1).default('data/ronghe.db'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BODY_LIMIT_BYTES: int(1024, 64 * 1024 * 1024).default(1024 * 1024),
  DB_BUSY_TIMEOUT_MS: int(0, 60_000).default(5000),
  SHUTDOWN_GRACE_MS: int(100, 120_000).default(10_000),
  TRUST_PROXY: flag.default(false),
  SUPPRESSION_K: int(3, 1000).default(5),
  RATE_LIMIT_PER_MINUTE: int(1, 1_000_000).default(600),
  RATE_LIMIT_PUBLIC_PER_MINUTE: int(1, 1_000_000).default(300),
  MAX_URL_LENGTH: int(256, 16_000).default(4096),
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((o) => o.trim()).filter(Boolean))
    .pipe(z.array(z.url({ message: 'each origin must be a URL such as https://dashboard.example.cn' }))),
  LIVE_INDEX_MAX_STALENESS_MS: int(0, 600_000).default(2000),
});

export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and validates the environment once; every bad variable is named on a single line. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const known = Object.fromEntries(Object.keys(ConfigSchema.shape).map((k) => [k, env[k] === '' ? undefined : env[k]]));
  const parsed = ConfigSchema.safeParse(known);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => {
    const name = String(i.path[0]);
    return `${name}=${JSON.stringify(env[name])}: ${i.message}`;
  });
  throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
}

/** Defaults for tests and tools, with overrides; validated like the environment. */
export function configWith(overrides: Partial<Config>): Config {
  return { ...loadConfig({}), ...overrides };
}
