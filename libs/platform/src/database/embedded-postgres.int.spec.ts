import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import pg from 'pg';

import { startEmbeddedPostgres, stopEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres.js';
import { isProcessAlive } from './process-inspection.js';

const moduleUnderTest = resolve('libs/platform/src/database/embedded-postgres.ts');

async function scalar(url: string, sql: string): Promise<unknown> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    const [row] = (await client.query<Record<string, unknown>>(sql)).rows;
    return row && Object.values(row)[0];
  } finally {
    await client.end();
  }
}

const postmasterPid = async (dataDir: string) =>
  Number.parseInt(await readFile(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8'), 10);

/** A separate node process that starts the embedded server and then waits to be killed. */
async function startOwnerProcess(dataDir: string): Promise<ChildProcess> {
  const script = `
    const { startEmbeddedPostgres } = await import(${JSON.stringify(moduleUnderTest)});
    await startEmbeddedPostgres({ dataDir: process.argv[1] });
    console.log('ready');
    setInterval(() => undefined, 60_000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((ready, failed) => {
    child.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && ready());
    child.once('exit', (code) => failed(new Error(`owner process exited early with ${code}`)));
  });
  return child;
}

async function killHard(child: ChildProcess): Promise<void> {
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGKILL');
  await exited;
}

describe('embedded PostgreSQL', () => {
  const dataDirs: string[] = [];
  const servers: EmbeddedPostgres[] = [];
  const children: ChildProcess[] = [];

  const newDataDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'embedded-pg-'));
    dataDirs.push(dir);
    return dir;
  };
  const start = async (dataDir: string, options: { lifetime?: 'process' | 'detached' } = {}) => {
    const server = await startEmbeddedPostgres({ dataDir, ...options });
    servers.push(server);
    return server;
  };

  afterAll(async () => {
    for (const child of children)
      if (child.exitCode === null && child.signalCode === null) await killHard(child);
    await Promise.all(servers.map((server) => server.stop()));
    for (const dir of dataDirs) {
      await stopEmbeddedPostgres(dir);
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('serves the access_ledger database, and a restart keeps port, password and data', async () => {
    const dataDir = await newDataDir();
    const first = await start(dataDir);
    expect(await scalar(first.url, 'SELECT current_database()')).toBe('access_ledger');
    await scalar(first.url, 'CREATE TABLE kept AS SELECT 42 AS answer');
    await first.stop();
    await expect(scalar(first.url, 'SELECT 1')).rejects.toThrow();

    const second = await start(dataDir);
    expect(second.url).toBe(first.url);
    expect(await scalar(second.url, 'SELECT answer FROM kept')).toBe(42);
    expect((await stat(join(dataDir, 'postgres-password'))).mode & 0o777).toBe(0o600);
  });

  it('takes over from an owner killed with SIGKILL, but never from a live owner', async () => {
    const dataDir = await newDataDir();
    const owner = await startOwnerProcess(dataDir);
    children.push(owner);
    const orphan = await postmasterPid(dataDir);

    await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(/belongs to the running process/);

    await killHard(owner);
    expect(isProcessAlive(orphan)).toBe(true); // the problem: the server outlives its killed owner

    const server = await start(dataDir);
    expect(await scalar(server.url, 'SELECT 1')).toBe(1);
    expect(isProcessAlive(orphan)).toBe(false);
    expect(await postmasterPid(dataDir)).not.toBe(orphan);
  });

  it('starts despite a stale postmaster.pid naming a dead process or a live process that is not postgres', async () => {
    const dataDir = await newDataDir();
    await (await start(dataDir)).stop();
    const lockFile = join(dataDir, 'postgres', 'postmaster.pid');
    const stranger = spawn('sleep', ['60']);
    children.push(stranger);
    const dead = spawn('true');
    await new Promise((done) => dead.once('exit', done));

    for (const pid of [dead.pid, stranger.pid]) {
      await writeFile(
        lockFile,
        `${pid}\n${join(dataDir, 'postgres')}\n0\n5432\n\n127.0.0.1\n0 0\nready   \n`,
      );
      const server = await start(dataDir);
      expect(await scalar(server.url, 'SELECT 1')).toBe(1);
      await server.stop();
    }
    expect(isProcessAlive(stranger.pid!)).toBe(true);
  });

  it('shares one detached server between concurrent starters; only stopEmbeddedPostgres stops it', async () => {
    const dataDir = await newDataDir();
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => start(dataDir, { lifetime: 'detached' })));
    expect(new Set([a!.url, b!.url, c!.url]).size).toBe(1);
    const pid = await postmasterPid(dataDir);
    await a!.stop();
    expect(await scalar(b!.url, 'SELECT 1')).toBe(1);

    await stopEmbeddedPostgres(dataDir);
    expect(isProcessAlive(pid)).toBe(false);
  });
});
