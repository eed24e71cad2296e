import { describeError } from '../logger.js';
import type { TopicAdmin } from '../ports.js';
import { withTimeout } from '#common';
import { backoffDelay, sleep, type BackoffOptions } from './backoff.js';
import type { KafkaConnection } from './kafka-connection.js';
import { kafkaErrorTypes } from './kafka-errors.js';

export interface KafkaTopicAdminOptions {
  /** Attempts before ensureTopic gives up (the broker may still be starting). Default 10. */
  maxAttempts?: number;
  /** Backoff between attempts. Default 200 ms .. 5 s. */
  retry?: BackoffOptions;
}

/**
 * TopicAdmin on the kafkajs admin client. ensureTopic creates a missing topic with the given partition count (and
 * the connection's replication factor) and waits for its leaders; an existing topic is left as it is (a partition
 * count other than the one asked for is logged, never changed: adding partitions would move keys).
 */
export class KafkaTopicAdmin implements TopicAdmin {
  constructor(
    private readonly connection: KafkaConnection,
    private readonly options: KafkaTopicAdminOptions = {},
  ) {}

  async ensureTopic(topic: string, partitions: number): Promise<void> {
    if (!Number.isInteger(partitions) || partitions < 1)
      throw new RangeError(`partitions must be a positive integer, got ${partitions}`);
    const maxAttempts = this.options.maxAttempts ?? 10;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.ensureOnce(topic, partitions);
        return;
      } catch (error) {
        if (attempt >= maxAttempts) throw error;
        const delayMs = backoffDelay(attempt, { initialMs: 200, maxMs: 5000, ...this.options.retry });
        this.connection.logger.warn(
          { component: 'kafka-topic-admin', topic, attempt, delayMs, error: describeError(error) },
          'ensureTopic failed; retrying',
        );
        await sleep(delayMs);
      }
    }
  }

  private async ensureOnce(topic: string, partitions: number): Promise<void> {
    const admin = this.connection.kafka.admin({
      retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1000 },
    });
    await admin.connect();
    try {
      const existing = await admin.listTopics();
      if (!existing.includes(topic)) {
        try {
          const created = await admin.createTopics({
            topics: [
              { topic, numPartitions: partitions, replicationFactor: this.connection.replicationFactor },
            ],
            waitForLeaders: true,
          });
          if (created) {
            this.connection.logger.info(
              { component: 'kafka-topic-admin', topic, partitions },
              'created Kafka topic',
            );
          }
        } catch (error) {
          if (!kafkaErrorTypes(error).has('TOPIC_ALREADY_EXISTS')) throw error;
        }
      }
      const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
      const actual = metadata.topics.find((entry) => entry.name === topic)?.partitions.length ?? 0;
      if (actual === 0) throw new Error(`topic ${topic} has no partitions in the metadata yet`);
      if (actual !== partitions) {
        this.connection.logger.warn(
          { component: 'kafka-topic-admin', topic, partitions: actual, requested: partitions },
          'Kafka topic exists with another partition count; leaving it as it is',
        );
      }
    } finally {
      await withTimeout(admin.disconnect(), 5000);
    }
  }
}
