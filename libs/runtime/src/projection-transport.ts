import { KafkaConnection } from '#messaging';
import {
  InProcessProjectionTransport,
  KafkaProjectionTransport,
  type ProjectionTransport,
} from '#projections';
import type { RuntimeConfig } from './config.js';
import type { Infrastructure } from './infrastructure.js';
import type { Logger } from './logger.js';

/** Kafka consumer group when KAFKA_BROKERS is set, else the in-process transport over the event store. */
export function createProjectionTransport(
  config: RuntimeConfig,
  infra: Infrastructure,
  log: Logger,
  kafka?: KafkaConnection,
): ProjectionTransport {
  if (!kafka) {
    return new InProcessProjectionTransport(infra.store, infra.db, infra.projections, {
      onError: (error) => log.error({ err: error }, 'projection batch failed; retrying'),
    });
  }
  const subscription = kafka.createSubscription({ groupId: config.consumerGroup, topics: [config.topic] });
  return new KafkaProjectionTransport(subscription, infra.db, infra.projections);
}

export function connectKafka(
  config: Pick<RuntimeConfig, 'kafkaBrokers'>,
  log: Logger,
  clientId: string,
): KafkaConnection | undefined {
  if (!config.kafkaBrokers) return undefined;
  return KafkaConnection.fromEnv({ ...process.env, KAFKA_BROKERS: config.kafkaBrokers }, clientId, log);
}
