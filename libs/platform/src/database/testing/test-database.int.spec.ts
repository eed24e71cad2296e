import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import pg from 'pg';

import { stopEmbeddedPostgres } from '../embedded-postgres.js';
import { createTestDatabase, findTestServer } from './test-database.js';

async function databaseExists(adminUrl: string, name: string): Promise<boolean> {
  const client = new pg.Client(adminUrl);
  await client.connect();
  try {
    return Boolean((await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount);
  } finally {
    await client.end();
  }
}

describe('createTestDatabase', () => {
  it('creates an empty database of its own, and drop() removes it even while a connection is open', async () => {
    const [a, b] = await Promise.all([
      createTestDatabase('platform_spec'),
      createTestDatabase('platform_spec'),
    ]);
    expect(a!.name).toMatch(/^platform_spec_/);
    expect(a!.name).not.toBe(b!.name);

    const client = new pg.Client(a!.url);
    await client.connect();
    client.on('error', () => undefined); // the forced drop ends this session
    const { rows } = await client.query('SELECT current_database() AS name');
    expect(rows[0].name).toBe(a!.name);

    await a!.drop();
    await a!.drop();
    expect(await databaseExists(a!.adminUrl, a!.name)).toBe(false);
    expect(await databaseExists(b!.adminUrl, b!.name)).toBe(true);
    await b!.drop();
    await client.end().catch(() => undefined);
  });
});

describe('findTestServer', () => {
  it('prefers TEST_DATABASE_URL, then DATABASE_URL', async () => {
    const env = { TEST_DATABASE_URL: 'postgres://a@h1/x', DATABASE_URL: 'postgres://b@h2/y' };
    await expect(findTestServer({ env })).resolves.toBe(env.TEST_DATABASE_URL);
    await expect(findTestServer({ env: { DATABASE_URL: env.DATABASE_URL } })).resolves.toBe(env.DATABASE_URL);
  });

  it('starts an embedded server when nothing is configured and nothing answers locally', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'test-pg-'));
    try {
      const adminUrl = await findTestServer({
        env: {},
        localUrl: 'postgres://postgres@127.0.0.1:1/postgres',
        dataDir,
      });
      expect(await databaseExists(adminUrl, 'postgres')).toBe(true);
      // A second finder, as a parallel test worker would be, reuses the same server.
      await expect(
        findTestServer({ env: {}, localUrl: 'postgres://postgres@127.0.0.1:1/postgres', dataDir }),
      ).resolves.toBe(adminUrl);
    } finally {
      await stopEmbeddedPostgres(dataDir);
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
