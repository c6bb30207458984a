import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'dist/', 'coverage/', '.artifacts/', 'sdk/generated/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name='code'][arguments.0.value=500]", message: 'Throw a domain error; the errors plugin renders it.' },
      ],
    },
  },
  {
    // Outside the HTTP edge: no fastify, no driver (its types come from src/db), and no async without an await.
    files: ['src/**/*.ts'],
    ignores: ['src/app.ts', 'src/server.ts', 'src/app-types.ts', 'src/http/**', 'src/routes/**', 'src/plugins/**', 'src/db/**'],
    rules: {
      'require-await': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['fastify', 'fastify-*', '@fastify/*'], message: 'Only the HTTP edge (http/, routes/, plugins/, app.ts) knows fastify.' },
            { group: ['better-sqlite3'], message: 'The driver stays in src/db: type a connection as Connection from db/connection.' },
            {
              group: ['pg', 'pg-*', 'drizzle-orm/node-postgres*'],
              message: 'The driver stays in src/db: PostgreSQL repositories take the PgSql handle from db/postgres.',
            },
            { group: ['**/http/*', '**/routes/*', '**/plugins/*'], message: 'Modules return domain values and throw domain errors; the edge presents them.' },
          ],
        },
      ],
    },
  },
  {
    // Scoring is pure: no I/O, no framework.
    files: ['src/scoring/**/*.ts'],
    ignores: ['src/scoring/schemas.ts', 'src/scoring/api.schemas.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['node:*', 'fastify*', '@fastify/*', 'drizzle-orm*', 'better-sqlite3', '../db/*', '../routes/*', '../plugins/*'] },
      ],
    },
  },
);
