// The real app on a temporary SQLite file (synchronous=FULL) with drafts ready to submit, plus the baseline route:
// one POST whose body is inserted as one row, in the same process and database; and a route that submits drafts
// in process, without HTTP, to show what the submission's own work bounds the ratio to.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { buildApp } from '../src/app';
import type { Principal } from '../src/auth/principal';
import { loadConfig } from '../src/config';
import { composeCreditCode } from '../src/enterprises/credit-code';
import { completeAnswers } from '../test/helpers/answer-arbitraries';

const DRAFTS = Number(process.env.BENCH_DRAFTS ?? 26000);
const dir = mkdtempSync(join(tmpdir(), 'ronghe-bench-submit-'));
const config = { ...loadConfig(), RATE_LIMIT_PER_MINUTE: 1_000_000, RATE_LIMIT_PUBLIC_PER_MINUTE: 1_000_000, DATABASE_PATH: join(dir, 'bench.db') };
const app = await buildApp(config);
const { assessments } = app.services;
const ADMIN: Principal = { role: 'admin', keyId: 'bench' };

app.database.sqlite.exec('create table bench_payloads (id integer primary key, body text not null)');
const insert = app.database.sqlite.prepare('insert into bench_payloads (body) values (?)');
app.post('/bench/insert', { config: { access: ['public'] } }, async (req, reply) => {
  insert.run(JSON.stringify(req.body));
  return reply.code(201).send({ ok: true });
});

const owners = new Map<string, { owner: Principal; version: number }>();
// The submissions of `ids`, queued in one turn as concurrent requests would be; answers the time they took in µs.
app.post('/bench/submit-in-process', { config: { access: ['public'] } }, async (req) => {
  const started = performance.now();
  await Promise.all((req.body as { ids: string[] }).ids.map((id) => assessments.submit(owners.get(id)!.owner, id, owners.get(id)!.version)));
  return { micros: (performance.now() - started) * 1000 };
});

const steel = app.services.catalog.current('steel')!.definition;
const answers = fc.sample(completeAnswers(steel), { numRuns: 200, seed: 1 });
const periods = Array.from({ length: 13 }, (_, i) => 2013 + i).flatMap((y) => [`${y}`, `${y}-H1`, `${y}-H2`]);
const drafts: { id: string; etag: string; key: string }[] = [];
for (let e = 0; drafts.length < DRAFTS; e++) {
  const creditCode = composeCreditCode('91310115', `M${String(e).padStart(7, '0')}`);
  const { enterprise: ent } = await app.services.enterprises.register(ADMIN, {
    creditCode,
    name: `基准企业 ${e}`,
    regionCode: '310115',
    industryCode: '31',
    sizeClass: 'large',
  });
  let key: string | undefined;
  for (const period of periods) {
    if (drafts.length >= DRAFTS) break;
    const owner = { role: 'enterprise' as const, keyId: 'bench', enterpriseId: ent.id };
    key ??= (await app.services.auth.issue('bench', { role: 'enterprise', enterpriseId: ent.id, label: 'bench' })).key;
    const { assessment: draft } = await assessments.createDraft(owner, ent.id, { period });
    const { assessment: saved } = await assessments.saveAnswers(owner, draft.id, 1, answers[drafts.length % answers.length]!);
    drafts.push({ id: saved.id, etag: `"${saved.version}"`, key });
    owners.set(saved.id, { owner, version: saved.version });
  }
}
writeFileSync(process.env.BENCH_DRAFTS_FILE!, JSON.stringify({ drafts, sample: answers[0], databasePath: config.DATABASE_PATH }));
const address = await app.listen({ port: config.PORT, host: config.HOST });
console.log(`LISTENING ${address}`);
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
