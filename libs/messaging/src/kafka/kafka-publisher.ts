import { describeError } from '../logger.js';
import type { MessagePublisher, OutboundMessage } from '../ports.js';
import { withTimeout } from '#common';
import { backoffDelay, sleep, type BackoffOptions } from './backoff.js';
import type { KafkaConnection } from './kafka-connection.js';
import {
  isPermanentPublishError,
  PublisherClosedError,
  PublishFailedError,
  PublishRejectedError,
} from './kafka-errors.js';
import { Partitioners, type Producer } from './kafkajs.js';

export interface KafkaPublisherOptions {
  /** Backoff between attempts after a failed send (the producer is recreated each time). Default 100 ms .. 5 s. */
  retry?: BackoffOptions;
  /** Give up (PublishFailedError) after this many attempts. Default: never; retry until close(). */
  maxAttempts?: number;
  /** How long the broker may take to replicate and acknowledge a produce request (ms). Default 30000. */
  ackTimeoutMs?: number;
  /** A publish() larger than this (estimated bytes) is sent as several acknowledged requests, in order. Default 512 KiB. */
  maxRequestBytes?: number;
  /** How long close() waits for a publish in progress before cutting it off (ms). Default 10000. */
  closeTimeoutMs?: number;
}

export interface KafkaPublisherStats {
  /** kafkajs producers created so far (1 + the number of recreations). */
  producersCreated: number;
  /** Failed send attempts that were retried. */
  retries: number;
  /** Messages acknowledged by the broker. */
  acknowledged: number;
}

/** Rough size of a message on the wire, for splitting large publishes. */
function estimateBytes(message: OutboundMessage): number {
  let bytes = 70 + Buffer.byteLength(message.key) + Buffer.byteLength(message.value);
  for (const [name, value] of Object.entries(message.headers))
    bytes += Buffer.byteLength(name) + Buffer.byteLength(value);
  return bytes;
}

/** Splits messages into consecutive runs of at most `maxBytes` (a single larger message goes alone). */
export function splitByBytes(messages: OutboundMessage[], maxBytes: number): OutboundMessage[][] {
  const chunks: OutboundMessage[][] = [];
  let current: OutboundMessage[] = [];
  let size = 0;
  for (const message of messages) {
    const bytes = estimateBytes(message);
    if (current.length > 0 && size + bytes > maxBytes) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(message);
    size += bytes;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/**
 * MessagePublisher on a kafkajs idempotent producer (acks = all, one request in flight, key = stream id).
 *
 * publish() calls run one at a time in call order, and a call resolves only when the broker acknowledged all of
 * its messages, so per-key order holds across calls. kafkajs' producer can end up unable to reconnect after a
 * broker restart; so on any failed send this publisher disconnects the producer, creates a new one and retries the
 * unacknowledged request with exponential backoff, until it succeeds or close() is called. A retry after an
 * ambiguous failure can write duplicates (consumers deduplicate); it never loses or reorders per key.
 */
export class KafkaPublisher implements MessagePublisher {
  private producer: Producer | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private closing: Promise<void> | undefined;
  private readonly abort = new AbortController();
  private readonly counters: KafkaPublisherStats = { producersCreated: 0, retries: 0, acknowledged: 0 };

  constructor(
    private readonly connection: KafkaConnection,
    private readonly options: KafkaPublisherOptions = {},
  ) {}

  get stats(): KafkaPublisherStats {
    return { ...this.counters };
  }

  publish(topic: string, messages: OutboundMessage[]): Promise<void> {
    if (this.closed) return Promise.reject(new PublisherClosedError('publisher is closed'));
    if (messages.length === 0) return Promise.resolve();
    const run = this.queue.then(() => this.publishInOrder(topic, messages));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    if (!this.closing) {
      this.closed = true;
      this.abort.abort();
      this.closing = (async () => {
        await withTimeout(this.queue, this.options.closeTimeoutMs ?? 10000);
        await this.discardProducer();
      })();
    }
    return this.closing;
  }

  private async publishInOrder(topic: string, messages: OutboundMessage[]): Promise<void> {
    for (const chunk of splitByBytes(messages, this.options.maxRequestBytes ?? 512 * 1024)) {
      await this.sendUntilAcknowledged(topic, chunk);
    }
  }

  private async sendUntilAcknowledged(topic: string, messages: OutboundMessage[]): Promise<void> {
    const maxAttempts = this.options.maxAttempts ?? Number.POSITIVE_INFINITY;
    for (let attempt = 1; ; attempt++) {
      if (this.closed)
        throw new PublisherClosedError(`publisher closed with ${messages.length} unacknowledged messages`);
      try {
        const producer = await this.connectedProducer();
        await producer.send({
          topic,
          acks: -1,
          timeout: this.options.ackTimeoutMs ?? 30000,
          messages: messages.map((message) => ({
            key: message.key,
            value: message.value,
            headers: message.headers,
          })),
        });
        this.counters.acknowledged += messages.length;
        if (attempt > 1) {
          this.connection.logger.info(
            { component: 'kafka-publisher', topic, messages: messages.length, attempt },
            'Kafka publish succeeded after retrying',
          );
        }
        return;
      } catch (error) {
        if (this.closed) {
          throw new PublisherClosedError(`publisher closed with ${messages.length} unacknowledged messages`, {
            cause: error,
          });
        }
        const fields = {
          component: 'kafka-publisher',
          topic,
          messages: messages.length,
          attempt,
          error: describeError(error),
        };
        if (isPermanentPublishError(error)) {
          this.connection.logger.error(fields, 'Kafka refused the messages; not retrying');
          throw new PublishRejectedError(
            `Kafka refused ${messages.length} messages for ${topic}: ${describeError(error)}`,
            { cause: error },
          );
        }
        if (attempt >= maxAttempts) {
          this.connection.logger.error(fields, 'Kafka publish failed; giving up (maxAttempts reached)');
          throw new PublishFailedError(
            `Kafka publish to ${topic} failed after ${attempt} attempts: ${describeError(error)}`,
            { cause: error },
          );
        }
        const delayMs = backoffDelay(attempt, { initialMs: 100, maxMs: 5000, ...this.options.retry });
        this.counters.retries++;
        this.connection.logger.warn(
          { ...fields, delayMs },
          'Kafka publish failed; recreating the producer and retrying',
        );
        await this.discardProducer();
        await sleep(delayMs, this.abort.signal);
      }
    }
  }

  private async connectedProducer(): Promise<Producer> {
    if (this.producer) return this.producer;
    const producer = this.connection.kafka.producer({
      idempotent: true,
      // kafkajs does not reassign sequence numbers after a failed request, so idempotence needs one in flight.
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
      // kafkajs' own retries are bounded so that a dead connection surfaces here and the producer gets recreated.
      retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 2000 },
    });
    this.counters.producersCreated++;
    try {
      await producer.connect();
    } catch (error) {
      await withTimeout(producer.disconnect(), 5000);
      throw error;
    }
    if (this.closed) {
      await withTimeout(producer.disconnect(), 5000);
      throw new PublisherClosedError('publisher is closed');
    }
    this.producer = producer;
    return producer;
  }

  private async discardProducer(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    if (producer) await withTimeout(producer.disconnect(), 5000);
  }
}
