import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { ensureKafka } from '#messaging';
import { createTestDatabase } from '#platform';
import { createLogger, loadConfig, type RuntimeConfig } from '#runtime';
import { type RunningService, type ServiceOptions, startService } from '../../apps/api/src/service.js';

export type TransportKind = 'in-process' | 'kafka';

export interface TestService {
  service: RunningService;
  url: string;
  rootToken: string;
  databaseUrl: string;
  /** The configuration the service started with (its Kafka brokers and topic, for tests that read them). */
  config: RuntimeConfig;
  stop(): Promise<void>;
}

/**
 * The whole service on a fresh database, over the in-process transport or real Kafka. With `logs`, the
 * service logs (debug and up) are written there, e.g. so a test can scan them for secrets.
 */
export async function startTestService(
  transport: TransportKind,
  logs?: NodeJS.WritableStream,
  options: ServiceOptions = {},
): Promise<TestService> {
  const database = await createTestDatabase('e2e');
  const dataDir = await mkdtemp(join(tmpdir(), 'access-ledger-e2e-'));
  const rootToken = `root-${randomUUID()}`;
  const suffix = randomUUID().slice(0, 8);
  const config = loadConfig({
    DATABASE_URL: database.url,
    PORT: '0',
    DATA_DIR: dataDir,
    ROOT_TOKEN: rootToken,
    ...(transport === 'kafka' && {
      KAFKA_BROKERS: await ensureKafka(),
      KAFKA_TOPIC: `access-ledger.e2e.${suffix}`,
      KAFKA_CONSUMER_GROUP: `access-ledger.e2e.${suffix}`,
    }),
  });
  const service = await startService(
    config,
    'all',
    logs ? createLogger('debug', logs) : createLogger('silent'),
    options,
  );
  return {
    service,
    url: service.url,
    rootToken,
    databaseUrl: database.url,
    config,
    stop: async () => {
      await service.stop();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
