import { Database, EventStore, resolveAppConnection, runMigrations } from '#event-store';
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
