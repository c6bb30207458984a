// The real app plus a bare echo route: the baseline for the preview endpoint, measured in the same process.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/app';
import { loadConfig } from '../src/config';

const config = { ...loadConfig(), RATE_LIMIT_PER_MINUTE: 1_000_000, RATE_LIMIT_PUBLIC_PER_MINUTE: 1_000_000, DATABASE_PATH: join(mkdtempSync(join(tmpdir(), 'ronghe-bench-')), 'bench.db') };
const app = await buildApp(config);
app.post('/bench/echo', { config: { access: ['public'] } }, async (req) => req.body);
const address = await app.listen({ port: config.PORT, host: config.HOST });
console.log(`LISTENING ${address}`);
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
