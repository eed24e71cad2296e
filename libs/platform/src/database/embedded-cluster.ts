import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { DatabaseLog } from './database-log.js';
import { postgresEnvironment, type PostgresBinaries, type PostgresOsUser } from './postgres-binaries.js';

/** Where an embedded cluster keeps its state, all under one data directory. */
export interface ClusterPaths {
  dataDir: string;
  pgdata: string;
  passwordFile: string;
  portFile: string;
  ownerFile: string;
  logFile: string;
}

export function clusterPaths(dataDir: string): ClusterPaths {
  return {
    dataDir,
    pgdata: join(dataDir, 'postgres'),
    passwordFile: join(dataDir, 'postgres-password'),
    portFile: join(dataDir, 'postgres-port'),
    ownerFile: join(dataDir, 'postgres-owner'),
    logFile: join(dataDir, 'postgres.log'),
  };
}

export async function prepareDataDir(dataDir: string, osUser: PostgresOsUser | undefined): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  if (!osUser) return;
  // The postgres OS user must be able to pass through to its cluster directory (only that: no read).
  const { mode } = await stat(dataDir);
  if ((mode & 0o001) === 0) await chmod(dataDir, mode | 0o001);
}

/**
 * Creates the cluster once. initdb writes into a scratch directory that is renamed into place, so a
 * concurrent or interrupted first start never leaves a half-initialised cluster behind.
 */
export async function ensureInitialised(
  paths: ClusterPaths,
  password: string,
  binaries: PostgresBinaries,
  osUser: PostgresOsUser | undefined,
  log: DatabaseLog,
): Promise<void> {
  if (existsSync(join(paths.pgdata, 'PG_VERSION'))) return;
  const scratch = `${paths.pgdata}.init-${randomBytes(6).toString('hex')}`;
  const passwordFile = `${scratch}.pw`;
  try {
    await mkdir(scratch, { mode: 0o700 });
    await writeFile(passwordFile, `${password}\n`, { mode: 0o600, flag: 'wx' });
    if (osUser) {
      await chown(scratch, osUser.uid, osUser.gid);
      await chown(passwordFile, osUser.uid, osUser.gid);
    }
    await runInitdb(binaries.initdb, scratch, passwordFile, osUser);
    await rename(scratch, paths.pgdata).catch((error: NodeJS.ErrnoException) => {
      // ENOTEMPTY/EEXIST: another process initialised the cluster first; its cluster wins.
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    });
    log.info({ pgdata: paths.pgdata }, 'initialised embedded PostgreSQL cluster');
  } finally {
    await rm(passwordFile, { force: true });
    await rm(scratch, { recursive: true, force: true });
  }
}

function runInitdb(
  initdb: string,
  pgdata: string,
  passwordFile: string,
  osUser: PostgresOsUser | undefined,
): Promise<void> {
  const args = [
    `--pgdata=${pgdata}`,
    '--username=postgres',
    `--pwfile=${passwordFile}`,
    '--auth=scram-sha-256',
    '--encoding=UTF8',
    '--no-locale',
    '--no-instructions',
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(initdb, args, {
      env: postgresEnvironment(),
      stdio: ['ignore', 'pipe', 'pipe'],
      ...osUser,
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code, signal) =>
      code === 0
        ? resolve()
        : reject(
            new Error(`initdb failed (code ${code ?? 'none'}, signal ${signal ?? 'none'}): ${output.trim()}`),
          ),
    );
  });
}
