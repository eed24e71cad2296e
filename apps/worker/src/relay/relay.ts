import {
  type Database,
  type EventStore,
  LogFollower,
  type StoredEvent,
  envelopeHeaders,
  loadCheckpoint,
  saveCheckpoint,
  toEnvelope,
} from '#event-store';
import type { MessagePublisher, OutboundMessage } from '#messaging';
import { LeaderLock, type LeaderLockTiming } from './leader-lock.js';

export const RELAY_CHECKPOINT = 'relay:kafka';

/** An event as the relay publishes it (API.md "Events on Kafka"): keyed by stream, envelope, headers. */
export function relayMessage(event: StoredEvent): OutboundMessage {
  return { key: event.streamId, value: JSON.stringify(toEnvelope(event)), headers: envelopeHeaders(event) };
}

export interface RelayOptions {
  topic: string;
  batchSize?: number;
  pollIntervalMs?: number;
  leadership?: LeaderLockTiming;
  onPublished?: (count: number) => void;
  onLeadership?: (leading: boolean) => void;
  onError?: (error: unknown) => void;
}

/**
 * Publishes committed events to Kafka in commit order. The checkpoint moves only after the broker
 * acknowledged the batch, so a crash re-publishes (duplicates) but never skips (loss). One relay per
 * deployment is active at a time: the others wait on a PostgreSQL advisory lock and take over when it frees.
 * The relay owns its publisher and closes it on stop.
 */
export class Relay {
  private readonly follower: LogFollower;
  private readonly lock: LeaderLock;
  private stopping = false;

  constructor(
    store: EventStore,
    db: Database,
    private readonly publisher: MessagePublisher,
    options: RelayOptions,
  ) {
    const onError = (error: unknown) => {
      // A publish cut short by stop() is expected; its batch is published again by the next leader.
      if (!this.stopping) options.onError?.(error);
    };
    this.follower = new LogFollower(store, {
      name: RELAY_CHECKPOINT,
      batchSize: options.batchSize ?? 500,
      pollIntervalMs: options.pollIntervalMs,
      onError,
      loadCheckpoint: () => loadCheckpoint(db, RELAY_CHECKPOINT),
      handle: async (batch, next) => {
        await publisher.publish(options.topic, batch.map(relayMessage));
        await saveCheckpoint(db, RELAY_CHECKPOINT, next);
        options.onPublished?.(batch.length);
      },
    });
    this.lock = new LeaderLock(
      db,
      'relay',
      {
        onAcquired: () => {
          this.follower.start();
          options.onLeadership?.(true);
        },
        onLost: async () => {
          await this.follower.stop();
          options.onLeadership?.(false);
        },
        onError,
      },
      options.leadership,
    );
  }

  get isLeader(): boolean {
    return this.lock.isLeader;
  }

  start(): Promise<void> {
    return this.lock.start();
  }

  /**
   * Finishes the batch in flight (the publisher's close waits for its acknowledgement, up to its close
   * timeout), then releases leadership. Final: a stopped relay does not start again.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    const released = this.lock.stop();
    await this.publisher.close();
    await released;
  }
}
