import { type Database, type EventStore, LogFollower, loadCheckpoint, saveCheckpoint } from '#event-store';
import type { Projection } from './projection.js';
import { applyBatch } from './projection-applier.js';
import type { ProjectionTransport } from './projection-transport.js';

export const projectionCheckpointName = (projection: Projection) => `projection:${projection.name}`;

/**
 * Embedded mode: each projection follows the event store in commit order and saves its checkpoint in the
 * transaction that changes its read model.
 */
export class InProcessProjectionTransport implements ProjectionTransport {
  readonly kind = 'in-process';
  private readonly followers: LogFollower[];

  constructor(
    store: EventStore,
    db: Database,
    projections: readonly Projection[],
    options: {
      pollIntervalMs?: number;
      batchSize?: number;
      onError?: (error: unknown) => void;
      /** Events handled per committed batch (duplicates included), for the worker's statistics. */
      onApplied?: (events: number, projection: string) => void;
    } = {},
  ) {
    this.followers = projections.map(
      (projection) =>
        new LogFollower(store, {
          name: projectionCheckpointName(projection),
          batchSize: options.batchSize ?? 500,
          pollIntervalMs: options.pollIntervalMs,
          onError: options.onError,
          loadCheckpoint: () => loadCheckpoint(db, projectionCheckpointName(projection)),
          handle: async (batch, next) => {
            await db.transaction(async (client) => {
              await applyBatch(client, projection, batch);
              await saveCheckpoint(client, projectionCheckpointName(projection), next);
            });
            options.onApplied?.(batch.length, projection.name);
          },
        }),
    );
  }

  async start(): Promise<void> {
    for (const follower of this.followers) follower.start();
  }

  async stop(): Promise<void> {
    await Promise.all(this.followers.map((f) => f.stop()));
  }
}
