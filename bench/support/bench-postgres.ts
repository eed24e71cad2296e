/**
 * A PostgreSQL server of the benchmarks' own (embedded, durable default settings: fsync and synchronous
 * commit on), so that nothing else runs on it: the commit-order reader's snapshot guard waits for the oldest
 * running transaction of the whole server, so another session's open transaction delays the relay and the
 * projections of every database on it.
 *   tsx bench/support/bench-postgres.ts start   prints TEST_DATABASE_URL=<admin url> (carries a password)
 *   tsx bench/support/bench-postgres.ts stop
 */
import { startEmbeddedPostgres, stopEmbeddedPostgres } from '#platform';

const DATA_DIR = '.data/bench-postgres';

const command = process.argv[2];
if (command === 'start') {
  const server = await startEmbeddedPostgres({
    dataDir: DATA_DIR,
    lifetime: 'detached',
    settings: { max_connections: '200' },
  });
  console.log(`TEST_DATABASE_URL=${server.adminUrl}`);
} else if (command === 'stop') {
  await stopEmbeddedPostgres(DATA_DIR);
} else {
  console.error('usage: bench-postgres.ts start|stop');
  process.exit(2);
}
