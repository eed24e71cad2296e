import {
  type CommitOrderCheckpoint,
  type Database,
  type EventStore,
  LogFollower,
  type StoredEvent,
  checkpointOf,
  compareCheckpoints,
  loadCheckpoint,
  saveCheckpoint,
  saveCheckpoints,
} from '#event-store';
import type { Projection } from './projection.js';
import { applyHandled, eventsHandled } from './projection-applier.js';
import type { ProjectionTransport } from './projection-transport.js';

export const projectionCheckpointName = (projection: Projection) => `projection:${projection.name}`;

/**
 * Embedded mode: one follower of the event store in commit order feeds every projection, and each batch is
 * applied to all of them in one transaction that also saves their checkpoints: one read and one commit a
 * batch, not one per projection. Each projection keeps a checkpoint of its own (a rebuild empties and moves
 * one; the worker reports each one's lag): the follower reads from the earliest, and a projection is handed
 * only the events after its own checkpoint. A batch none of them handles an event of (a run of role sessions)
 * changes nothing: it moves their positions in memory only, and the checkpoints are saved with the next batch
 * that changes something, with the first batch a second or more after the last save, or at stop. A crash in
 * between has them read those events again, which changes nothing again.
 */
export class InProcessProjectionTransport implements ProjectionTransport {
  readonly kind = 'in-process';
  private readonly follower: LogFollower;
  /** Where each projection stands; reloaded whenever the follower (re)starts or a batch failed. */
  private positions = new Map<Projection, CommitOrderCheckpoint>();
  /** When the checkpoints were last saved; positions moved since are in memory only. */
  private savedAt = 0;
  private unsaved = false;
  private readonly checkpointDeferMs: number;

  constructor(
    store: EventStore,
    private readonly db: Database,
    private readonly projections: readonly Projection[],
    options: {
      pollIntervalMs?: number;
      batchSize?: number;
      onError?: (error: unknown) => void;
      /** How long checkpoints may lag behind batches that changed nothing (default 1000 ms). */
      checkpointDeferMs?: number;
      /** Events handled per committed batch (duplicates included), for the worker's statistics. */
      onApplied?: (events: number, projection: string) => void;
    } = {},
  ) {
    this.checkpointDeferMs = options.checkpointDeferMs ?? 1000;
    this.follower = new LogFollower(store, {
      name: 'projections',
      batchSize: options.batchSize ?? 500,
      // An append of types no projection handles (AssumeRole's sessions) does not wake it: it is read at the
      // next poll of the tip, and stepped over there without its content.
      reads: new Set(projections.flatMap((projection) => [...projection.handles])),
      pollIntervalMs: options.pollIntervalMs,
      onError: options.onError,
      loadCheckpoint: () => this.loadPositions(),
      handle: async (batch, next) => {
        const handed = await this.apply(batch, next);
        for (const [projection, events] of handed) {
          this.positions.set(projection, next);
          options.onApplied?.(events, projection.name);
        }
      },
    });
  }

  /** Where the follower has read to, events of every type included (undefined before its first read). */
  get checkpoint(): CommitOrderCheckpoint | undefined {
    return this.follower.checkpoint;
  }

  async start(): Promise<void> {
    if (this.projections.length > 0) this.follower.start();
  }

  async stop(): Promise<void> {
    await this.follower.stop();
    if (!this.unsaved) return;
    this.unsaved = false;
    await this.db.transaction(async (client) => {
      for (const [projection, position] of this.positions)
        await saveCheckpoint(client, projectionCheckpointName(projection), position);
    });
  }

  private async loadPositions(): Promise<CommitOrderCheckpoint> {
    const loaded = await Promise.all(
      this.projections.map((p) => loadCheckpoint(this.db, projectionCheckpointName(p))),
    );
    this.positions = new Map(this.projections.map((p, i) => [p, loaded[i]]));
    this.savedAt = Date.now();
    this.unsaved = false;
    return loaded.reduce((earliest, c) => (compareCheckpoints(c, earliest) < 0 ? c : earliest));
  }

  /**
   * Returns how many events each projection was handed: every projection not yet at `next`, even when the
   * batch holds none of its events past its checkpoint (the follower stepped over events of other types).
   */
  private async apply(batch: StoredEvent[], next: CommitOrderCheckpoint): Promise<Map<Projection, number>> {
    const handed = new Map<Projection, StoredEvent[]>();
    for (const projection of this.projections) {
      const position = this.positions.get(projection)!;
      if (compareCheckpoints(position, next) < 0) handed.set(projection, eventsAfter(batch, position));
    }
    const changes = eventsHandled(handed);
    if (changes.size === 0 && Date.now() - this.savedAt < this.checkpointDeferMs) {
      this.unsaved = true;
    } else {
      await this.db.transaction(async (client) => {
        await applyHandled(client, changes);
        await saveCheckpoints(client, [...handed.keys()].map(projectionCheckpointName), next);
      });
      this.savedAt = Date.now();
      this.unsaved = false;
    }
    return new Map([...handed].map(([projection, events]) => [projection, events.length]));
  }
}

/** The batch is in commit order: everything from the first event past the checkpoint on is past it too. */
function eventsAfter(batch: StoredEvent[], checkpoint: CommitOrderCheckpoint): StoredEvent[] {
  const first = batch.findIndex((e) => compareCheckpoints(checkpointOf(e), checkpoint) > 0);
  if (first === -1) return [];
  return first === 0 ? batch : batch.slice(first);
}
