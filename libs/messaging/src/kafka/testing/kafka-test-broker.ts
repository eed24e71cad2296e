/**
 * Real Kafka for tests, through scripts/kafka.sh (no mocks, no containers).
 *
 * - ensureKafka(): the shared broker: `KAFKA_BROKERS` when set, else `bash scripts/kafka.sh start` (idempotent).
 * - stopKafka() / startKafka() / restartKafka(downMs): control the broker scripts/kafka.sh runs (the shared one by
 *   default, or another instance given by port and data dir).
 * - startDedicatedKafka(name): a broker of its own (free ports, its own data dir under .kafka/) for tests that stop
 *   the broker, so that they never disturb tests running against the shared one.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { silentLogger, type MessagingLogger } from '../../logger.js';
import { KafkaConnection } from '../kafka-connection.js';

export interface KafkaInstance {
  /** PLAINTEXT port on 127.0.0.1. */
  port: number;
  /** KRaft controller port. Default port + 1. */
  controllerPort?: number;
  /** Data dir (log dirs, config, pid file, logs). */
  dataDir: string;
}

function findRepoRoot(): string {
  const starts = [dirname(fileURLToPath(import.meta.url)), process.cwd()];
  for (const start of starts) {
    let dir = resolve(start);
    for (;;) {
      if (existsSync(join(dir, 'scripts', 'kafka.sh'))) return dir;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  throw new Error('scripts/kafka.sh not found above ' + starts.join(' or '));
}

const repoRoot = findRepoRoot();
const script = join(repoRoot, 'scripts', 'kafka.sh');

function runScript(command: 'start' | 'stop' | 'status', instance?: KafkaInstance): Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (instance) {
    env.KAFKA_PORT = String(instance.port);
    env.KAFKA_CONTROLLER_PORT = String(instance.controllerPort ?? instance.port + 1);
    env.KAFKA_DATA_DIR = instance.dataDir;
  }
  return new Promise((resolvePromise, reject) => {
    execFile(
      'bash',
      [script, command],
      { cwd: repoRoot, env, timeout: 10 * 60_000, maxBuffer: 4 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`bash scripts/kafka.sh ${command} failed: ${error.message}\n${stderr}`));
          return;
        }
        resolvePromise(stdout);
      },
    );
  });
}

function brokersFrom(stdout: string): string {
  const line = stdout.split('\n').find((entry) => entry.startsWith('KAFKA_BROKERS='));
  if (!line) throw new Error(`scripts/kafka.sh printed no KAFKA_BROKERS line:\n${stdout}`);
  return line.slice('KAFKA_BROKERS='.length).trim();
}

let shared: Promise<string> | undefined;

/** The broker list of the shared test broker, starting it through scripts/kafka.sh when KAFKA_BROKERS is unset. */
export function ensureKafka(): Promise<string> {
  const fromEnv = process.env.KAFKA_BROKERS?.trim();
  if (fromEnv) return Promise.resolve(fromEnv);
  shared ??= startKafka()
    .then(async (brokers) => {
      await deleteStaleTestTopics(brokers).catch(() => undefined);
      return brokers;
    })
    .catch((error: unknown) => {
      shared = undefined;
      throw error;
    });
  return shared;
}

/** uniqueName() puts its creation time (base 36) in the name: prefix-<time>-<8 hex>. */
const UNIQUE_NAME = /-([0-9a-z]{8})-[0-9a-f]{8}$/;
const YEAR_2024 = Date.UTC(2024, 0, 1);

/**
 * Deletes topics made by uniqueName() more than `olderThanMs` ago from the broker this helper runs, so that test
 * topics do not pile up in .kafka/ run after run (only called when the broker is the script's own).
 */
export async function deleteStaleTestTopics(brokers: string, olderThanMs = 60 * 60_000): Promise<number> {
  const connection = new KafkaConnection({
    brokers: brokers.split(','),
    clientId: 'test-topic-sweeper',
    logger: silentLogger,
  });
  const admin = connection.kafka.admin();
  await admin.connect();
  try {
    const stale = (await admin.listTopics()).filter((topic) => {
      const match = UNIQUE_NAME.exec(topic);
      const created = match ? parseInt(match[1]!, 36) : Number.NaN;
      return created > YEAR_2024 && Date.now() - created > olderThanMs;
    });
    if (stale.length > 0) await admin.deleteTopics({ topics: stale, timeout: 30_000 });
    return stale.length;
  } finally {
    await admin.disconnect();
  }
}

/** Starts the broker (a no-op when it already runs) and returns its broker list. */
export async function startKafka(instance?: KafkaInstance): Promise<string> {
  return brokersFrom(await runScript('start', instance));
}

/** Stops the broker cleanly; tolerates it not running. */
export async function stopKafka(instance?: KafkaInstance): Promise<void> {
  await runScript('stop', instance);
}

/** Stops the broker, keeps it down for `downMs`, starts it again with the same data. */
export async function restartKafka(downMs: number, instance?: KafkaInstance): Promise<string> {
  await stopKafka(instance);
  await delay(downMs);
  return startKafka(instance);
}

async function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePromise(port));
    });
  });
}

export interface DedicatedKafka {
  readonly brokers: string;
  readonly instance: KafkaInstance;
  start(): Promise<string>;
  stop(): Promise<void>;
  restart(downMs: number): Promise<string>;
  /** Stops the broker and deletes its data dir. */
  destroy(): Promise<void>;
}

/**
 * Stops and deletes dedicated brokers left behind by test runs that were killed (data dirs .kafka/test-* not
 * touched for `olderThanMs`; a dedicated broker of a running test is younger than that).
 */
export async function sweepStaleDedicatedKafkas(olderThanMs = 30 * 60_000): Promise<void> {
  const root = join(repoRoot, '.kafka');
  const entries = await readdir(root).catch(() => [] as string[]);
  for (const entry of entries.filter((name) => name.startsWith('test-'))) {
    const dataDir = join(root, entry);
    const info = await stat(join(dataDir, 'logs', 'server.log')).catch(() => stat(dataDir));
    if (Date.now() - info.mtimeMs < olderThanMs) continue;
    await stopKafka({ port: 0, controllerPort: 1, dataDir }).catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** A broker of its own for a test that stops or restarts it (free ports, data under .kafka/test-<name>-<id>). */
export async function startDedicatedKafka(name: string): Promise<DedicatedKafka> {
  await sweepStaleDedicatedKafkas();
  const port = await freePort();
  let controllerPort = await freePort();
  while (controllerPort === port) controllerPort = await freePort();
  const safeName = name.replace(/[^a-zA-Z0-9_-]/g, '-');
  const instance: KafkaInstance = {
    port,
    controllerPort,
    dataDir: join(repoRoot, '.kafka', `test-${safeName}-${randomUUID().slice(0, 8)}`),
  };
  const brokers = await startKafka(instance);
  return {
    brokers,
    instance,
    start: () => startKafka(instance),
    stop: () => stopKafka(instance),
    restart: (downMs: number) => restartKafka(downMs, instance),
    destroy: async () => {
      await stopKafka(instance);
      await rm(instance.dataDir, { recursive: true, force: true });
    },
  };
}

/** A topic or group name no other test (or earlier run) uses. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomUUID().slice(0, 8)}`;
}

/** A KafkaConnection to the shared test broker (started if needed), logging nothing unless told otherwise. */
export async function connectToTestKafka(
  clientId: string,
  logger: MessagingLogger = silentLogger,
): Promise<KafkaConnection> {
  const brokers = await ensureKafka();
  return new KafkaConnection({ brokers: brokers.split(','), clientId, logger, logLevel: 'error' });
}

/** Collects closers during a test and runs them all (errors ignored) afterwards: `afterEach(() => cleanup.run())`. */
export class TestCleanup {
  private readonly closers: (() => Promise<unknown>)[] = [];

  add(close: () => Promise<unknown>): void {
    this.closers.push(close);
  }

  async run(): Promise<void> {
    await Promise.allSettled(this.closers.splice(0).map((close) => close()));
  }
}
