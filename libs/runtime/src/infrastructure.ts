import { type AppConnection, Database, EventStore, resolveAppConnection, runMigrations } from '#event-store';
import { GroupsProjection, type Projection, UsersProjection, RolesProjection } from '#projections';
import { AttachmentsProjection, PoliciesProjection } from '#projections';
import { resolveDatabaseUrl } from '#platform';
import { TemporalProjection } from '#audit';
import type { RuntimeConfig } from './config.js';
import type { Logger } from './logger.js';
import { loadAccountId } from './account.js';
import { ALL_MIGRATIONS } from './migrations/all-migrations.js';

export interface Infrastructure {
  db: Database;
  store: EventStore;
  accountId: string;
  projections: Projection[];
  embeddedDatabase: boolean;
  /** How `db` connects: what another thread of this process needs to open a pool of its own. */
  connection: AppConnection;
  close(): Promise<void>;
}

export const createProjections = (): Projection[] => [
  new UsersProjection(),
  new GroupsProjection(),
  new PoliciesProjection(),
  new AttachmentsProjection(),
  new RolesProjection(),
  new TemporalProjection(),
];

/** Database (embedded unless DATABASE_URL), migrations, event store and the account id. */
export async function openInfrastructure(config: RuntimeConfig, log: Logger): Promise<Infrastructure> {
  const database = await resolveDatabaseUrl({
    env: { ...process.env, ...(config.databaseUrl && { DATABASE_URL: config.databaseUrl }) },
    dataDir: config.dataDir,
    log,
  });
  try {
    await runMigrations(database.url, ALL_MIGRATIONS);
    // Migrations ran as the login; the service itself runs as a role that cannot change history
    // (docs/audit-integrity.md "Database protection").
    const app = await resolveAppConnection(database.url);
    if (!app.role && app.url === database.url)
      log.warn({}, 'role access_ledger_app not available: the service runs as its login');
    const db = new Database(app.url, { max: 20, role: app.role });
    const store = new EventStore(db);
    const accountId = await loadAccountId(db, config.accountId);
    return {
      db,
      store,
      accountId,
      projections: createProjections(),
      embeddedDatabase: database.embedded,
      connection: app,
      close: async () => {
        await db.close();
        await database.stop();
      },
    };
  } catch (error) {
    await database.stop();
    throw error;
  }
}

/**
 * The infrastructure of a database another part of this process opened (`openInfrastructure`: migrated,
 * account known), on a pool of its own: the worker thread's. Closing it closes only that pool.
 */
export function attachInfrastructure(
  connection: AppConnection,
  accountId: string,
  embeddedDatabase: boolean,
): Infrastructure {
  const db = new Database(connection.url, { max: 10, role: connection.role });
  return {
    db,
    store: new EventStore(db),
    accountId,
    projections: createProjections(),
    embeddedDatabase,
    connection,
    close: () => db.close(),
  };
}
