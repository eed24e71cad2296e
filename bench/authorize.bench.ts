/**
 * POST /v1/authorize under 64 concurrent clients, for a user with 3 groups and 10 policies: the whole service
 * against a bare node:http server calling the same evaluator (same process layout: each server in a child
 * process, this process is the client, a raw-socket load generator so that the servers set the figures). Also
 * the batch endpoint in checks/s. The two servers are measured in alternating rounds (compareInRounds).
 *   BENCH_AUTHORIZE_REQUESTS (default 96000), BENCH_AUTHORIZE_BATCHES (default 240), BENCH_AUTHORIZE_ROUNDS (default 8)
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Database, EventStore } from '#event-store';
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { createTestDatabase } from '#platform';
import { startChildServer as startServer } from './support/child-server.js';
import { runLoad as load } from './support/http-load.js';
import { report } from './support/report.js';
import { compareInRounds } from './support/compare-in-rounds.js';
import { withCpu } from './support/process-cpu.js';
import { ACCOUNT_ID, requestMix, scenarioEvents } from './authorize/scenario.js';

const REQUESTS = Number(process.env.BENCH_AUTHORIZE_REQUESTS ?? 96_000);
const BATCHES = Number(process.env.BENCH_AUTHORIZE_BATCHES ?? 240);
const ROUNDS = Number(process.env.BENCH_AUTHORIZE_ROUNDS ?? 8);
const CONCURRENCY = 64;

interface Target {
  url: string;
  headers: Record<string, string>;
}

function post(agent: Agent, target: Target, path: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(
      `${target.url}${path}`,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...target.headers,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200
            ? resolve(performance.now() - started)
            : reject(new Error(`HTTP ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function main() {
  const database = await createTestDatabase('bench_authorize');
  const rootToken = `bench-${randomUUID()}`;
  // The service runs from its build (Nest needs the decorator metadata tsc emits; tsx's esbuild does not).
  execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
  const service = await startServer(['node', 'dist/apps/api/src/main.js'], {
    DATABASE_URL: database.url,
    ROOT_TOKEN: rootToken,
    ACCOUNT_ID,
    PORT: '0',
    LOG_LEVEL: 'silent',
    DATA_DIR: await mkdtemp(join(tmpdir(), 'bench-authorize-')),
  });
  const bare = await startServer(
    // node itself (not npx) so that killing the child stops the server
    ['node', '--import', 'tsx', '--conditions=source', 'bench/authorize/bare-server.ts'],
    {},
  );
  const db = new Database(database.url, { max: 2 });
  const store = new EventStore(db);
  for (const { streamId, event } of scenarioEvents()) await store.append(streamId, 'any', [event]);
  await db.close();
  try {
    const ours: Target = { url: service.url, headers: { authorization: `Bearer ${rootToken}` } };
    const baseline: Target = { url: bare.url, headers: {} };
    const singles = requestMix().map((r) => JSON.stringify(r));
    const batch = JSON.stringify({ requests: Array.from({ length: 1000 }, (_, i) => requestMix()[i % 320]) });
    // Wait until the service's permission state holds the scenario (its first answer is an Allow).
    for (let tries = 0; ; tries++) {
      const body = JSON.stringify(requestMix()[0]);
      if ((await post(new Agent(), ours, '/v1/authorize', body).catch(() => -1)) >= 0) break;
      if (tries > 200) throw new Error('service never answered');
      await new Promise((r) => setTimeout(r, 50));
    }
    // Warm-up of both routes (the first batches run before the optimizing compiler has seen the batch path).
    for (const target of [ours, baseline]) {
      await load(target, '/v1/authorize', singles, 4000, CONCURRENCY);
      await load(target, '/v1/authorize/batch', [batch], 24, 4);
    }
    const targets = { ours, baseline };
    const pids = { ours: service.child.pid!, baseline: bare.child.pid! };
    const cpu = { ours: { ms: 0 }, baseline: { ms: 0 } };
    const single = await compareInRounds(ROUNDS, (target) =>
      withCpu(pids[target], cpu[target], () =>
        load(targets[target], '/v1/authorize', singles, Math.ceil(REQUESTS / ROUNDS), CONCURRENCY),
      ),
    );
    const cpuPerRequest = (target: 'ours' | 'baseline') =>
      (cpu[target].ms * 1000) / single[target].latencies.length;
    const batches = await compareInRounds(ROUNDS, (target) =>
      load(targets[target], '/v1/authorize/batch', [batch], Math.ceil(BATCHES / ROUNDS), 4),
    );
    const [oursSingle, bareSingle] = [single.ours, single.baseline];
    const [oursBatch, bareBatch] = [batches.ours, batches.baseline];
    const ratios = single.rounds.map((round) => round.ours / round.baseline);
    report('authorize', 'POST /v1/authorize, 64 clients, user with 3 groups and 10 policies', [
      {
        measure: 'authorize requests/s',
        unit: 'req/s',
        ours: oursSingle.perSecond,
        baseline: bareSingle.perSecond,
        goal: { kind: 'ratio', min: 0.7 },
        note: `${ROUNDS} alternating rounds, ratios ${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)}`,
      },
      {
        measure: 'server process CPU per request',
        unit: 'us',
        ours: cpuPerRequest('ours'),
        baseline: cpuPerRequest('baseline'),
        goal: { kind: 'info' },
        note: 'user + system time of the server process',
      },
      {
        measure: 'authorize p50',
        unit: 'ms',
        ours: oursSingle.p50,
        baseline: bareSingle.p50,
        goal: { kind: 'info' },
      },
      {
        measure: 'authorize p99',
        unit: 'ms',
        ours: oursSingle.p99,
        baseline: bareSingle.p99,
        goal: { kind: 'max', value: 5 },
      },
      {
        measure: 'batch checks/s (1000 per call)',
        unit: 'checks/s',
        ours: oursBatch.perSecond * 1000,
        baseline: bareBatch.perSecond * 1000,
        goal: { kind: 'info' },
      },
      {
        measure: 'batch checks/s vs goal',
        unit: 'checks/s',
        ours: oursBatch.perSecond * 1000,
        goal: { kind: 'ratio', min: 1 },
        baseline: 100_000,
        note: 'goal: >= 100,000 checks/s',
      },
    ]);
  } finally {
    service.child.kill('SIGTERM');
    bare.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1500));
    await database.drop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
