import {
  type Database,
  type EventStore,
  LogFollower,
  envelopeHeaders,
  loadCheckpoint,
  saveCheckpoint,
  toEnvelope,
} from '#event-store';
import type { MessagePublisher } from '#messaging';
import { LeaderLock } from './leader-lock.js';

export const RELAY_CHECKPOINT = 'relay:kafka';

export interface RelayOptions {
  topic: string;
  batchSize?: number;
  pollIntervalMs?: number;
  onPublished?: (count: number) => void;
  onError?: (error: unknown) => void;
}

/**
 * Publishes committed events to Kafka in commit order. The checkpoint moves only after the broker
 * acknowledged the batch, so a crash re-publishes (duplicates) but never skips (loss). One relay per
 * deployment is active at a time: the others wait on a PostgreSQL advisory lock and take over when it frees.
 */
export class Relay {
  private readonly follower: LogFollower;
  private readonly lock: LeaderLock;

  constructor(store: EventStore, db: Database, publisher: MessagePublisher, options: RelayOptions) {
    this.follower = new LogFollower(store, {
      name: RELAY_CHECKPOINT,
      batchSize: options.batchSize ?? 500,
      pollIntervalMs: options.pollIntervalMs ?? 20,
      onError: options.onError,
      loadCheckpoint: () => loadCheckpoint(db, RELAY_CHECKPOINT),
      handle: async (batch, next) => {
        await publisher.publish(
          options.topic,
          batch.map((event) => ({
            key: event.streamId,
            value: JSON.stringify(toEnvelope(event)),
            headers: envelopeHeaders(event),
          })),
        );
        await saveCheckpoint(db, RELAY_CHECKPOINT, next);
        options.onPublished?.(batch.length);
      },
    });
    this.lock = new LeaderLock(db, 'relay', {
      onAcquired: () => this.follower.start(),
      onLost: () => this.follower.stop(),
      onError: options.onError,
    });
  }

  start(): Promise<void> {
    return this.lock.start();
  }

  async stop(): Promise<void> {
    await this.lock.stop();
    await this.follower.stop();
  }
}
