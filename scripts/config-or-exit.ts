import { ConfigError, loadConfig, type Config } from '../src/config';

/** The validated configuration, or the one-line reason it is not, and exit 1 — for command-line tools. */
export function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(err.message);
    process.exit(1);
  }
}
