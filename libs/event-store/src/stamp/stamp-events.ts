import { randomUUID } from 'node:crypto';
import type { CommandMetadata } from '#common';
import type { DomainEvent, NewEvent } from '../event.js';

/** Gives decided events their identity, time and the command's tracing metadata before they are stored. */
export function stampEvents(events: readonly DomainEvent[], meta: CommandMetadata): NewEvent[] {
  return events.map((event) => ({
    ...event,
    eventId: randomUUID(),
    occurredAt: meta.now,
    metadata: {
      actorArn: meta.actorArn,
      requestId: meta.requestId,
      correlationId: meta.correlationId,
      ...(meta.causationId !== undefined && { causationId: meta.causationId }),
      ...(meta.sourceIp !== undefined && { sourceIp: meta.sourceIp }),
    },
  }));
}
