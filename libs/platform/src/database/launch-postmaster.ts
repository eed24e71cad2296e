import { spawn } from 'node:child_process';
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';

import type { ClusterPaths } from './embedded-cluster.js';
import type { DatabaseLog } from './database-log.js';
import { inspectPostmaster } from './postmaster.js';
import { postgresEnvironment, type PostgresBinaries, type PostgresOsUser } from './postgres-binaries.js';
import { sleep } from './process-inspection.js';

export interface LaunchRequest {
  paths: ClusterPaths;
  binaries: PostgresBinaries;
  osUser: PostgresOsUser | undefined;
  port: number;
  settings: Record<string, string>;
  log: DatabaseLog;
}

/** A started postmaster, or why it could not start in a way the caller can act on. */
export type LaunchOutcome = { pid: number } | { failure: 'port-in-use' | 'locked' };

const startTimeoutMs = 60_000;
const maxLogBytes = 10 * 1024 * 1024;

/**
 * Starts a postmaster and waits until its lock file says "ready". It runs in its own process group so
 * that a Ctrl-C meant for the service does not stop the database under the service's graceful shutdown;
 * its output goes to `postgres.log` in the data directory.
 */
export async function launchPostmaster(request: LaunchRequest): Promise<LaunchOutcome> {
  const { paths, binaries, osUser, port, settings } = request;
  const logFd = openSync(paths.logFile, logSize(paths) > maxLogBytes ? 'w' : 'a', 0o600);
  const logStart = fstatSync(logFd).size;
  const args = ['-D', paths.pgdata, '-p', String(port), '-c', 'listen_addresses=127.0.0.1'];
  // No Unix socket: clients use TCP, and the default socket directory may not be writable.
  args.push('-c', 'unix_socket_directories=');
  for (const [name, value] of Object.entries(settings)) args.push('-c', `${name}=${value}`);
  let exit: string | undefined;
  const child = spawn(binaries.postgres, args, {
    detached: true,
    stdio: ['ignore', logFd, logFd],
    env: postgresEnvironment(),
    ...osUser,
  });
  closeSync(logFd);
  child.once('error', (error) => (exit = error.message));
  child.once('exit', (code, signal) => (exit = `exit code ${code ?? 'none'}, signal ${signal ?? 'none'}`));
  child.unref();

  const deadline = Date.now() + startTimeoutMs;
  while (exit === undefined) {
    const state = await inspectPostmaster(paths.pgdata, request.log);
    if (state.running && state.pid === child.pid && state.ready) return { pid: state.pid };
    if (Date.now() > deadline) {
      child.kill('SIGQUIT');
      throw new Error(
        `embedded PostgreSQL did not become ready in ${startTimeoutMs} ms: ${logTail(paths, logStart)}`,
      );
    }
    await sleep(20);
  }
  const tail = logTail(paths, logStart);
  if (/could not bind|Address already in use/i.test(tail)) return { failure: 'port-in-use' };
  if (/lock file "postmaster\.pid" already exists/.test(tail)) return { failure: 'locked' };
  throw new Error(`embedded PostgreSQL failed to start (${exit}): ${tail}`);
}

const logSize = (paths: ClusterPaths): number =>
  statSync(paths.logFile, { throwIfNoEntry: false })?.size ?? 0;

/** What PostgreSQL wrote since `from`, at most the last 2 kB (its log holds no passwords). */
function logTail(paths: ClusterPaths, from: number): string {
  const fd = openSync(paths.logFile, 'r');
  try {
    const size = fstatSync(fd).size;
    const start = Math.max(from, size - 2048);
    const buffer = Buffer.alloc(Math.max(0, size - start));
    readSync(fd, buffer, 0, buffer.length, start);
    return buffer.toString('utf8').trim() || '(no output)';
  } finally {
    closeSync(fd);
  }
}
