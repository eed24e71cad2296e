import type pg from 'pg';
import { Database, EventStore, type SqlClient, type StoredEvent } from '#event-store';
import type { MessagePublisher, MessageSubscription } from '#messaging';
import type { Projection } from '#projections';

export const STAGES = ['relay read', 'relay acked', 'consumer received', 'applied'] as const;
export type Stage = (typeof STAGES)[number];

/**
 * Records when each event (by id) passed each stage on its way to the read model, by wrapping the pieces the
 * service is made of: the relay's store and publisher, the subscription, the projection and its database.
 * "applied" is stamped after the projection's transaction committed, when the row is visible to readers.
 */
export class LatencyProbe {
  readonly at = new Map<Stage, Map<string, number>>(STAGES.map((stage) => [stage, new Map()]));
  private readonly pending = new Map<SqlClient, string[]>();

  private stamp(stage: Stage, eventIds: Iterable<string>): void {
    const now = performance.now();
    const stamps = this.at.get(stage)!;
    for (const id of eventIds) if (!stamps.has(id)) stamps.set(id, now);
  }

  store(db: Database): EventStore {
    const read = (events: StoredEvent[]) =>
      this.stamp(
        'relay read',
        events.map((e) => e.eventId),
      );
    return new (class extends EventStore {
      override async readCommittedAfter(...args: Parameters<EventStore['readCommittedAfter']>) {
        const events = await super.readCommittedAfter(...args);
        read(events);
        return events;
      }
    })(db);
  }

  publisher(inner: MessagePublisher): MessagePublisher {
    return {
      publish: async (topic, messages) => {
        await inner.publish(topic, messages);
        this.stamp(
          'relay acked',
          messages.map((m) => m.headers['event-id']),
        );
      },
      close: () => inner.close(),
    };
  }

  subscription(inner: MessageSubscription): MessageSubscription {
    return {
      start: (handler) =>
        inner.start((batch) => {
          this.stamp(
            'consumer received',
            batch.map((m) => m.headers['event-id']),
          );
          return handler(batch);
        }),
      stop: () => inner.stop(),
    };
  }

  projection(inner: Projection): Projection {
    const note = (client: SqlClient, events: readonly StoredEvent[]) => {
      const ids = this.pending.get(client) ?? [];
      this.pending.set(client, ids);
      for (const event of events) ids.push(event.eventId);
    };
    return {
      name: inner.name,
      handles: inner.handles,
      apply: async (client, event) => {
        await inner.apply(client, event);
        note(client, [event]);
      },
      applyMany: async (client, events) => {
        await inner.applyMany!(client, events);
        note(client, events);
      },
      reset: (client) => inner.reset(client),
    };
  }

  /** The projection's database: stamps what the projection applied in a transaction once it committed. */
  database(url: string): Database {
    const committed = (client: SqlClient) => this.stamp('applied', this.pending.get(client) ?? []);
    const forget = (client: SqlClient) => this.pending.delete(client);
    return new (class extends Database {
      override async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
        let used: pg.PoolClient | undefined;
        try {
          const result = await super.transaction((client) => work((used = client)));
          committed(used!);
          return result;
        } finally {
          if (used) forget(used);
        }
      }
    })(url, { max: 4, applicationName: 'bench-latency-projection' });
  }
}
