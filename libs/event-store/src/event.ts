/** Who caused an event and in which request; never carries a secret. */
export interface EventMetadata {
  actorArn: string;
  requestId: string;
  correlationId: string;
  causationId?: string;
  sourceIp?: string;
}

/** An event as a decider produces it: a fixed string type, a schema version and plain data. */
export interface DomainEvent<TType extends string = string, TData = unknown> {
  type: TType;
  schemaVersion: number;
  data: TData;
}

export interface NewEvent extends DomainEvent {
  eventId: string;
  occurredAt: Date;
  metadata: EventMetadata;
}

export interface StoredEvent<TData = unknown> extends NewEvent {
  data: TData;
  streamId: string;
  streamVersion: number;
  /** Global position: unique and increasing in insert order, not in commit order. */
  position: number;
  /** The writing transaction's id (xid8 as text); with position it forms the commit-order key. */
  transactionId: string;
}

/** Where a commit-order reader stands: every event at or before (transactionId, position) is consumed. */
export interface CommitOrderCheckpoint {
  transactionId: string;
  position: number;
}

export const START_OF_LOG: CommitOrderCheckpoint = { transactionId: '0', position: 0 };

/** 'none': the stream must not exist; a number: its current version; 'any': no check. */
export type ExpectedVersion = number | 'none' | 'any';
