// npm run build: compiles src/ to dist/, file for file, so that `npm start` runs JavaScript with plain Node.
//
// esbuild rather than tsc: the sources import each other without an extension ('./app'), which Node's ESM loader
// cannot resolve and tsc leaves as written (it only rewrites '.ts' extensions). Each module stays a module of its own
// at the same place under dist/ as under src/ (src/db/connection.ts -> dist/db/connection.js) with its relative
// imports pointed at the .js files, so every path a module resolves from import.meta.url ('../../migrations/',
// './definitions/', './checkpoint-worker.mjs', '../../public/dashboard/') means the same from dist/ as from src/.
// Files under src/ that are not TypeScript (definitions, the catalog lock, the checkpoint worker) are copied beside
// them. JSON imports are inlined: Node 20 would print an ExperimentalWarning for a JSON module. Packages stay imports.
// Plain JavaScript, run by node: building and starting the service needs no TypeScript loader.
import { build } from 'esbuild';
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { URL, fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SRC = join(ROOT, 'src');
const DIST = join(ROOT, 'dist');
const RESOLVING = Symbol('resolving');

const started = performance.now();
const files = readdirSync(SRC, { recursive: true, withFileTypes: true })
  .filter((f) => f.isFile())
  .map((f) => join(f.parentPath, f.name));
const sources = files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
const assets = files.filter((f) => !f.endsWith('.ts') && !f.endsWith('.md'));

/** Every import stays an import, except JSON, which is inlined; relative ones get the extension Node needs. */
const modulesStayModules = {
  name: 'modules-stay-modules',
  setup(b) {
    b.onResolve({ filter: /.*/ }, async (args) => {
      if (args.kind === 'entry-point' || args.pluginData === RESOLVING || args.path.endsWith('.json')) return undefined;
      if (!/^\.{1,2}\//.test(args.path)) return { path: args.path, external: true };
      const found = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: RESOLVING });
      if (found.errors.length > 0) return { errors: found.errors };
      if (relative(SRC, found.path).startsWith('..')) return { errors: [{ text: `${args.path}: only modules under src/ are built into dist/` }] };
      const target = relative(dirname(args.importer), found.path).split(sep).join('/').replace(/\.ts$/, '.js');
      return { path: target.startsWith('.') ? target : `./${target}`, external: true };
    });
  },
};

rmSync(DIST, { recursive: true, force: true });
const result = await build({
  entryPoints: sources,
  outbase: SRC,
  outdir: DIST,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  keepNames: true,
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
  plugins: [modulesStayModules],
});
for (const asset of assets) {
  const to = join(DIST, relative(SRC, asset));
  mkdirSync(dirname(to), { recursive: true });
  cpSync(asset, to);
}

// Each output must hold its own source and nothing but inlined JSON: a second module inlined would run twice.
const merged = Object.entries(result.metafile.outputs).filter(
  ([, output]) => Object.keys(output.inputs).filter((input) => !input.endsWith('.json')).length > 1,
);
if (merged.length > 0) {
  process.stderr.write(`build: modules inlined into ${merged.map(([name]) => name).join(', ')}\n`);
  process.exit(1);
}
process.stdout.write(`build: ${sources.length} modules and ${assets.length} files into dist/ in ${Math.round(performance.now() - started)} ms\n`);
