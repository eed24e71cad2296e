import { randomUUID } from 'node:crypto';
import type { NewEvent } from '../event.js';

/** Builds a well-formed event for storage tests. */
export function testEvent(type = 'TestHappened', data: unknown = {}): NewEvent {
  return {
    eventId: randomUUID(),
    type,
    schemaVersion: 1,
    data,
    occurredAt: new Date(),
    metadata: {
      actorArn: 'acs:ram::1000000000000001:root',
      requestId: randomUUID(),
      correlationId: randomUUID(),
    },
  };
}
