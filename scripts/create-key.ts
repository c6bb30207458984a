// npm run key:create -- --role admin [--label "ops"] [--expires-in-days 90]
//                       --role enterprise --enterprise <id> | --role authority --region <GB/T 2260 code, 000000 = national>
// Issues an API key on the configured database and prints it once; only its hash is stored.
import { parseArgs } from 'node:util';
import { buildApp } from '../src/app';
import { ROLES, type Role } from '../src/auth/principal';
import { createApiKey } from '../src/auth/service';
import { configOrExit } from './config-or-exit';
import { ProblemError } from '../src/http/problem';

const { values } = parseArgs({
  options: {
    role: { type: 'string' },
    enterprise: { type: 'string' },
    region: { type: 'string' },
    label: { type: 'string' },
    'expires-in-days': { type: 'string' },
  },
});
if (!values.role || !(ROLES as readonly string[]).includes(values.role)) {
  console.error(`--role must be one of ${ROLES.join(', ')}`);
  process.exit(1);
}
const days = values['expires-in-days'] === undefined ? undefined : Number(values['expires-in-days']);
if (days !== undefined && !(Number.isInteger(days) && days > 0)) {
  console.error('--expires-in-days must be a positive whole number');
  process.exit(1);
}

const config = configOrExit();
const app = await buildApp({ ...config, LOG_LEVEL: 'warn' });
try {
  const { apiKey, key } = await createApiKey(app.deps, 'cli', {
    role: values.role as Role,
    enterpriseId: values.enterprise,
    regionCode: values.region,
    label: values.label ?? `${values.role} key created on the command line`,
    expiresAt: days ? new Date(Date.now() + days * 86_400_000).toISOString() : undefined,
  });
  console.log(
    `Created ${apiKey.role} key ${apiKey.id}${apiKey.expiresAt ? ` (expires ${apiKey.expiresAt})` : ''}. It is shown only now:\n\n  ${key}\n\nSend it as "Authorization: Bearer <key>".`,
  );
} catch (err) {
  if (err instanceof ProblemError) {
    console.error(err.extra.errors?.map((e) => e.message).join('; ') ?? err.message);
    process.exitCode = 1;
  } else throw err;
} finally {
  await app.close();
}
