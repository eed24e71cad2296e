import { Database, EventStore, runMigrations } from '#event-store';
import { createTestDatabase } from '#platform';
import { ALL_MIGRATIONS } from '#runtime';

export interface BenchDatabase {
  url: string;
  name: string;
  db: Database;
  store: EventStore;
  /** Closes the pool and drops the database; safe to call twice. */
  close(): Promise<void>;
}

/** A database of the benchmark's own on the test server (see createTestDatabase), with every migration. */
export async function openBenchDatabase(prefix: string, poolSize = 10): Promise<BenchDatabase> {
  const testDb = await createTestDatabase(`bench_${prefix}`);
  try {
    await runMigrations(testDb.url, ALL_MIGRATIONS);
  } catch (error) {
    await testDb.drop();
    throw error;
  }
  const db = new Database(testDb.url, { max: poolSize, applicationName: `bench-${prefix}` });
  let closing: Promise<void> | undefined;
  return {
    url: testDb.url,
    name: testDb.name,
    db,
    store: new EventStore(db),
    close: () =>
      (closing ??= (async () => {
        await db.close().catch(() => undefined);
        await testDb.drop();
      })()),
  };
}
