import { createTestDatabase } from '#platform';
import type { Projection } from '#projections';
import {
  type Infrastructure,
  type RuntimeConfig,
  createLogger,
  loadConfig,
  openInfrastructure,
} from '#runtime';
import { CountingProjection } from './counting.projection.js';

export interface TestInfrastructure {
  infra: Infrastructure;
  config: RuntimeConfig;
  /** The environment a worker process needs to use the same database (and Kafka, when given). */
  env: Record<string, string>;
  close(): Promise<void>;
}

export const silentLog = createLogger('silent');

/**
 * A fresh database with every migration, opened the way the service opens it; the projections are the
 * service's (users) plus the counting projection unless others are given.
 */
export async function openTestInfrastructure(
  prefix: string,
  options: {
    kafka?: { brokers: string; topic: string; consumerGroup: string };
    projections?: Projection[];
  } = {},
): Promise<TestInfrastructure> {
  const database = await createTestDatabase(prefix);
  const env: Record<string, string> = { DATABASE_URL: database.url, LOG_LEVEL: 'info' };
  if (options.kafka) {
    env.KAFKA_BROKERS = options.kafka.brokers;
    env.KAFKA_TOPIC = options.kafka.topic;
    env.KAFKA_CONSUMER_GROUP = options.kafka.consumerGroup;
  }
  const config = loadConfig(env);
  const infra = await openInfrastructure(config, silentLog);
  await CountingProjection.install(infra.db);
  infra.projections = options.projections ?? [...infra.projections, new CountingProjection()];
  return {
    infra,
    config,
    env,
    close: async () => {
      await infra.close();
      await database.drop();
    },
  };
}
