// npm run regions:build -- <areacodes checkout> [vintage]: rebuilds src/regions/gbt2260.json, the GB/T 2260 list
// (民政部 县级以上行政区划代码) and the codes abolished since 1981 with their successors and year, from a checkout of
// https://github.com/yescallop/areacodes (CC0 1.0), which transcribes the ministry's yearly lists and the published
// changes. It reads data/<vintage>.txt (the list at 31 December of that year, "code name" per line), result.csv (every
// code's periods of use and the codes its area went to) and, when result.csv does not yet cover the vintage, the
// diff of the last year (diff/<vintage-1>-<vintage>.diff, the project's area-diff format) for that year's changes.
// The ministry publishes no English names, and no maintained source has them, so the file holds zh names only.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const [dir, vintageArg] = process.argv.slice(2);
if (!dir) {
  console.error('usage: npm run regions:build -- <areacodes checkout> [vintage]');
  process.exit(1);
}
const years = readdirSync(join(dir, 'data'))
  .map((f) => /^(\d{4})\.txt$/.exec(f)?.[1])
  .filter((y): y is string => y !== undefined)
  .sort();
const vintage = Number(vintageArg ?? years.at(-1));
const read = (path: string) => readFileSync(join(dir, path), 'utf8').replace(/^\uFEFF/, '');

const current = new Map<string, string>();
for (const line of read(`data/${vintage}.txt`).split('\n')) {
  const m = /^(\d{6}) (\S+)$/.exec(line.trim());
  if (m) current.set(m[1]!, m[2]!);
}

interface Gone {
  name: string;
  year: number;
  next: string[];
}
/** The last period of use of every code not in the list: its name then, the year it went, the codes its area went to. */
const gone = new Map<string, Gone>();
let csvLastYear = 0;
for (const line of read('result.csv').split('\n').slice(1)) {
  const [code, , , name, , status, start, end, next] = line.trim().split(',');
  if (!code || !/^\d{6}$/.test(code)) continue;
  csvLastYear = Math.max(csvLastYear, Number(start), Number(end || 0));
  if (status === '在用' || current.has(code) || !end) continue;
  const year = Number(end);
  if ((gone.get(code)?.year ?? 0) > year) continue;
  const codes = (next ?? '')
    .split(';')
    .map((c) => c.replace(/\[\d+\]$/, ''))
    .filter((c) => /^\d{6}$/.test(c));
  gone.set(code, { name: name!, year, next: codes });
}

// A year result.csv does not cover yet: its removals (-code name>selectors) from the diff, the selectors being names
// looked up in the new list (nearest first: same city, then province), "." the same code, "_" the same name.
if (csvLastYear < vintage) {
  const byName = (name: string, near: string) => {
    const found = [...current].filter(([, n]) => n === name).map(([c]) => c);
    return found.find((c) => c.slice(0, 4) === near.slice(0, 4)) ?? found.find((c) => c.slice(0, 2) === near.slice(0, 2)) ?? found[0];
  };
  const diff = `diff/${vintage - 1}-${vintage}.diff`;
  if (!existsSync(join(dir, diff))) throw new Error(`result.csv ends in ${csvLastYear}; ${diff} is needed for ${vintage}`);
  for (const line of read(diff).split('\n')) {
    const m = /^-(\d{6}) (\S+?)(?:>(.*))?$/.exec(line.trim());
    if (!m) continue;
    const [, code, name, selectors] = m;
    const next = (selectors ?? '')
      .split(',')
      .filter((s) => s && !s.endsWith('?'))
      .map((s) => s.replace(/!$/, ''))
      .map((s) => (s === '.' ? code! : byName(s === '_' ? name! : s, code!)))
      .filter((c): c is string => c !== undefined && current.has(c));
    gone.set(code!, { name: name!, year: vintage, next });
  }
  // Codes of the year before that vanished without a line in the diff still went in that year.
  for (const line of read(`data/${vintage - 1}.txt`).split('\n')) {
    const m = /^(\d{6}) (\S+)$/.exec(line.trim());
    if (m && !current.has(m[1]!) && !gone.has(m[1]!)) gone.set(m[1]!, { name: m[2]!, year: vintage, next: [] });
  }
}

/** The codes in use now that a gone code's area went to, following successors that went later themselves. */
function successors(code: string, seen = new Set<string>()): string[] {
  if (current.has(code)) return [code];
  if (seen.has(code)) return [];
  seen.add(code);
  return [...new Set((gone.get(code)?.next ?? []).flatMap((c) => successors(c, seen)))].sort();
}

const out = {
  source: '民政部《中华人民共和国县级以上行政区划代码》, transcribed with its history by github.com/yescallop/areacodes (CC0 1.0)',
  vintage,
  divisions: [...current].sort(([a], [b]) => (a < b ? -1 : 1)),
  abolished: [...gone].sort(([a], [b]) => (a < b ? -1 : 1)).map(([code, g]) => [code, g.name, g.year, successors(code)] as const),
};
const target = fileURLToPath(new URL('../src/regions/gbt2260.json', import.meta.url));
writeFileSync(target, JSON.stringify(out));
// Formatted as the rest of the repository (one code per line), so that a new vintage diffs code by code.
execFileSync('npx', ['prettier', '--write', target], { stdio: 'ignore' });
console.log(`GB/T 2260 ${vintage}: ${out.divisions.length} divisions, ${out.abolished.length} abolished codes → ${target}`);
