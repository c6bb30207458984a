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
