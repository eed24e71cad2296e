import { isDeepStrictEqual } from 'node:util';
import {
  type EventEnvelope,
  type EventStore,
  START_OF_LOG,
  type StoredEvent,
  checkpointOf,
  toEnvelope,
} from '#event-store';
import { type InboundMessage, type KafkaConnection, uniqueName, waitFor } from '#messaging';

/**
 * Every event in the store, in commit order; with `expected`, waits until the reader sees that many (its
 * snapshot guard holds back events while any older transaction on the server, in any database, is open).
 */
export async function allEvents(store: EventStore, expected = 0): Promise<StoredEvent[]> {
  let events: StoredEvent[] = [];
  const read = async () => {
    events = [];
    for (let after = START_OF_LOG; ;) {
      const batch = await store.readCommittedAfter(after, 5000);
      if (batch.length === 0) return events.length >= expected;
      events.push(...batch);
      after = checkpointOf(batch[batch.length - 1]);
    }
  };
  await waitFor(read, 30_000, `${expected} events readable`);
  return events;
}

/** Reads a topic from the beginning with a group of its own until `expected` distinct event ids arrived. */
export async function readTopic(
  connection: KafkaConnection,
  topic: string,
  expected: number,
  timeoutMs = 60_000,
): Promise<InboundMessage[]> {
  const received: InboundMessage[] = [];
  const ids = new Set<string>();
  const subscription = connection.createSubscription({
    groupId: uniqueName('reader'),
    topics: [topic],
    maxWaitTimeMs: 200,
    sessionTimeoutMs: 6000,
    heartbeatIntervalMs: 1000,
  });
  await subscription.start(async (batch) => {
    received.push(...batch);
    for (const message of batch) ids.add(message.headers['event-id']);
  });
  try {
    await waitFor(() => ids.size >= expected, timeoutMs, `${expected} distinct events on ${topic}`, 100);
  } finally {
    await subscription.stop();
  }
  return received.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
}

export interface DeliveryReport {
  messages: number;
  duplicates: number;
}

/**
 * Checks what the relay promises: every stored event is on the topic at least once, keyed by its stream,
 * with the API.md envelope and headers; per key, first occurrences come in stream-version order 1, 2, 3...
 * (a consumer that skips what it has seen thus never misses an event). Throws on the first breach.
 */
export function checkDelivery(messages: InboundMessage[], stored: StoredEvent[]): DeliveryReport {
  const byId = new Map(stored.map((event) => [event.eventId, event]));
  const seen = new Set<string>();
  const firstVersions = new Map<string, number[]>();
  let duplicates = 0;
  for (const message of messages) {
    const envelope = JSON.parse(message.value) as EventEnvelope;
    const event = byId.get(envelope.eventId);
    if (!event) throw new Error(`unknown event ${envelope.eventId} on the topic`);
    assertEqual(envelope, toEnvelope(event), `envelope of ${event.eventId}`);
    assertEqual(
      { key: message.key, headers: message.headers },
      {
        key: event.streamId,
        headers: {
          'event-type': event.type,
          'schema-version': String(event.schemaVersion),
          'event-id': event.eventId,
        },
      },
      `key and headers of ${event.eventId}`,
    );
    if (seen.has(event.eventId)) {
      duplicates++;
      continue;
    }
    seen.add(event.eventId);
    const versions = firstVersions.get(event.streamId) ?? [];
    versions.push(event.streamVersion);
    firstVersions.set(event.streamId, versions);
  }
  const missing = stored.filter((event) => !seen.has(event.eventId));
  if (missing.length > 0)
    throw new Error(`${missing.length} events never reached Kafka, e.g. ${missing[0].eventId}`);
  for (const [streamId, versions] of firstVersions) {
    const inOrder = versions.every((version, index) => version === index + 1);
    if (!inOrder) throw new Error(`stream ${streamId} arrived out of order: ${versions.join(',')}`);
  }
  return { messages: messages.length, duplicates };
}

function assertEqual(actual: unknown, expected: unknown, what: string): void {
  if (isDeepStrictEqual(actual, expected)) return;
  throw new Error(
    `${what} differs:\n  actual   ${JSON.stringify(actual)}\n  expected ${JSON.stringify(expected)}`,
  );
}
