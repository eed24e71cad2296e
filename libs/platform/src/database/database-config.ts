import { resolve } from 'node:path';

import { silentDatabaseLog, type DatabaseLog } from './database-log.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { describeDatabaseUrl } from './postgres-admin.js';

export interface ResolveDatabaseOptions {
  env: Readonly<Record<string, string | undefined>>;
  /** Where the embedded PostgreSQL lives; default `DATA_DIR`, else `./.data`. */
  dataDir?: string;
  log?: DatabaseLog;
}

export interface ResolvedDatabase {
  /** May carry a password: never log it. */
  url: string;
  embedded: boolean;
  /** Stops the embedded server; does nothing for an external one. */
  stop(): Promise<void>;
}

/** `DATABASE_URL` when set; otherwise an embedded PostgreSQL under the data directory. */
export async function resolveDatabaseUrl(options: ResolveDatabaseOptions): Promise<ResolvedDatabase> {
  const log = options.log ?? silentDatabaseLog;
  const external = options.env.DATABASE_URL?.trim();
  if (external) {
    assertPostgresUrl(external);
    log.info({ database: describeDatabaseUrl(external) }, 'using PostgreSQL from DATABASE_URL');
    return { url: external, embedded: false, stop: async () => undefined };
  }
  const dataDir = resolve(options.dataDir ?? options.env.DATA_DIR ?? '.data');
  const server = await startEmbeddedPostgres({ dataDir, log });
  return { url: server.url, embedded: true, stop: server.stop };
}

function assertPostgresUrl(url: string): void {
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    // Not echoed: the value may hold a password.
    throw new Error('DATABASE_URL is not a valid URL (expected postgres://user:password@host:port/database)');
  }
  if (protocol !== 'postgres:' && protocol !== 'postgresql:') {
    throw new Error(`DATABASE_URL must be a postgres:// or postgresql:// URL, not ${protocol}//`);
  }
}
