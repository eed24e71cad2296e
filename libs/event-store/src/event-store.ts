import type pg from 'pg';
import type { Database, SqlClient } from './sql/database.js';
import type { CommitOrderCheckpoint, ExpectedVersion, NewEvent, StoredEvent } from './event.js';
import { appendEvents } from './append/append-events.js';
import {
  type AppendCondition,
  appendToStreams,
  appendToStreamsIf,
  type StreamAppend,
  type StreamAppendOutcome,
} from './append/append-to-streams.js';
import { readCommittedAfter, readCommittedOfTypesAfter } from './read/commit-order-reader.js';
import { LogTipWatch, type TipListener } from './read/log-tip-watch.js';
import { EVENT_COLUMNS, type EventRow, toStoredEvent } from './read/event-row.js';
import { UpcasterRegistry } from './upcasting/upcasters.js';

/** Work done in one database transaction: appends plus any rows the same transaction must lock or write. */
export interface EventStoreTransaction {
  readonly client: pg.PoolClient;
  append(
    streamId: string,
    expectedVersion: ExpectedVersion,
    events: readonly NewEvent[],
  ): Promise<StoredEvent[]>;
  /** Many streams in one statement (appendToStreams); each stream's outcome on its own. */
  appendToStreams(appends: readonly StreamAppend[]): Promise<StreamAppendOutcome[]>;
  readStream(streamId: string): Promise<StoredEvent[]>;
}

export interface EventLocation {
  position: number;
  transactionId: string;
  streamId: string;
  streamVersion: number;
  type: string;
}

type AppendListener = (events: readonly StoredEvent[]) => void;

export interface EventStoreOptions {
  /** How often the process's one watch of the log's tip looks for other processes' appends (default 25). */
  watchIntervalMs?: number;
}

export class EventStore {
  private readonly listeners = new Set<AppendListener>();
  private readonly watch: LogTipWatch;

  constructor(
    readonly db: Database,
    readonly upcasters: UpcasterRegistry = new UpcasterRegistry(),
    options: EventStoreOptions = {},
  ) {
    this.watch = new LogTipWatch(db, options.watchIntervalMs ?? 25);
  }

  /**
   * Appends on its own: the append is one atomic statement, so it runs as a single autocommit round trip.
   * Use `transaction` to combine an append with other rows.
   */
  async append(streamId: string, expectedVersion: ExpectedVersion, events: readonly NewEvent[]) {
    const stored = await appendEvents(this.db, streamId, expectedVersion, events);
    this.notify(stored);
    return stored;
  }

  /**
   * Appends to many streams in one autocommit statement that also checks and writes `condition`'s rows
   * (appendToStreamsIf): undefined, with nothing written, when its guard does not hold.
   */
  async appendToStreamsIf(
    appends: readonly StreamAppend[],
    condition: AppendCondition,
  ): Promise<StreamAppendOutcome[] | undefined> {
    const outcomes = await appendToStreamsIf(this.db, appends, condition);
    if (outcomes) this.notify(outcomes.flatMap((outcome) => (outcome.ok ? outcome.stored : [])));
    return outcomes;
  }

  async transaction<T>(work: (tx: EventStoreTransaction) => Promise<T>): Promise<T> {
    const appended: StoredEvent[] = [];
    const result = await this.db.transaction((client) =>
      work({
        client,
        append: async (streamId, expectedVersion, events) => {
          const stored = await appendEvents(client, streamId, expectedVersion, events);
          appended.push(...stored);
          return stored;
        },
        appendToStreams: async (appends) => {
          const outcomes = await appendToStreams(client, appends);
          for (const outcome of outcomes) if (outcome.ok) appended.push(...outcome.stored);
          return outcomes;
        },
        readStream: (streamId) => this.readStream(streamId, client),
      }),
    );
    this.notify(appended);
    return result;
  }

  private notify(appended: readonly StoredEvent[]): void {
    if (appended.length === 0) return;
    for (const listener of this.listeners) listener(appended);
    this.watch.wake(
      undefined,
      appended.map((event) => event.type),
    );
  }

  async readStream(streamId: string, client: SqlClient = this.db): Promise<StoredEvent[]> {
    const { rows } = await client.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = $1 ORDER BY stream_version`,
      [streamId],
    );
    return rows.map((row) => toStoredEvent(row, this.upcasters));
  }

  readCommittedAfter(after: CommitOrderCheckpoint, limit: number, client: SqlClient = this.db) {
    return readCommittedAfter(client, after, limit, this.upcasters);
  }

  /** `readCommittedAfter` of `types` only, stepping over the others (see readCommittedOfTypesAfter). */
  readCommittedOfTypesAfter(after: CommitOrderCheckpoint, limit: number, types: ReadonlySet<string>) {
    return readCommittedOfTypesAfter(this.db, after, limit, types, this.upcasters);
  }

  async locate(position: number): Promise<EventLocation | undefined> {
    const { rows } = await this.db.query<{
      transaction_id: string;
      stream_id: string;
      stream_version: number;
      event_type: string;
    }>(
      `SELECT transaction_id::text AS transaction_id, stream_id, stream_version, event_type
       FROM events WHERE global_position = $1`,
      [position],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      position,
      transactionId: row.transaction_id,
      streamId: row.stream_id,
      streamVersion: row.stream_version,
      type: row.event_type,
    };
  }

  async headPosition(): Promise<number> {
    const { rows } = await this.db.query<{ head: number | null }>(
      `SELECT max(global_position) AS head FROM events`,
    );
    return rows[0]?.head ?? 0;
  }

  /** The events this process appended, once committed. */
  onAppended(listener: AppendListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Wakes this store's followers now, as after its own append of events of these types: another part of this
   * process (the API, for the worker thread's store) appended them through a store of its own.
   */
  wakeFollowers(appendedTypes?: readonly string[]): void {
    this.watch.wake(undefined, appendedTypes);
  }

  /**
   * Wakes a follower of the log when it may have grown: at once after this process's appends, and within
   * the watch interval after another process's (or once a transaction that held readers back has ended).
   */
  onLogAdvanced(listener: TipListener, wakesOnAppendOf?: ReadonlySet<string>): () => void {
    return this.watch.subscribe(listener, wakesOnAppendOf);
  }

  /** The types whose append in this process wakes a follower at once, as they change (LogTipWatch). */
  watchAppendWakes(watcher: (types: ReadonlySet<string> | undefined) => void): () => void {
    return this.watch.watchAppendWakes(watcher);
  }
}
