/**
 * Access at T: the temporal projection's answer (principalAt + heldAt + evaluation, what GET /v1/audit/access
 * runs) against replaying the event log up to T into a fresh PermissionModel for the same queries. The
 * history is generated in SQL (bench/audit-access/generated-history.ts) and the projection built from it by
 * rebuildProjection, as `npm run projections:rebuild` builds it, which is measured too.
 *   BENCH_AUDIT_USERS          user streams (default 100000)
 *   BENCH_AUDIT_PER_USER       events per user stream (default 100): events ≈ users × per-user
 *   BENCH_AUDIT_QUERIES        random access-at-T queries (default 1000)
 *   BENCH_AUDIT_REPLAY_SAMPLE  how many of the same queries the replay baseline answers (default 5: one replay
 *                              reads up to every permission event of the log, tens of seconds at 10M events)
 */
import { type Database, EventStore } from '#event-store';
import { CompiledPolicies, TemporalProjection, explainAccess, heldAt, principalAt } from '#audit';
import { PERMISSION_EVENT_TYPES, PermissionModel } from '#identity';
import { rebuildProjection } from '../apps/worker/src/rebuild/rebuild-projection.js';
import {
  BENCH_ACCOUNT,
  type HistoryShape,
  HISTORY_START,
  historyEnd,
  writeCatalogue,
  writeUserVersions,
  writeVersionSwitch,
} from './audit-access/generated-history.js';
import { openBenchDatabase } from './support/bench-database.js';
import { profileQueries } from './support/query-profile.js';
import { Stopwatch } from './support/stopwatch.js';
import { envInt, log, quantile, report } from './support/report.js';

const shape: HistoryShape = {
  users: envInt('BENCH_AUDIT_USERS', 100_000),
  perUser: envInt('BENCH_AUDIT_PER_USER', 100),
  groups: 1000,
  policies: 1000,
};
const QUERIES = envInt('BENCH_AUDIT_QUERIES', 1000);
const REPLAY_SAMPLE = envInt('BENCH_AUDIT_REPLAY_SAMPLE', 5);
const ROWS_PER_STATEMENT = 1_000_000;

interface Query {
  userName: string;
  action: string;
  resource: string;
  at: Date;
}

/** Deterministic queries: random user, action, resource and instant within the history. */
function queries(count: number): Query[] {
  let state = 20260101;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const actions = ['arms:GetAlert', 'arms:CreateAlert', 'arms:DeleteAlert', 'ram:GetUser', 'sts:AssumeRole'];
  const span = historyEnd(shape) - HISTORY_START;
  return Array.from({ length: count }, () => {
    // Mostly about a custom policy the user was granted at some point (grants are every 8th version, at 4 mod 8).
    const u = Math.floor(next() * shape.users);
    const j = 4 + 8 * Math.floor(next() * (shape.perUser / 8));
    const p =
      next() < 0.8
        ? Math.max(0, ((u * 31 + j) % (shape.policies + 4)) - 4)
        : Math.floor(next() * shape.policies);
    return {
      userName: `u${u}`,
      action: actions[Math.floor(next() * actions.length)],
      resource: `acs:arms:cn-hangzhou:${BENCH_ACCOUNT}:alert/p${p}-a`,
      at: new Date(HISTORY_START + Math.floor(next() * span)),
    };
  });
}

async function generate(db: Database): Promise<number> {
  await writeCatalogue(db, shape);
  const perStatement = Math.max(1, Math.floor(ROWS_PER_STATEMENT / shape.users));
  const middle = Math.ceil(shape.perUser / 2);
  for (let from = 1; from <= shape.perUser;) {
    const to = Math.min(shape.perUser, from + perStatement - 1, from < middle ? middle - 1 : shape.perUser);
    await writeUserVersions(db, shape, from, to);
    if (to === middle - 1) await writeVersionSwitch(db, shape, middle);
    log(`  user versions ${from}..${to} written`);
    from = to + 1;
  }
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM events`);
  return rows[0].n;
}

const arnOf = (userName: string) => `acs:ram::${BENCH_ACCOUNT}:user/${userName}`;

async function ours(db: Database, compiled: CompiledPolicies, q: Query) {
  const principal = await principalAt(db, 'User', q.userName, q.at);
  if (!principal) return 'NoSuchUser';
  const held = await heldAt(db, principal.id, q.at);
  return explainAccess({ principalArn: arnOf(q.userName), ...q }, held, compiled).decision;
}

/** The baseline: every permission event up to T, in commit order, into a fresh in-memory model. */
async function replay(db: Database, q: Query) {
  const client = await db.pool.connect();
  try {
    const model = new PermissionModel();
    await client.query('BEGIN');
    await client.query(
      `DECLARE replay NO SCROLL CURSOR FOR SELECT event_type AS type, data FROM events
       WHERE occurred_at <= $1 AND event_type = ANY($2::text[]) ORDER BY transaction_id, global_position`,
      [q.at, [...PERMISSION_EVENT_TYPES]],
    );
    for (;;) {
      const { rows } = await client.query<{ type: string; data: unknown }>('FETCH 10000 FROM replay');
      for (const event of rows) model.apply(event);
      if (rows.length < 10000) break;
    }
    await client.query('COMMIT');
    const set = model.userPolicies(q.userName, q.at);
    if (!set) return 'NoSuchUser';
    return set.evaluate(
      { principalArn: arnOf(q.userName), action: q.action, resource: q.resource },
      { now: q.at },
    ).decision;
  } finally {
    client.release();
  }
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

const bench = await openBenchDatabase('audit', 4);
try {
  log(
    `generating ${shape.users} users × ${shape.perUser} events, ${shape.groups} groups, ${shape.policies} policies`,
  );
  const generated = await timed(() => generate(bench.db));
  log(`${generated.value} events in ${Math.round(generated.ms / 1000)} s; building the temporal projection`);
  await bench.db.query('ANALYZE events');
  const stopwatch = new Stopwatch();
  profileQueries(bench.db.pool, stopwatch);
  const build = await timed(() =>
    rebuildProjection({ db: bench.db, store: new EventStore(bench.db) }, new TemporalProjection(), {
      batchSize: 5000,
      onBatch: (events) => events % 500_000 < 5000 && log(`  ${events} events`),
    }),
  );
  if (build.value.events !== generated.value)
    throw new Error(
      `the rebuild replayed ${build.value.events} of ${generated.value} events (another session's open transaction?)`,
    );
  await bench.db.query('ANALYZE audit_intervals');
  const { rows: counted } = await bench.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM audit_intervals`,
  );
  const historyRows = counted[0].n;
  const buildRate = build.value.events / (build.ms / 1000);
  console.log('  build time by statement:', stopwatch.breakdown(build.ms));
  log(`${historyRows} history rows in ${Math.round(build.ms / 1000)} s (${Math.round(buildRate)} events/s)`);

  const all = queries(QUERIES);
  const compiled = new CompiledPolicies();
  for (const q of all.slice(0, 20)) await ours(bench.db, compiled, q); // warm the pool and plan cache
  const oursMs: number[] = [];
  const decisions: string[] = [];
  for (const q of all) {
    const { ms, value } = await timed(() => ours(bench.db, compiled, q));
    oursMs.push(ms);
    decisions.push(value);
  }
  log(`access at T: ${QUERIES} queries; replay baseline on ${REPLAY_SAMPLE} of them`);
  const replayMs: number[] = [];
  for (const [i, q] of all.slice(0, REPLAY_SAMPLE).entries()) {
    const { ms, value } = await timed(() => replay(bench.db, q));
    if (value !== decisions[i])
      throw new Error(`query ${i}: projection says ${decisions[i]}, replay ${value}`);
    replayMs.push(ms);
    log(`  replay ${i + 1}: ${Math.round(ms)} ms (${value})`);
  }
  const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
  const [o, r] = [sorted(oursMs), sorted(replayMs)];
  const oursSample = sorted(oursMs.slice(0, REPLAY_SAMPLE));
  report(
    'audit',
    'Access at T: temporal projection vs replaying the log up to T (baseline)',
    [
      {
        measure: `access at T p50, ${QUERIES} queries`,
        unit: 'ms',
        ours: quantile(o, 0.5),
        goal: { kind: 'info' },
      },
      {
        measure: `access at T p99, ${QUERIES} queries`,
        unit: 'ms',
        ours: quantile(o, 0.99),
        goal: { kind: 'max', value: 50 },
      },
      {
        measure: `replay p50 / ours p50 (${REPLAY_SAMPLE} same queries)`,
        unit: '×',
        ours: quantile(r, 0.5) / quantile(oursSample, 0.5),
        baseline: 1,
        goal: { kind: 'ratio', min: 100 },
      },
      {
        measure: `replay p99 / ours p99 (${REPLAY_SAMPLE} same queries)`,
        unit: '×',
        ours: quantile(r, 0.99) / quantile(oursSample, 0.99),
        baseline: 1,
        goal: { kind: 'ratio', min: 100 },
      },
      {
        measure: `projection build, ${generated.value} events → ${historyRows} rows`,
        unit: 'events/s',
        ours: buildRate,
        goal: { kind: 'info' },
      },
    ],
    {
      shape,
      events: generated.value,
      historyRows,
      generateSeconds: generated.ms / 1000,
      buildSeconds: build.ms / 1000,
      ours: { p50: quantile(o, 0.5), p99: quantile(o, 0.99), max: o.at(-1) },
      replay: { sample: REPLAY_SAMPLE, p50: quantile(r, 0.5), p99: quantile(r, 0.99), ms: replayMs },
      decisions: Object.fromEntries(
        [...new Set(decisions)].map((d) => [d, decisions.filter((x) => x === d).length]),
      ),
    },
  );
} finally {
  await bench.close();
}
