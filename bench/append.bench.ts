/**
 * Append: commands/s through EventStore.append (one event per command, expected version checked) with 1, 8
 * and 32 concurrent writers, against a raw `pg` single-row autocommit INSERT loop into an equivalent table
 * (same columns, defaults and indexes as `events`) at the same concurrency, in the same database and run.
 *   BENCH_APPEND_SECONDS  length of one measurement (default 4)
 *   BENCH_APPEND_ROUNDS   measurements per variant and concurrency, interleaved (default 3)
 */
import pg from 'pg';
import { Database, EventStore, type NewEvent } from '#event-store';
import { openBenchDatabase } from './support/bench-database.js';
import { envInt, log, report, type ResultRow } from './support/report.js';
import { userCreated, userUpdated } from './support/user-events.js';

const SECONDS = envInt('BENCH_APPEND_SECONDS', 4);
const ROUNDS = envInt('BENCH_APPEND_ROUNDS', 3);
const CONCURRENCY = [1, 8, 32];
const STREAMS_PER_WRITER = 20;

const RAW_INSERT = `INSERT INTO raw_events
  (stream_id, stream_version, event_id, event_type, schema_version, data, metadata, occurred_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`;

/** One writer's command loop: how many commands it completed before the deadline. */
type Writer = (deadline: number) => Promise<number>;

/** Ours, new streams: each command creates a user, expecting the stream not to exist ('none'). */
function newStreamWriter(store: EventStore, w: number): Writer {
  return async (deadline) => {
    let done = 0;
    while (performance.now() < deadline) {
      const { streamId, event } = userCreated(`w${w}-${done}-${Math.random().toString(36).slice(2)}`);
      await store.append(streamId, 'none', [event]);
      done++;
    }
    return done;
  };
}

/** Ours, existing streams: each command updates one of the writer's own users at its known version. */
async function existingStreamWriter(store: EventStore, w: number): Promise<Writer> {
  const streams: { streamId: string; userId: string; userName: string; version: number }[] = [];
  for (let s = 0; s < STREAMS_PER_WRITER; s++) {
    const { streamId, event } = userCreated(`existing-${w}-${s}-${Math.random().toString(36).slice(2)}`);
    await store.append(streamId, 'none', [event]);
    const data = event.data as { userId: string; userName: string };
    streams.push({ streamId, userId: data.userId, userName: data.userName, version: 1 });
  }
  return async (deadline) => {
    let done = 0;
    while (performance.now() < deadline) {
      const stream = streams[done % streams.length];
      await store.append(stream.streamId, stream.version, [
        userUpdated(stream.userId, stream.userName, done),
      ]);
      stream.version++;
      done++;
    }
    return done;
  };
}

/** Baseline: the same kind of row (a new user's first event), one autocommit INSERT per command. */
function rawWriter(client: pg.Client, w: number): Writer {
  return async (deadline) => {
    let done = 0;
    while (performance.now() < deadline) {
      const { streamId, event } = userCreated(`raw-${w}-${done}-${Math.random().toString(36).slice(2)}`);
      await client.query(RAW_INSERT, rawParams(streamId, 1, event));
      done++;
    }
    return done;
  };
}

function rawParams(streamId: string, version: number, e: NewEvent) {
  return [
    streamId,
    version,
    e.eventId,
    e.type,
    e.schemaVersion,
    JSON.stringify(e.data),
    JSON.stringify(e.metadata),
    e.occurredAt.toISOString(),
  ];
}

/** Runs all writers for `seconds` after a short untimed warm-up; returns commands per second. */
async function measure(writers: Writer[]): Promise<number> {
  await Promise.all(writers.map((write) => write(performance.now() + 300)));
  const started = performance.now();
  const counts = await Promise.all(writers.map((write) => write(started + SECONDS * 1000)));
  const elapsed = (performance.now() - started) / 1000;
  return counts.reduce((a, b) => a + b, 0) / elapsed;
}

const bench = await openBenchDatabase('append', 1);
const rows: ResultRow[] = [];
const runs: Record<string, number[]> = {};
try {
  // LIKE ... INCLUDING ALL copies columns, defaults, the identity, constraints and indexes.
  await bench.db.query(`CREATE TABLE raw_events (LIKE events INCLUDING ALL)`);
  for (const concurrency of CONCURRENCY) {
    const db = new Database(bench.url, { max: concurrency, applicationName: 'bench-append' });
    const store = new EventStore(db);
    const clients = await Promise.all(
      Array.from({ length: concurrency }, async () => {
        const client = new pg.Client({ connectionString: bench.url, application_name: 'bench-append-raw' });
        await client.connect();
        return client;
      }),
    );
    try {
      const variants: Record<string, Writer[]> = {
        raw: clients.map((client, w) => rawWriter(client, w)),
        none: Array.from({ length: concurrency }, (_, w) => newStreamWriter(store, w)),
        versioned: await Promise.all(
          Array.from({ length: concurrency }, (_, w) => existingStreamWriter(store, w)),
        ),
      };
      const totals: Record<string, number[]> = { raw: [], none: [], versioned: [] };
      for (let round = 0; round < ROUNDS; round++) {
        for (const [name, writers] of Object.entries(variants)) {
          const rate = await measure(writers);
          totals[name].push(rate);
          log(`${concurrency} writers, ${name}: ${Math.round(rate)} commands/s`);
        }
      }
      const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
      const raw = mean(totals.raw);
      for (const [variant, label] of [
        ['none', 'new stream'],
        ['versioned', 'expected version'],
      ] as const) {
        rows.push({
          measure: `append, ${concurrency} writer${concurrency > 1 ? 's' : ''}, ${label}`,
          unit: 'commands/s',
          ours: mean(totals[variant]),
          baseline: raw,
          goal: { kind: 'ratio', min: 0.5 },
        });
      }
      for (const [name, values] of Object.entries(totals)) runs[`${concurrency}:${name}`] = values;
    } finally {
      await Promise.all(clients.map((client) => client.end()));
      await db.close();
    }
  }
  const { rows: settings } = await bench.db.query<{ name: string; setting: string }>(
    `SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'server_version')`,
  );
  report('append', 'Append: EventStore.append vs raw single-row autocommit INSERT (baseline)', rows, {
    secondsPerMeasurement: SECONDS,
    rounds: ROUNDS,
    runs,
    server: Object.fromEntries(settings.map((s) => [s.name, s.setting])),
  });
} finally {
  await bench.close();
}
