import closeWithGrace from 'close-with-grace';
import { buildApp } from './app';
import { ConfigError, loadConfig } from './config';
import { CatalogError } from './questionnaires/definition-files';

/** Boot failures a operator can fix get their message and exit code 1, without a stack trace. */
function fail(err: unknown): never {
  if (err instanceof ConfigError || err instanceof CatalogError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}

const config = (() => {
  try {
    return loadConfig();
  } catch (err) {
    return fail(err);
  }
})();
const app = await buildApp(config).catch(fail);

// On SIGTERM/SIGINT: stop accepting, let in-flight requests finish, close the database (an onClose hook).
closeWithGrace({ delay: config.SHUTDOWN_GRACE_MS }, async ({ signal, err }) => {
  if (err) app.log.error({ err }, 'shutting down after an error');
  else app.log.info({ signal }, 'shutting down');
  await app.close();
});

try {
  await app.listen({ port: config.PORT, host: config.HOST });
} catch (err) {
  // A port in use or an address this machine does not have: name the variables, then close what was opened.
  const code = String((err as { code?: unknown }).code ?? '');
  await app.close();
  if (/^E[A-Z]+$/.test(code))
    fail(new ConfigError(`HOST=${JSON.stringify(config.HOST)} PORT=${config.PORT}: cannot listen (${code}: ${(err as Error).message})`));
  throw err;
}
