// npm run lint:imports: every package a committed module imports is declared in package.json, so that `npm ci` on a
// fresh clone installs it rather than it arriving by chance as some other package's dependency. Imports are read by
// TypeScript's own scanner (static, dynamic and re-exports, type-only ones too); node: and built-in modules are exempt.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import ts from 'typescript';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies?: object; devDependencies?: object };
const declared = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})]);
const builtins = new Set(builtinModules);

/** The package a bare specifier names ('@fastify/static', 'drizzle-orm/sqlite-core' → 'drizzle-orm'); null if none. */
function packageOf(specifier: string): string | null {
  if (/^(\.|\/|node:|[a-z]+:\/\/)/.test(specifier)) return null;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
  return builtins.has(name) ? null : name;
}

// Committed files and new ones not yet added (git ignores node_modules/, dist/ and the rest for us).
const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', '*.ts', '*.mts', '*.js', '*.mjs', '*.cjs'], {
  encoding: 'utf8',
})
  .split('\0')
  .filter(Boolean);
const missing = new Map<string, string[]>();
for (const file of files) {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  for (const { fileName } of importedFiles) {
    const name = packageOf(fileName);
    if (name && !declared.has(name)) missing.set(name, [...(missing.get(name) ?? []), file]);
  }
}
if (missing.size > 0) {
  for (const [name, where] of missing) console.error(`${name} is imported but not declared in package.json: ${where.join(', ')}`);
  process.exit(1);
}
console.log(`imports: every package imported by ${files.length} files is declared in package.json`);
