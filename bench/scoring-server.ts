// The real app plus two bench routes measured in the same process: a bare echo (the baseline for the preview
// endpoint), and the preview's work without its serialization (to show what the serialization costs).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { buildApp } from '../src/app';
import { loadConfig } from '../src/config';
import { serializerCompiler } from '../src/plugins/serializer';
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
});
const address = await app.listen({ port: config.PORT, host: config.HOST });
console.log(`LISTENING ${address}`);
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
