import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';

describe('the PostgreSQL the suite runs against', () => {
  it('is at TEST_DATABASE_URL in every test process, and answers', async () => {
    const url = process.env.TEST_DATABASE_URL;
    expect(url).toMatch(/^postgres(ql)?:\/\//);
    expect(inject('testDatabaseUrl')).toBe(url);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ version: string; encoding: string }>("select version(), current_setting('server_encoding') as encoding");
      expect(rows[0]!.version).toMatch(/^PostgreSQL \d+/);
      expect(rows[0]!.encoding).toBe('UTF8');
    } finally {
      await client.end();
    }
  });
});
