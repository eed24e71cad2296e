import type { StoredEvent } from '../event.js';

/** The JSON value of a Kafka message (API.md "Events on Kafka"). */
export interface EventEnvelope {
  eventId: string;
  type: string;
  schemaVersion: number;
  streamId: string;
  streamVersion: number;
  position: number;
  occurredAt: string;
  actor: { arn: string; requestId: string; sourceIp?: string };
  correlationId: string;
  causationId?: string;
  data: unknown;
}

export function toEnvelope(event: StoredEvent): EventEnvelope {
  const { metadata } = event;
  return {
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    position: event.position,
    occurredAt: event.occurredAt.toISOString(),
    actor: {
      arn: metadata.actorArn,
      requestId: metadata.requestId,
      ...(metadata.sourceIp !== undefined && { sourceIp: metadata.sourceIp }),
    },
    correlationId: metadata.correlationId,
    ...(metadata.causationId !== undefined && { causationId: metadata.causationId }),
    data: event.data,
  };
}

/** Kafka messages carry no transaction id: consumers of Kafka order by stream version, not commit order. */
export function fromEnvelope(envelope: EventEnvelope): StoredEvent {
  return {
    eventId: envelope.eventId,
    type: envelope.type,
    schemaVersion: envelope.schemaVersion,
    streamId: envelope.streamId,
    streamVersion: envelope.streamVersion,
    position: envelope.position,
    transactionId: '',
    occurredAt: new Date(envelope.occurredAt),
    metadata: {
      actorArn: envelope.actor.arn,
      requestId: envelope.actor.requestId,
      correlationId: envelope.correlationId,
      ...(envelope.actor.sourceIp !== undefined && { sourceIp: envelope.actor.sourceIp }),
      ...(envelope.causationId !== undefined && { causationId: envelope.causationId }),
    },
    data: envelope.data,
  };
}

export function envelopeHeaders(event: StoredEvent): Record<string, string> {
  return {
    'event-type': event.type,
    'schema-version': String(event.schemaVersion),
    'event-id': event.eventId,
  };
}
