import { createTestDatabase } from '#platform';
import { EventStore, type EventStoreOptions } from '../event-store.js';
import { CreateEventStore1764400000000 } from '../migrations/1764400000000-create-event-store.js';
import { Database } from '../sql/database.js';
import { type MigrationClass, runMigrations } from '../sql/migrate.js';

export interface EventStoreTestDatabase {
  url: string;
  db: Database;
  store: EventStore;
  /** Ends the pool and drops the database. */
  close(): Promise<void>;
}

/**
 * A fresh database of its own with the event store's schema (and any further `migrations`), a pool on it and
 * a store over that pool: the setup every event-store suite starts from.
 */
export async function openEventStoreTestDatabase(
  prefix: string,
  options: {
    max?: number;
    /** The role the pool's sessions run as (the migrations must create it). */
    role?: string;
    migrations?: readonly MigrationClass[];
    store?: EventStoreOptions;
  } = {},
): Promise<EventStoreTestDatabase> {
  const testDb = await createTestDatabase(prefix);
  await runMigrations(testDb.url, [CreateEventStore1764400000000, ...(options.migrations ?? [])]);
  const db = new Database(testDb.url, { max: options.max ?? 10, role: options.role });
  return {
    url: testDb.url,
    db,
    store: new EventStore(db, undefined, options.store),
    close: async () => {
      await db.close();
      await testDb.drop();
    },
  };
}
