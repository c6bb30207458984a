import { z } from 'zod';

import { isIP } from 'node:net';

/** Digits only: z.coerce.number would read a blank or "0x10" as a number (PORT=" " became port 0, any port). */
const int = (min: number, max: number) =>
  z
    .string()
    .regex(/^\s*\d+\s*$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

/**
 * Which proxies' X-Forwarded-For to believe: none (false), the nearest N hops, or these addresses. Never "every
 * hop": the leftmost entry is written by the client, who could then pick their own rate-limit bucket.
 */
const trustProxy = z
  .string()
  .trim()
  .transform((v, ctx): false | number | string => {
    if (v === 'false' || v === '0') return false;
    if (/^\d{1,2}$/.test(v)) return Number(v);
    const entries = v.split(',').map((e) => e.trim());
    const valid = (e: string) => ['loopback', 'linklocal', 'uniquelocal'].includes(e) || isIP(e.split('/')[0]!) !== 0;
    if (v !== 'true' && entries.every(valid)) return entries.join(',');
    ctx.addIssue({
      code: 'custom',
      message: 'give the number of proxies in front (e.g. 1) or their addresses (loopback, 10.0.0.0/8, …); "true" would trust what clients write',
    });
    return z.NEVER;
  });

/** An origin exactly as browsers send it: scheme, host and port, no path or trailing slash. */
const origin = z.url().refine((o) => new URL(o).origin === o, 'each origin must be scheme://host[:port] with no path, e.g. https://dashboard.example.cn');
/**
 * A PostgreSQL connection URL (postgres:// or postgresql://, as libpq and node-postgres read it). Only its form is
 * checked here; whether the server answers is the database layer's to say at start.
 */
const postgresUrl = z
  .string()
  .trim()
  .refine((v) => {
    try {
      const url = new URL(v);
      return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && (url.hostname !== '' || url.searchParams.has('host'));
    } catch {
      return false;
    }
  }, 'must be a PostgreSQL URL, postgres://user:password@host:5432/database (or postgresql://…)');

const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

const ConfigSchema = z.object({
  PORT: int(0, 65535).default(3000),
  HOST: z
    .string()
    .refine((h) => isIP(h) !== 0 || HOSTNAME.test(h), 'must be an IP address or a host name, e.g. 127.0.0.1 or 0.0.0.0')
    .default('127.0.0.1'),
  DATABASE_PATH: z.string().min(1).default('data/ronghe.db'),
  /** Set: PostgreSQL at this URL instead of the SQLite file at DATABASE_PATH. */
  DATABASE_URL: postgresUrl.optional(),
  /** Connections in the PostgreSQL pool of each instance (unused on SQLite). */
  DB_POOL_SIZE: int(1, 200).default(10),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BODY_LIMIT_BYTES: int(1024, 64 * 1024 * 1024).default(1024 * 1024),
  DB_BUSY_TIMEOUT_MS: int(0, 60_000).default(5000),
  /** SQLite's page cache per connection: the default 2 MB is outgrown by the index rollups long before a million assessments. */
  DB_CACHE_MB: int(2, 4096).default(64),
  SHUTDOWN_GRACE_MS: int(100, 120_000).default(10_000),
  TRUST_PROXY: trustProxy.default(false),
  SUPPRESSION_K: int(3, 1000).default(5),
  RATE_LIMIT_PER_MINUTE: int(1, 1_000_000).default(600),
  RATE_LIMIT_PUBLIC_PER_MINUTE: int(1, 1_000_000).default(300),
  MAX_URL_LENGTH: int(256, 16_000).default(4096),
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(z.array(origin)),
  LIVE_INDEX_MAX_STALENESS_MS: int(0, 600_000).default(2000),
});

export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** A refused value is echoed in the message, but never a password a URL carries (it would land in logs). */
function shown(name: string, value: string | undefined): string | undefined {
  if (name !== 'DATABASE_URL' || value === undefined) return value;
  // Everything between the user's colon and the last @ of the authority (a password may hold / or @), and a
  // password given as a query parameter.
  return value.replace(/^([^:]*:\/\/[^:/@?#]*:).*@/, '$1***@').replace(/([?&]password=)[^&#]*/gi, '$1***');
}

/** Reads and validates the environment once; every bad variable is named on a single line. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const known = Object.fromEntries(Object.keys(ConfigSchema.shape).map((k) => [k, env[k] === '' ? undefined : env[k]]));
  const parsed = ConfigSchema.safeParse(known);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => {
    const name = String(i.path[0]);
    return `${name}=${JSON.stringify(shown(name, env[name]))}: ${i.message}`;
  });
  throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
}

/** A parsed value written back as the environment would give it, so that overrides pass through the one schema. */
function asVariable(value: Config[keyof Config] | undefined): string | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(',') : String(value);
}

/**
 * Defaults for tests and tools, with overrides; validated like the environment, by the same schema: an override
 * the environment could not set (SUPPRESSION_K: 1, below the floor of 3) throws the same ConfigError naming it.
 */
export function configWith(overrides: Partial<Config>): Config {
  return loadConfig(Object.fromEntries(Object.entries(overrides).map(([name, value]) => [name, asVariable(value)])));
}
