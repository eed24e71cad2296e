import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import pg from 'pg';

import { resolveDatabaseUrl } from './database-config.js';

describe('resolveDatabaseUrl without DATABASE_URL', () => {
  it('starts an embedded PostgreSQL under DATA_DIR and stops it again', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'db-config-'));
    const resolved = await resolveDatabaseUrl({ env: { DATA_DIR: dataDir } });
    try {
      expect(resolved.embedded).toBe(true);
      const client = new pg.Client(resolved.url);
      await client.connect();
      expect((await client.query('SELECT current_database() AS db')).rows[0].db).toBe('access_ledger');
      await client.end();
    } finally {
      await resolved.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
