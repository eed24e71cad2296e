import { randomUUID } from 'node:crypto';
import {
  ConcurrentModificationError,
  type DomainEvent,
  type EventStore,
  type NewEvent,
  stampEvents,
} from '#event-store';
import type { UserCreated, UserDeleted, UserUpdated } from '#identity';

export interface TrafficSummary {
  events: number;
  created: number;
  updated: number;
  deleted: number;
  conflicts: number;
}

export interface UserTraffic {
  readonly summary: TrafficSummary;
  /** Resolves when `maxEvents` were appended (never without it, until stop()). */
  readonly finished: Promise<TrafficSummary>;
  /** Stops after the appends in flight and resolves with what was appended. */
  stop(): Promise<TrafficSummary>;
}

export function stamp(accountId: string, event: DomainEvent, causationId?: string): NewEvent {
  const [stamped] = stampEvents([event], {
    now: new Date(),
    accountId,
    actorArn: `acs:ram::${accountId}:root`,
    requestId: randomUUID(),
    correlationId: randomUUID(),
    sourceIp: '127.0.0.1',
    ...(causationId !== undefined && { causationId }),
  });
  return stamped;
}

export function userCreated(accountId: string, userId: string, userName: string): NewEvent {
  const event: UserCreated = {
    type: 'UserCreated',
    schemaVersion: 1,
    data: {
      userId,
      userName,
      kind: 'human',
      accountId,
      createDate: new Date().toISOString(),
      displayName: `Display ${userName}`,
      email: `${userName}@example.com`,
    },
  };
  return stamp(accountId, event);
}

export function userUpdated(accountId: string, userId: string, userName: string, n: number): NewEvent {
  const event: UserUpdated = {
    type: 'UserUpdated',
    schemaVersion: 1,
    data: { userId, userName, changes: { displayName: `Renamed ${n}`, comments: `update ${n}` } },
  };
  return stamp(accountId, event, randomUUID());
}

export function userDeleted(accountId: string, userId: string, userName: string): NewEvent {
  const event: UserDeleted = { type: 'UserDeleted', schemaVersion: 1, data: { userId, userName } };
  return stamp(accountId, event);
}

/**
 * Users-like load from `writers` concurrent writers until stop(): about 60% creations, 35% updates of a
 * random live user (with its expected version; a lost race counts as a conflict), 5% deletions. Every
 * append is its own transaction, as a command's would be.
 */
export function startUserTraffic(
  store: EventStore,
  accountId: string,
  options: { writers?: number; pauseMs?: number; maxEvents?: number } = {},
): UserTraffic {
  const summary: TrafficSummary = { events: 0, created: 0, updated: 0, deleted: 0, conflicts: 0 };
  const live = new Map<string, { userName: string; version: number }>();
  const run = randomUUID().slice(0, 8);
  let running = true;
  let sequence = 0;

  const step = async () => {
    const roll = Math.random();
    const ids = [...live.keys()];
    const userId = ids[Math.floor(Math.random() * ids.length)];
    if (roll < 0.6 || ids.length < 5) {
      const id = randomUUID();
      const userName = `u-${run}-${++sequence}`;
      await store.append(`user-${id}`, 'none', [userCreated(accountId, id, userName)]);
      live.set(id, { userName, version: 1 });
      summary.created++;
    } else {
      const user = live.get(userId)!;
      const deleting = roll > 0.95;
      const event = deleting
        ? userDeleted(accountId, userId, user.userName)
        : userUpdated(accountId, userId, user.userName, ++sequence);
      try {
        await store.append(`user-${userId}`, user.version, [event]);
      } catch (error) {
        if (!(error instanceof ConcurrentModificationError)) throw error;
        summary.conflicts++;
        return false;
      }
      if (deleting) {
        live.delete(userId);
        summary.deleted++;
      } else {
        user.version++;
        summary.updated++;
      }
    }
    summary.events++;
    return true;
  };

  let reserved = 0;
  const writer = async () => {
    while (running && reserved < (options.maxEvents ?? Number.POSITIVE_INFINITY)) {
      reserved++;
      if (!(await step())) reserved--;
      if (options.pauseMs) await new Promise((resolve) => setTimeout(resolve, options.pauseMs));
    }
  };
  const writers = Promise.all(Array.from({ length: options.writers ?? 8 }, writer));
  // A failed append surfaces from stop(); until then it must not count as an unhandled rejection.
  writers.catch(() => undefined);
  return {
    summary,
    finished: writers.then(() => ({ ...summary })),
    stop: async () => {
      running = false;
      await writers;
      return { ...summary };
    },
  };
}
