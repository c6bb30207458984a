// npm run key:create -- --role admin [--label "ops"] [--expires-in-days 90]
//                       --role enterprise --enterprise <id> | --role authority --region <GB/T 2260 code, 000000 = national>
// Issues an API key on the configured database and prints it once; only its hash is stored.
import { parseArgs } from 'node:util';
import { ROLES, type Role } from '../src/auth/principal';
import { InvalidInputError } from '../src/domain/errors';
import { createServices } from '../src/services';
import { configOrExit } from './config-or-exit';

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
const services = await createServices(config);
try {
  const { record, key } = await services.auth.issue('cli', {
    role: values.role as Role,
    enterpriseId: values.enterprise,
    regionCode: values.region,
    label: values.label ?? `${values.role} key created on the command line`,
    expiresAt: days ? new Date(Date.now() + days * 86_400_000).toISOString() : undefined,
  });
  console.log(
    `Created ${record.role} key ${record.id}${record.expiresAt ? ` (expires ${record.expiresAt})` : ''}. It is shown only now:\n\n  ${key}\n\nSend it as "Authorization: Bearer <key>".`,
  );
} catch (err) {
  if (err instanceof InvalidInputError) {
    console.error(err.issues.map((e) => e.message).join('; '));
    process.exitCode = 1;
  } else throw err;
} finally {
  await services.close();
}
