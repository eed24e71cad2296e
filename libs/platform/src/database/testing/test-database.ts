import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';

import { startEmbeddedPostgres } from '../embedded-postgres.js';
import { describeDatabaseUrl, withClient, withDatabase } from '../postgres-admin.js';

export interface TestDatabase {
  /** A fresh, empty database of its own. */
  url: string;
  /** The server's maintenance database, for roles and other server-wide setup. */
  adminUrl: string;
  name: string;
  /** Ends its connections and drops it; safe to call twice. */
  drop(): Promise<void>;
}

export interface FindTestServerOptions {
  env?: Readonly<Record<string, string | undefined>>;
  /** Tried when no URL is configured. */
  localUrl?: string;
  /** The embedded server shared by every test process of this checkout. */
  dataDir?: string;
}

const defaultLocalUrl = 'postgres://postgres@127.0.0.1:5432/postgres';

/** Settings for a throwaway server: durability traded for speed, room for many parallel pools. */
const testServerSettings = {
  fsync: 'off',
  synchronous_commit: 'off',
  full_page_writes: 'off',
  max_connections: '300',
};

let defaultServer: Promise<string> | undefined;

/**
 * A PostgreSQL for tests, as a URL with rights to create databases: `TEST_DATABASE_URL` or `DATABASE_URL`
 * when set, else the machine's own server on 127.0.0.1:5432 when it answers, else an embedded server in
 * `.data/test-postgres`, started detached and shared by parallel test processes. Never skips: throws
 * when none can be found or started.
 */
export async function findTestServer(options: FindTestServerOptions = {}): Promise<string> {
  const env = options.env ?? process.env;
  const configured = env.TEST_DATABASE_URL?.trim() || env.DATABASE_URL?.trim();
  if (configured) return configured;
  const localUrl = options.localUrl ?? defaultLocalUrl;
  const localProblem = await withClient(localUrl, (client) => client.query('SELECT 1')).then(
    () => undefined,
    (error: unknown) => String(error),
  );
  if (localProblem === undefined) return localUrl;
  const dataDir = resolve(options.dataDir ?? '.data/test-postgres');
  try {
    const server = await startEmbeddedPostgres({
      dataDir,
      lifetime: 'detached',
      settings: testServerSettings,
    });
    return server.adminUrl;
  } catch (error) {
    throw new Error(
      'No PostgreSQL for tests: TEST_DATABASE_URL and DATABASE_URL are unset, ' +
        `${describeDatabaseUrl(localUrl)} did not answer (${localProblem}), ` +
        `and an embedded PostgreSQL in ${dataDir} could not be started: ${String(error)}`,
    );
  }
}

/** Creates a uniquely named, empty database on the test server (found once per process). */
export async function createTestDatabase(prefix = 'test'): Promise<TestDatabase> {
  defaultServer ??= findTestServer().catch((error: unknown) => {
    defaultServer = undefined;
    throw error;
  });
  const adminUrl = await defaultServer;
  const name = uniqueName(prefix);
  await withClient(adminUrl, (client) => client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`));
  let dropped: Promise<void> | undefined;
  const drop = () =>
    (dropped ??= withClient(adminUrl, async (client) => {
      await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
    }));
  return { url: withDatabase(adminUrl, name), adminUrl, name, drop };
}

function uniqueName(prefix: string): string {
  const safe =
    prefix
      .toLowerCase()
      .replace(/[^a-z0-9_]+/g, '_')
      .slice(0, 40) || 'test';
  return `${safe}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}
