import type { CommitOrderCheckpoint, StoredEvent } from '../event.js';
import type { EventStore } from '../event-store.js';
import { checkpointOf, compareCheckpoints, type TypedReadBatch } from './commit-order-reader.js';
import { WakeableSleep } from './wakeable-sleep.js';

export interface LogFollowerOptions {
  name: string;
  batchSize?: number;
  /**
   * How long to wait for new events when caught up unless woken earlier (by the store's watch of the log:
   * `EventStore.onLogAdvanced`); a fallback should a wake-up be missed. Default 1000.
   */
  pollIntervalMs?: number;
  /**
   * The event types the follower handles: the others are stepped over in the same reads, without their
   * content, and never handed to `handle` (whose `next` still moves past them). Default: every type.
   */
  reads?: ReadonlySet<string>;
  /**
   * The event types whose append by this process wakes the follower at once; an append of none of them is
   * read at the store's next poll of the log's tip (`EventStoreOptions.watchIntervalMs`, 25 ms) instead of
   * after every append. Default: the types it `reads` (an append of no other could give it work).
   */
  wakesOnAppendOf?: ReadonlySet<string>;
  /** Back-off after a failed batch; the same batch is retried from the last saved checkpoint. */
  retryDelayMs?: number;
  loadCheckpoint(): Promise<CommitOrderCheckpoint>;
  /**
   * Must persist the new checkpoint itself, atomically with its effect where it has one. With `reads`, the
   * batch may be empty: the events read were all of other types, and `next` is past them.
   */
  handle(batch: StoredEvent[], next: CommitOrderCheckpoint): Promise<void>;
  onError?(error: unknown): void;
}

/** Follows the event log in commit order: read a batch, hand it over, repeat; sleeps until the log grows. */
export class LogFollower {
  private running = false;
  private loop?: Promise<void>;
  private readonly pause = new WakeableSleep();
  private unsubscribe?: () => void;
  private position?: CommitOrderCheckpoint;
  private prefetched?: { after: CommitOrderCheckpoint; batch: Promise<TypedReadBatch> };

  constructor(
    private readonly store: EventStore,
    private readonly options: LogFollowerOptions,
  ) {}

  get checkpoint(): CommitOrderCheckpoint | undefined {
    return this.position;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    // Reload on every start: another process (a previous relay leader) may have moved the checkpoint.
    this.position = undefined;
    this.prefetched = undefined;
    // A tip this follower already stands on has nothing new for it (its own process's append woke it then).
    this.unsubscribe = this.store.onLogAdvanced((tip) => {
      if (!tip || !this.position || compareCheckpoints(this.position, tip) < 0) this.wake();
    }, this.options.wakesOnAppendOf ?? this.options.reads);
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.wake();
    await this.loop;
  }

  wake(): void {
    this.pause.wake();
  }

  /** Reads and handles batches until nothing is left; used by rebuilds and tests. */
  async drain(): Promise<number> {
    let total = 0;
    this.position ??= await this.options.loadCheckpoint();
    for (;;) {
      const handled = await this.step();
      if (handled === 0) return total;
      total += handled;
    }
  }

  private async step(): Promise<number> {
    const batchSize = this.options.batchSize ?? 500;
    const { events, count, last: next } = await this.take(this.position!);
    if (count === 0 || !next) return 0;
    // A full batch suggests more is waiting: read the next one while this one is handled (the relay's
    // publish and a projection's transaction then overlap the read instead of waiting for it).
    if (count === batchSize) this.prefetch(next);
    await this.options.handle(events, next);
    this.position = next;
    return count;
  }

  private async read(after: CommitOrderCheckpoint): Promise<TypedReadBatch> {
    const limit = this.options.batchSize ?? 500;
    if (this.options.reads) return this.store.readCommittedOfTypesAfter(after, limit, this.options.reads);
    const events = await this.store.readCommittedAfter(after, limit);
    const last = events.at(-1);
    return { events, count: events.length, last: last && checkpointOf(last) };
  }

  private prefetch(after: CommitOrderCheckpoint): void {
    const batch = this.read(after);
    batch.catch(() => undefined); // a failed read-ahead is simply read again by take()
    this.prefetched = { after, batch };
  }

  /** The read-ahead batch when it starts where we are, else a fresh read. */
  private take(after: CommitOrderCheckpoint): Promise<TypedReadBatch> {
    const ahead = this.prefetched;
    this.prefetched = undefined;
    if (ahead && compareCheckpoints(ahead.after, after) === 0)
      return ahead.batch.catch(() => this.read(after));
    return this.read(after);
  }

  private async run(): Promise<void> {
    const batchSize = this.options.batchSize ?? 500;
    while (this.running) {
      try {
        this.position ??= await this.options.loadCheckpoint();
        const handled = await this.step();
        if (handled < batchSize) await this.sleep(this.options.pollIntervalMs ?? 1000);
      } catch (error) {
        this.options.onError?.(error);
        this.position = undefined;
        this.prefetched = undefined;
        await this.sleep(this.options.retryDelayMs ?? 500);
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return this.running ? this.pause.sleep(ms) : Promise.resolve();
  }
}
