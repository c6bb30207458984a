import { defineConfig } from 'drizzle-kit';

// PostgreSQL's migrations, from its schema: `npm run db:generate` runs this and drizzle.config.ts (SQLite).
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.pg.ts',
  out: './migrations/postgres',
});
