import { createStderrLogger, type MessagingLogger } from '../logger.js';
import { KafkaConfigError, kafkaConfigFromEnv, type KafkaConnectionConfig } from './kafka-config.js';
import { kafkaLogCreator, toKafkaLogLevel } from './kafka-log.js';
import { KafkaPublisher, type KafkaPublisherOptions } from './kafka-publisher.js';
import { KafkaSubscription, type KafkaSubscriptionOptions } from './kafka-subscription.js';
import { KafkaTopicAdmin, type KafkaTopicAdminOptions } from './kafka-topic-admin.js';
import { Kafka, type KafkaClient } from './kafkajs.js';

/**
 * One Kafka cluster as the service sees it: the kafkajs client plus our logger. It makes the adapters;
 * each publisher, subscription and admin owns its own kafkajs producer/consumer/admin (and connections).
 */
export class KafkaConnection {
  readonly kafka: KafkaClient;
  readonly logger: MessagingLogger;

  constructor(readonly config: KafkaConnectionConfig) {
    if (config.brokers.length === 0) throw new KafkaConfigError('no Kafka brokers configured');
    this.logger = config.logger ?? createStderrLogger('info');
    this.kafka = new Kafka({
      clientId: config.clientId,
      brokers: config.brokers,
      connectionTimeout: config.connectionTimeoutMs ?? 3000,
      requestTimeout: config.requestTimeoutMs ?? 30000,
      enforceRequestTimeout: true,
      // Used by connect/metadata calls; producers and consumers set their own (see the adapters).
      retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 3000 },
      logLevel: toKafkaLogLevel(config.logLevel ?? 'warn'),
      logCreator: kafkaLogCreator(this.logger),
    });
  }

  /** From `KAFKA_BROKERS` and friends (see kafkaConfigFromEnv); throws when `KAFKA_BROKERS` is unset. */
  static fromEnv(
    env: NodeJS.ProcessEnv = process.env,
    clientId = 'access-ledger',
    logger?: MessagingLogger,
  ): KafkaConnection {
    const config = kafkaConfigFromEnv(env, clientId);
    if (!config) throw new KafkaConfigError('KAFKA_BROKERS is not set');
    return new KafkaConnection({ ...config, logger: logger ?? config.logger });
  }

  get replicationFactor(): number {
    return this.config.replicationFactor ?? 1;
  }

  createPublisher(options: KafkaPublisherOptions = {}): KafkaPublisher {
    return new KafkaPublisher(this, options);
  }

  createSubscription(options: KafkaSubscriptionOptions): KafkaSubscription {
    return new KafkaSubscription(this, options);
  }

  createTopicAdmin(options: KafkaTopicAdminOptions = {}): KafkaTopicAdmin {
    return new KafkaTopicAdmin(this, options);
  }
}
