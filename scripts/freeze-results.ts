// npm run results:freeze: stores the bytes of every submitted result kept as what re-derives it, re-derived by
// this build's engine. Run it before deploying a build that retires the current engine version (see
// src/assessments/results.ts); rows that already hold their bytes are left as they are.
import { configOrExit } from './config-or-exit';
import { createServices } from '../src/services';

const services = await createServices(configOrExit());
try {
  const started = performance.now();
  const frozen = await services.results.freezeAll();
  console.log(`stored the bytes of ${frozen} results in ${((performance.now() - started) / 1000).toFixed(1)} s`);
} finally {
  await services.close();
}
