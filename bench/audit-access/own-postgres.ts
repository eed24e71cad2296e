/**
 * A PostgreSQL server for the audit benchmark alone (like bench/support/bench-postgres.ts, under another data
 * directory), for running `bench/audit-access.bench.ts` by hand while other benchmarks start and stop the
 * shared benchmark server:
 *   TEST_DATABASE_URL=$(npx tsx --conditions=source bench/audit-access/own-postgres.ts start | sed -n 's/^TEST_DATABASE_URL=//p')
 *   npx tsx --conditions=source bench/audit-access/own-postgres.ts stop
 */
import { startEmbeddedPostgres, stopEmbeddedPostgres } from '#platform';

const DATA_DIR = '.data/bench-postgres-audit';

if (process.argv[2] === 'start') {
  const server = await startEmbeddedPostgres({ dataDir: DATA_DIR, lifetime: 'detached' });
  console.log(`TEST_DATABASE_URL=${server.adminUrl}`);
} else if (process.argv[2] === 'stop') {
  await stopEmbeddedPostgres(DATA_DIR);
} else {
  console.error('usage: own-postgres.ts start|stop');
  process.exit(2);
}
