// The real app on an existing database (DATABASE_PATH), announcing its address for the bench driver.
import { buildApp } from '../src/app';
import { loadConfig } from '../src/config';

const config = loadConfig();
const app = await buildApp(config);
const address = await app.listen({ port: config.PORT, host: config.HOST });
console.log(`LISTENING ${address}`);
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
