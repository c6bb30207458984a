// The real app on an existing database (DATABASE_PATH), announcing its address for the bench driver.
import { buildApp } from '../src/app';
import { loadConfig } from '../src/config';

// Benchmarks measure throughput, not the rate limiter.
const config = { ...loadConfig(), RATE_LIMIT_PER_MINUTE: 1_000_000, RATE_LIMIT_PUBLIC_PER_MINUTE: 1_000_000 };
const app = await buildApp(config);
const address = await app.listen({ port: config.PORT, host: config.HOST });
console.log(`LISTENING ${address}`);
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
