// The real app plus the bench routes measured in the same process: a bare echo (the baseline for the previews), a
// route that sends the full preview's bytes prepared in advance (the baseline for the full preview), and the
// preview's validation and scoring without its serialization (to show what the serialization costs).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/app';
import { loadConfig } from '../src/config';
import { serializerCompiler } from '../src/plugins/serializer';
import { validatorCompiler } from '../src/plugins/validator';
import { VersionParams } from '../src/questionnaires/api.schemas';
import { ScoreRequest } from '../src/scoring/api.schemas';
import { questionnaireRef } from '../src/questionnaires/presenters';
import type { Answers } from '../src/scoring/schemas';
import { score } from '../src/scoring/score';

const config = {
  ...loadConfig(),
  RATE_LIMIT_PER_MINUTE: 1_000_000,
  RATE_LIMIT_PUBLIC_PER_MINUTE: 1_000_000,
  DATABASE_PATH: join(mkdtempSync(join(tmpdir(), 'ronghe-bench-')), 'bench.db'),
};
const app = await buildApp(config);
app.post('/bench/echo', { config: { access: ['public'] } }, async (req) => req.body);
// The server's CPU time so far (µs), read around each load: CPU per request, which other processes on the machine
// disturb less than they disturb throughput.
app.get('/bench/cpu', { config: { access: ['public'] } }, async () => {
  const { user, system } = process.cpuUsage();
  return { micros: user + system };
});
await app.register(async (api) => {
  api.setValidatorCompiler(validatorCompiler);
  api.setSerializerCompiler(serializerCompiler);
  let prepared: string | undefined;
  // Validates and scores like the preview, then sends a response of the preview's size serialized once in advance.
  api.post('/bench/score-preserialized/:questionnaireId/:version', { config: { access: ['public'] }, schema: { body: ScoreRequest } }, async (req, reply) => {
    const { questionnaireId, version } = req.params as { questionnaireId: string; version: string };
    const record = app.catalog.resolve(questionnaireId, version)!;
    const outcome = score(record.definition, (req.body as { answers: Answers }).answers);
    if (!outcome.ok) return reply.code(422).send(outcome.issues);
    prepared ??= JSON.stringify({ questionnaire: questionnaireRef(record), result: outcome.result });
    return reply.type('application/json').send(prepared);
  });
  // Takes the same request as the preview (its path and query parameters validated by the same schemas, the body
  // parsed, the same hooks) and answers the bytes the full preview answers it, taken from the real preview on the
  // first request of each case (the bench numbers its bodies in x-bench-case): no validation of the answers, no
  // scoring, no serializing.
  const answered = new Map<string, { body: string; type: string }>();
  const schema = { params: VersionParams };
  api.post('/bench/prepared/:questionnaireId/:version', { config: { access: ['public'], audit: false }, schema }, async (req, reply) => {
    const { questionnaireId, version } = req.params as { questionnaireId: string; version: string };
    const key = `${questionnaireId}/versions/${version}#${String(req.headers['x-bench-case'])}`;
    let response = answered.get(key);
    if (!response) {
      const res = await app.inject({ method: 'POST', url: `/v1/questionnaires/${questionnaireId}/versions/${version}/score`, payload: req.body as object });
      response = { body: res.body, type: String(res.headers['content-type']) };
      answered.set(key, response);
    }
    return reply.type(response.type).send(response.body);
  });
});
const address = await app.listen({ port: config.PORT, host: config.HOST });
console.log(`LISTENING ${address}`);
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
