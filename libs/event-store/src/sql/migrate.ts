import { DataSource, type MigrationInterface } from 'typeorm';

export type MigrationClass = new () => MigrationInterface;

/** Applies pending TypeORM migrations (never `synchronize`); safe to call from several processes at once. */
export async function runMigrations(url: string, migrations: readonly MigrationClass[]): Promise<void> {
  const dataSource = new DataSource({
    type: 'postgres',
    url,
    migrations: [...migrations],
    migrationsTransactionMode: 'all',
    logging: false,
  });
  await dataSource.initialize();
  try {
    // A session-level advisory lock serialises concurrent starters (api and worker booting together).
    const lockHolder = dataSource.createQueryRunner();
    await lockHolder.connect();
    await lockHolder.query(`SELECT pg_advisory_lock(7431001)`);
    try {
      await dataSource.runMigrations();
    } finally {
      await lockHolder.query(`SELECT pg_advisory_unlock(7431001)`);
      await lockHolder.release();
    }
  } finally {
    await dataSource.destroy();
  }
}
