// npm run bench [-- name…]: runs the named benchmarks (all by default); each prints ratios against a baseline
// measured in the same run, since machines here are shared and noisy.
import { benchIndices } from './indices';
import { benchScoring } from './scoring';
import { benchSheets } from './sheets';
import { benchStorage } from './storage';
import { benchSubmit } from './submit';

const benches: Record<string, () => Promise<void>> = {
  scoring: benchScoring,
  submit: benchSubmit,
  indices: benchIndices,
  storage: benchStorage,
  sheets: benchSheets,
};
const wanted = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(benches);
for (const name of wanted) {
  const bench = benches[name];
  if (!bench) throw new Error(`unknown bench ${name}; known: ${Object.keys(benches).join(', ')}`);
  console.log(`— ${name}`);
  await bench();
}
