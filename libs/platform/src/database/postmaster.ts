import { readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';

import type { DatabaseLog } from './database-log.js';
import { isProcessAlive, processArguments, sleep } from './process-inspection.js';

/** What the lock file `postmaster.pid` of a data directory says about its server. */
export type PostmasterState =
  { running: false } | { running: true; pid: number; port: number | undefined; ready: boolean };

/**
 * Reads `<pgdata>/postmaster.pid`. A lock file whose process is dead, or is not a postgres for this
 * data directory (a pid reused after a crash or reboot), is stale: it is deleted here, because
 * PostgreSQL would otherwise refuse to start with "lock file already exists".
 */
export async function inspectPostmaster(pgdata: string, log: DatabaseLog): Promise<PostmasterState> {
  const lockFile = join(pgdata, 'postmaster.pid');
  let content = readLockFile(lockFile);
  if (content === '') {
    // A postmaster creates the file and then writes it: give a starting one a moment.
    await sleep(100);
    content = readLockFile(lockFile);
  }
  if (content === undefined) return { running: false };
  const lines = content.split('\n');
  const pid = Number.parseInt(lines[0] ?? '', 10);
  if (Number.isInteger(pid) && pid > 0 && isPostgresFor(pid, pgdata)) {
    const port = Number.parseInt(lines[3] ?? '', 10);
    // Line 8 is the postmaster's status; "ready" once it accepts connections.
    const ready = (lines[7] ?? '').trim() === 'ready';
    return { running: true, pid, port: Number.isInteger(port) ? port : undefined, ready };
  }
  log.warn({ pgdata, pid: Number.isNaN(pid) ? null : pid }, 'removing a stale postmaster.pid');
  rmSync(lockFile, { force: true });
  return { running: false };
}

function readLockFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function isPostgresFor(pid: number, pgdata: string): boolean {
  if (!isProcessAlive(pid)) return false;
  const args = processArguments(pid);
  // Without /proc there is no way to tell; trust a live pid as PostgreSQL itself does.
  if (args === undefined) return true;
  return basename(args[0] ?? '') === 'postgres' && args.includes(pgdata);
}

/**
 * Stops a postmaster: SIGINT is PostgreSQL's "fast" shutdown (roll back, checkpoint, exit);
 * SIGQUIT, "immediate", only if that does not finish in time.
 */
export async function stopPostmaster(pid: number, log: DatabaseLog): Promise<void> {
  for (const [signal, waitMs] of [
    ['SIGINT', 30_000],
    ['SIGQUIT', 10_000],
  ] as const) {
    if (!isProcessAlive(pid)) return;
    try {
      process.kill(pid, signal);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') return;
      throw error;
    }
    if (await waitForExit(pid, waitMs)) return;
    log.warn({ pid, signal }, 'embedded PostgreSQL did not stop in time');
  }
  throw new Error(`embedded PostgreSQL (pid ${pid}) did not stop after SIGINT and SIGQUIT`);
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isProcessAlive(pid)) return true;
    await sleep(25);
  }
  return !isProcessAlive(pid);
}
