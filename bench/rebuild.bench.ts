/**
 * Rebuild: events/s rebuilding the users projection from the event store (rebuildProjection, as
 * `npm run projections:rebuild` runs it) against a raw sequential read of the events table (a cursor over
 * SELECT * ORDER BY global_position, fetched in batches of the same size, rows parsed by pg), in the same run.
 *   BENCH_REBUILD_EVENTS       events in the store (default 1000000)
 *   BENCH_REBUILD_BATCH        batch size for both (default 5000, rebuildProjection's default)
 *   BENCH_REBUILD_MAX_SECONDS  stop the rebuild after this long and report the rate so far (default 150)
 */
import pg from 'pg';
import { EventStore } from '#event-store';
import { UsersProjection } from '#projections';
import { rebuildProjection } from '../apps/worker/src/rebuild/rebuild-projection.js';
import { openBenchDatabase } from './support/bench-database.js';
import { profileQueries } from './support/query-profile.js';
import { envInt, log, report } from './support/report.js';
import { Stopwatch } from './support/stopwatch.js';
import { fillUserCreated } from './support/user-events.js';

const EVENTS = envInt('BENCH_REBUILD_EVENTS', 1_000_000);
const BATCH = envInt('BENCH_REBUILD_BATCH', 5000);
const MAX_SECONDS = envInt('BENCH_REBUILD_MAX_SECONDS', 150);

class TimeCapReached extends Error {}

async function rawReadRate(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url, application_name: 'bench-rebuild-raw' });
  await client.connect();
  try {
    const started = performance.now();
    await client.query('BEGIN');
    await client.query('DECLARE raw_read NO SCROLL CURSOR FOR SELECT * FROM events ORDER BY global_position');
    let rows = 0;
    for (;;) {
      const batch = await client.query(`FETCH ${BATCH} FROM raw_read`);
      rows += batch.rows.length;
      if (batch.rows.length < BATCH) break;
    }
    await client.query('COMMIT');
    if (rows !== EVENTS) throw new Error(`raw read found ${rows} events, expected ${EVENTS}`);
    return rows / ((performance.now() - started) / 1000);
  } finally {
    await client.end();
  }
}

const bench = await openBenchDatabase('rebuild', 4);
try {
  log(`filling the store with ${EVENTS} UserCreated events`);
  await fillUserCreated(bench.db, EVENTS, {
    onProgress: (done) => done % 200_000 === 0 && log(`  ${done} events`),
  });
  log('raw read');
  const rawBefore = await rawReadRate(bench.url);
  log(`raw read: ${Math.round(rawBefore)} events/s; rebuild`);
  const stopwatch = new Stopwatch();
  profileQueries(bench.db.pool, stopwatch);
  const started = performance.now();
  let done = 0;
  let complete = true;
  try {
    const result = await rebuildProjection(
      { db: bench.db, store: new EventStore(bench.db) },
      new UsersProjection(),
      {
        batchSize: BATCH,
        onBatch: (events) => {
          done = events;
          if (events % 100_000 < BATCH) log(`  ${events} events`);
          if (performance.now() - started > MAX_SECONDS * 1000) throw new TimeCapReached();
        },
      },
    );
    done = result.events;
  } catch (error) {
    if (!(error instanceof TimeCapReached)) throw error;
    complete = false;
    log(`rebuild stopped after ${MAX_SECONDS} s at ${done} of ${EVENTS} events`);
  }
  const wallMs = performance.now() - started;
  const rebuildRate = done / (wallMs / 1000);
  if (complete) {
    const { rows } = await bench.db.query<{ n: number }>('SELECT count(*)::int AS n FROM users_view');
    if (rows[0].n !== EVENTS)
      throw new Error(`users_view has ${rows[0].n} rows after the rebuild, expected ${EVENTS}`);
  }
  log(`rebuild: ${Math.round(rebuildRate)} events/s; raw read again`);
  const rawAfter = await rawReadRate(bench.url);
  const raw = (rawBefore + rawAfter) / 2;
  const breakdown = stopwatch.breakdown(wallMs);
  report(
    'rebuild',
    'Rebuild: users projection vs raw sequential read of the events table (baseline)',
    [
      {
        measure: `rebuild users, ${complete ? EVENTS : `${done} of ${EVENTS} (time cap)`} events`,
        unit: 'events/s',
        ours: rebuildRate,
        baseline: raw,
        goal: { kind: 'ratio', min: 0.4 },
      },
    ],
    {
      events: EVENTS,
      batchSize: BATCH,
      complete,
      rebuiltEvents: done,
      rawReadRuns: [rawBefore, rawAfter],
      breakdown,
    },
  );
  console.log('  rebuild time by statement:', breakdown);
} finally {
  await bench.close();
}
