import { describeError } from '../logger.js';
import type { MessageBatchHandler, MessageSubscription } from '../ports.js';
import { withTimeout } from '#common';
import { backoffDelay, sleep, type BackoffOptions } from './backoff.js';
import type { KafkaConnection } from './kafka-connection.js';
import type { Consumer, EachBatchPayload } from './kafkajs.js';
import { toInboundMessage } from './message-mapping.js';

export interface KafkaSubscriptionOptions {
  groupId: string;
  topics: string[];
  /** Where a group without committed offsets starts. Default true (from the beginning: projections see everything). */
  fromBeginning?: boolean;
  /** Default 30000. A member that stops heartbeating for this long loses its partitions. */
  sessionTimeoutMs?: number;
  /** Default 60000. */
  rebalanceTimeoutMs?: number;
  /** Default 3000. Heartbeats are also sent while a long batch is being handled. */
  heartbeatIntervalMs?: number;
  /** Longest a fetch waits for data (ms); also bounds how long stop() waits for the fetch loop. Default 1000. */
  maxWaitTimeMs?: number;
  /** Partitions handled at the same time (each partition is still handled in offset order). Default 1. */
  partitionsConsumedConcurrently?: number;
  /** Bytes fetched per partition and request. Default 1 MiB. */
  maxBytesPerPartition?: number;
  /**
   * kafkajs redelivers a batch whose handler failed this many times, with backoff, before the consumer is torn
   * down and recreated (which redelivers it again). Default 5.
   */
  handlerRetries?: number;
  /** Backoff before recreating a crashed consumer. Default 500 ms .. 10 s. */
  restartBackoff?: BackoffOptions;
  /** start() rejects (and the subscription stops) if the group was not joined within this time. Default 60000. */
  startTimeoutMs?: number;
  /** How long stop() waits for the handler in progress, the commit and leaving the group. Default 30000. */
  stopTimeoutMs?: number;
}

export interface KafkaSubscriptionStats {
  /** kafkajs consumers created (1 + the number of recreations). */
  consumersCreated: number;
  /** Crashes of the kafkajs consumer that led to a recreation. */
  crashes: number;
  /** Batches handled successfully (and committed). */
  batches: number;
  /** Handler failures (each leads to a redelivery). */
  handlerErrors: number;
}

export class SubscriptionStartError extends Error {
  override readonly name = 'SubscriptionStartError';
}

/**
 * MessageSubscription on a kafkajs consumer group.
 *
 * Batches are handled per partition in offset order (eachBatch, eachBatchAutoResolve off). After the handler
 * resolves, the batch's offsets are resolved and committed; if it throws, nothing is resolved and the batch is
 * delivered again (first by kafkajs' own retries, then by a recreated consumer). kafkajs stops a consumer for good on
 * some errors (a CRASH event with restart = false, e.g. for a TypeError in a handler or a non-retriable protocol
 * error); this class never lets kafkajs restart by itself and instead recreates the consumer with backoff on every
 * crash, until stop().
 */
export class KafkaSubscription implements MessageSubscription {
  private handler: MessageBatchHandler | undefined;
  private consumer: Consumer | undefined;
  private generation = 0;
  private restartAttempt = 0;
  private stopped = false;
  private stopping: Promise<void> | undefined;
  private readonly abort = new AbortController();
  private currentAssignment: Record<string, number[]> = {};
  private onFirstJoin: (() => void) | undefined;
  private readonly counters: KafkaSubscriptionStats = {
    consumersCreated: 0,
    crashes: 0,
    batches: 0,
    handlerErrors: 0,
  };

  constructor(
    private readonly connection: KafkaConnection,
    private readonly options: KafkaSubscriptionOptions,
  ) {
    if (options.topics.length === 0) throw new RangeError('a subscription needs at least one topic');
  }

  get stats(): KafkaSubscriptionStats {
    return { ...this.counters };
  }

  /** The partitions this member was assigned at its last group join, by topic (empty while not joined). */
  assignment(): Record<string, number[]> {
    return Object.fromEntries(
      Object.entries(this.currentAssignment).map(([topic, parts]) => [topic, [...parts]]),
    );
  }

  async start(handler: MessageBatchHandler): Promise<void> {
    if (this.handler) throw new Error('subscription already started');
    if (this.stopped) throw new Error('subscription was stopped');
    this.handler = handler;
    const joined = new Promise<void>((resolve) => {
      this.onFirstJoin = resolve;
    });
    void this.launch();
    const timeoutMs = this.options.startTimeoutMs ?? 60000;
    const outcome = await withTimeout(
      joined.then(() => 'joined' as const),
      timeoutMs,
    );
    if (outcome !== 'joined' && !this.stopped) {
      await this.stop();
      throw new SubscriptionStartError(
        `consumer group ${this.options.groupId} not joined within ${timeoutMs} ms (topics ${this.options.topics.join(', ')})`,
      );
    }
  }

  stop(): Promise<void> {
    if (!this.stopping) {
      this.stopped = true;
      this.abort.abort();
      this.onFirstJoin?.();
      this.stopping = (async () => {
        const consumer = this.consumer;
        this.consumer = undefined;
        this.generation++;
        if (consumer) {
          // kafkajs waits for the batch in progress (whose offsets our eachBatch commits), then leaves the group.
          await withTimeout(
            consumer.disconnect().catch((error: unknown) => {
              this.log('warn', { error: describeError(error) }, 'error while leaving the consumer group');
            }),
            this.options.stopTimeoutMs ?? 30000,
          );
        }
        this.currentAssignment = {};
      })();
    }
    return this.stopping;
  }

  private log(level: 'info' | 'warn' | 'error', fields: Record<string, unknown>, message: string): void {
    this.connection.logger[level](
      { component: 'kafka-subscription', groupId: this.options.groupId, ...fields },
      message,
    );
  }

  private async launch(): Promise<void> {
    if (this.stopped) return;
    const generation = ++this.generation;
    const options = this.options;
    const consumer = this.connection.kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: options.sessionTimeoutMs ?? 30000,
      rebalanceTimeout: options.rebalanceTimeoutMs ?? 60000,
      heartbeatInterval: options.heartbeatIntervalMs ?? 3000,
      maxWaitTimeInMs: options.maxWaitTimeMs ?? 1000,
      maxBytesPerPartition: options.maxBytesPerPartition ?? 1024 * 1024,
      allowAutoTopicCreation: false,
      retry: {
        retries: options.handlerRetries ?? 5,
        initialRetryTime: 300,
        maxRetryTime: 5000,
        // Restarts are ours (the CRASH listener below): one path for every crash, retriable or not.
        restartOnFailure: async () => false,
      },
    });
    this.consumer = consumer;
    this.counters.consumersCreated++;
    const current = () => generation === this.generation && !this.stopped;

    consumer.on(consumer.events.GROUP_JOIN, (event) => {
      if (!current()) return;
      this.currentAssignment = event.payload.memberAssignment;
      this.restartAttempt = 0;
      this.onFirstJoin?.();
    });
    consumer.on(consumer.events.CRASH, (event) => {
      if (!current()) return;
      this.counters.crashes++;
      this.log(
        'error',
        { error: describeError(event.payload.error) },
        'Kafka consumer crashed; recreating it',
      );
      void this.restart(consumer);
    });

    // stop() or a crash can overtake a start in progress: never leave a consumer running that is not current.
    const abandonIfStale = async () => {
      if (current()) return false;
      await withTimeout(
        consumer.disconnect().catch(() => undefined),
        5000,
      );
      return true;
    };
    try {
      await consumer.connect();
      if (await abandonIfStale()) return;
      await consumer.subscribe({ topics: options.topics, fromBeginning: options.fromBeginning ?? true });
      if (await abandonIfStale()) return;
      await consumer.run({
        autoCommit: true,
        // Commit as soon as one batch is resolved, i.e. right after its handler succeeded.
        autoCommitThreshold: 1,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
        eachBatch: (payload) => this.eachBatch(payload),
      });
      await abandonIfStale();
    } catch (error) {
      if (!current()) return;
      this.counters.crashes++;
      this.log('error', { error: describeError(error) }, 'could not start the Kafka consumer; retrying');
      void this.restart(consumer);
    }
  }

  private async restart(crashed: Consumer): Promise<void> {
    // A new generation first: later events of the crashed consumer are ignored, so one crash means one restart.
    const generation = ++this.generation;
    this.currentAssignment = {};
    await withTimeout(
      crashed.disconnect().catch(() => undefined),
      5000,
    );
    const delayMs = backoffDelay(++this.restartAttempt, {
      initialMs: 500,
      maxMs: 10000,
      ...this.options.restartBackoff,
    });
    await sleep(delayMs, this.abort.signal);
    if (this.stopped || generation !== this.generation) return;
    await this.launch();
  }

  private async eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale } = payload;
    if (!isRunning() || isStale() || batch.messages.length === 0 || !this.handler) return;
    const messages = batch.messages.map((message) => toInboundMessage(batch.topic, batch.partition, message));
    const first = messages[0]!.offset;
    const last = messages[messages.length - 1]!.offset;
    const beat = setInterval(
      () => {
        heartbeat().catch(() => undefined);
      },
      Math.max(500, Math.floor((this.options.heartbeatIntervalMs ?? 3000) / 2)),
    );
    try {
      await this.handler(messages);
    } catch (error) {
      this.counters.handlerErrors++;
      this.log(
        'warn',
        {
          topic: batch.topic,
          partition: batch.partition,
          firstOffset: first,
          lastOffset: last,
          error: describeError(error),
        },
        'message handler failed; the batch will be delivered again',
      );
      throw error;
    } finally {
      clearInterval(beat);
    }
    resolveOffset(last);
    await commitOffsetsIfNecessary();
    this.counters.batches++;
    await heartbeat();
  }
}
