import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { waitFor } from '#messaging';
import { createTestDatabase, type TestDatabase } from '#platform';
import { repoRoot } from '../apps/worker/src/testing/child-process.js';
import { httpClient, readAtLeast } from './support/http-client.js';

/**
 * `npm start` as its own process, built as `npm start` builds it (Nest needs the decorator metadata tsc emits):
 * the API, and the worker on its thread (loaded from dist), on a real database; ready, serving, and stopped by
 * SIGTERM with exit code 0, the worker thread included.
 */
describe('the all-in-one process (npm start)', () => {
  let database: TestDatabase;
  let dataDir: string;
  let service: ReturnType<typeof spawn> | undefined;

  beforeAll(async () => {
    database = await createTestDatabase('npm_start');
    dataDir = await mkdtemp(join(tmpdir(), 'access-ledger-start-'));
    await promisify(execFile)('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: repoRoot });
  });

  afterAll(async () => {
    service?.kill('SIGKILL');
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('serves with its worker thread, and stops on SIGTERM with exit code 0', async () => {
    const rootToken = 'npm-start-root-token-0123456789';
    service = spawn(process.execPath, ['dist/apps/api/src/main.js'], {
      cwd: repoRoot,
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        DATA_DIR: dataDir,
        ROOT_TOKEN: rootToken,
        PORT: '0',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    for (const stream of [service.stdout!, service.stderr!])
      stream.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      service!.on('exit', (code, signal) => resolve([code, signal])),
    );
    let url = '';
    await waitFor(
      () => {
        url = /Access Ledger listening on (http\S+)/.exec(output)?.[1] ?? '';
        return url !== '' || service!.exitCode !== null;
      },
      60_000,
      'the service listening',
    );
    expect(url).not.toBe('');
    const root = httpClient(url, { authorization: `Bearer ${rootToken}` });
    const created = await root.post('/v1/groups', { groupName: 'started' });
    expect(created.status).toBe(201);
    // The list is a projection the worker thread builds.
    const listed = await readAtLeast(root, '/v1/groups', created.headers.get('ledger-position')!);
    expect(listed.body.groups.map((g: { groupName: string }) => g.groupName)).toEqual(['started']);
    expect((await httpClient(url).get('/health/ready')).status).toBe(200);

    service.kill('SIGTERM');
    expect(await exited).toEqual([0, null]);
    expect(output).not.toContain('"level":50');
  });
});
