/**
 * POST /v1/sts/assume-role under 32 concurrent clients (by default), a RAM user (AccessKey) assuming a role that trusts it:
 * the whole service (authentication, sts:AssumeRole authorization, trust, the role checked against its stream, the
 * RoleAssumed event and role_sessions row committed, the token signed) against a bare node:http server that
 * only signs the same token with the same call (StsTokens.issue). Each server is a child process; this process is the
 * client (the raw-socket load generator). The two servers are measured in alternating rounds (compareInRounds).
 * The goal is judged at BENCH_ASSUME_ROLE_CONCURRENCY clients. The same comparison at more clients follows as
 * information (BENCH_ASSUME_ROLE_SWEEP, default "64,128"; empty: none): the bare server is saturated at 32
 * already, while ours still batches more sessions per commit as more clients wait. Also for information, at
 * the goal's clients: against a bare server that makes each session durable too (bare-durable-server.ts).
 *   BENCH_ASSUME_ROLE_REQUESTS (default 40000), BENCH_ASSUME_ROLE_CONCURRENCY (default 32),
 *   BENCH_ASSUME_ROLE_ROUNDS (default 8)
 * Rounds of a second or two each: on a shared two-core machine single rounds' ratios spread 0.35-0.62, and
 * 4 rounds of 2,500 requests gave runs from 0.39 to 0.48 on the same code within minutes.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '#platform';
import { httpClient } from '../test/support/http-client.js';
import { ramSetup, trustPolicy } from '../test/support/ram-setup.js';
import { startChildServer } from './support/child-server.js';
import { compareInRounds } from './support/compare-in-rounds.js';
import { withCpu } from './support/process-cpu.js';
import { runLoad } from './support/http-load.js';
import { report } from './support/report.js';

const REQUESTS = Number(process.env.BENCH_ASSUME_ROLE_REQUESTS ?? 40_000);
const CONCURRENCY = Number(process.env.BENCH_ASSUME_ROLE_CONCURRENCY ?? 32);
const ROUNDS = Number(process.env.BENCH_ASSUME_ROLE_ROUNDS ?? 8);
const SWEEP = (process.env.BENCH_ASSUME_ROLE_SWEEP ?? '64,128').split(',').filter(Boolean).map(Number);
const ACCOUNT_ID = '5555555555555555';

async function main() {
  const database = await createTestDatabase('bench_assume_role');
  const rootToken = `bench-${randomUUID()}`;
  const signingKey = randomBytes(32).toString('base64');
  // The service runs from its build (Nest needs the decorator metadata tsc emits; tsx's esbuild does not).
  execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
  const service = await startChildServer(['node', 'dist/apps/api/src/main.js'], {
    DATABASE_URL: database.url,
    ROOT_TOKEN: rootToken,
    ACCOUNT_ID,
    STS_SIGNING_KEY: signingKey,
    PORT: '0',
    LOG_LEVEL: 'silent',
    DATA_DIR: await mkdtemp(join(tmpdir(), 'bench-assume-role-')),
  });
  const bare = await startChildServer(
    // node itself (not npx) so that killing the child stops the server
    ['node', '--import', 'tsx', '--conditions=source', 'bench/assume-role/bare-server.ts'],
    { STS_SIGNING_KEY: signingKey, ACCOUNT_ID },
  );
  // For information: the bare server that also makes each session durable (bare-durable-server.ts).
  const durable = await startChildServer(
    ['node', '--import', 'tsx', '--conditions=source', 'bench/assume-role/bare-durable-server.ts'],
    { STS_SIGNING_KEY: signingKey, ACCOUNT_ID, DATABASE_URL: database.url },
  );
  try {
    const setup = ramSetup(service.url, httpClient(service.url, { authorization: `Bearer ${rootToken}` }));
    const key = await setup.accessKey('bench', ['AliyunSTSAssumeRoleAccess']);
    await setup.role('bench-role', trustPolicy([`acs:ram::${ACCOUNT_ID}:user/bench`]));
    // Load starts once the API's permission state holds the user's grant; requests then carry no wait.
    await setup.settled();
    const ours = {
      url: service.url,
      headers: { authorization: `AccessKey ${key.accessKeyId}:${key.accessKeySecret}` },
    };
    const baseline = { url: bare.url, headers: {} };
    const durableBaseline = { url: durable.url, headers: {} };
    const bodies = Array.from({ length: 100 }, (_, i) =>
      JSON.stringify({ roleArn: `acs:ram::${ACCOUNT_ID}:role/bench-role`, roleSessionName: `job-${i}` }),
    );
    const path = '/v1/sts/assume-role';
    for (const target of [ours, baseline, durableBaseline])
      await runLoad(target, path, bodies, 1000, CONCURRENCY); // warm-up
    const targets = { ours, baseline };
    const pids = { ours: service.child.pid!, baseline: bare.child.pid! };
    const cpu = { ours: { ms: 0 }, baseline: { ms: 0 } };
    const compared = await compareInRounds(ROUNDS, (target) =>
      withCpu(pids[target], cpu[target], () =>
        runLoad(targets[target], path, bodies, Math.ceil(REQUESTS / ROUNDS), CONCURRENCY),
      ),
    );
    const againstDurable = await compareInRounds(ROUNDS, (target) =>
      runLoad(
        target === 'ours' ? ours : durableBaseline,
        path,
        bodies,
        Math.ceil(REQUESTS / ROUNDS),
        CONCURRENCY,
      ),
    );
    const swept = [];
    for (const clients of SWEEP) {
      const more = await compareInRounds(ROUNDS, (target) =>
        runLoad(targets[target], path, bodies, Math.ceil(REQUESTS / ROUNDS), clients),
      );
      swept.push(
        {
          measure: `requests/s, ${clients} clients`,
          unit: 'req/s',
          ours: more.ours.perSecond,
          baseline: more.baseline.perSecond,
          goal: { kind: 'info' } as const,
        },
        {
          measure: `p99, ${clients} clients`,
          unit: 'ms',
          ours: more.ours.p99,
          baseline: more.baseline.p99,
          goal: { kind: 'info' } as const,
        },
      );
    }
    const cpuPerRequest = (target: 'ours' | 'baseline') =>
      (cpu[target].ms * 1000) / compared[target].latencies.length;
    const [oursRun, bareRun] = [compared.ours, compared.baseline];
    const ratios = compared.rounds.map((round) => round.ours / round.baseline);
    report('assume-role', `POST /v1/sts/assume-role, ${CONCURRENCY} clients, RAM user with an AccessKey`, [
      {
        measure: 'assume-role requests/s',
        unit: 'req/s',
        ours: oursRun.perSecond,
        baseline: bareRun.perSecond,
        goal: { kind: 'ratio', min: 0.5 },
        note: `bare node:http signing the same token; ${ROUNDS} alternating rounds, ratios ${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)}`,
      },
      {
        measure: 'server process CPU per request',
        unit: 'us',
        ours: cpuPerRequest('ours'),
        baseline: cpuPerRequest('baseline'),
        goal: { kind: 'info' },
        note: 'user + system time of the server process (ours: without its PostgreSQL)',
      },
      {
        measure: 'assume-role p50',
        unit: 'ms',
        ours: oursRun.p50,
        baseline: bareRun.p50,
        goal: { kind: 'info' },
      },
      {
        measure: 'assume-role p99',
        unit: 'ms',
        ours: oursRun.p99,
        baseline: bareRun.p99,
        goal: { kind: 'info' },
      },
      {
        measure: `requests/s vs bare + durable INSERT, ${CONCURRENCY} clients`,
        unit: 'req/s',
        ours: againstDurable.ours.perSecond,
        baseline: againstDurable.baseline.perSecond,
        goal: { kind: 'info' },
        note: 'the bare server also group-commits each session into PostgreSQL before answering',
      },
      ...swept,
    ]);
  } finally {
    service.child.kill('SIGTERM');
    bare.child.kill('SIGTERM');
    durable.child.kill('SIGTERM');
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
