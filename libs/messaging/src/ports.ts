/**
 * The messaging port: what the rest of Access Ledger codes against. Kafka (kafkajs) is one adapter behind it
 * (./kafka); the in-process transport of embedded mode is another. Nothing here names a client library.
 */

/** A message to publish. `key` decides the partition (the stream id: per-key order is kept). */
export interface OutboundMessage {
  key: string;
  value: string;
  headers: Record<string, string>;
}

export interface MessagePublisher {
  /** Resolves only after the broker acknowledged every message (acks = all). Preserves order per key. */
  publish(topic: string, messages: OutboundMessage[]): Promise<void>;
  close(): Promise<void>;
}

/** A consumed message. `offset` is the broker's offset as a decimal string (64-bit). */
export interface InboundMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string;
  headers: Record<string, string>;
}

export interface MessageBatchHandler {
  (batch: InboundMessage[]): Promise<void>;
}

export interface MessageSubscription {
  /** Joins the consumer group and calls handler per batch (per partition, in offset order); commits offsets only after the handler resolved. */
  start(handler: MessageBatchHandler): Promise<void>;
  /** Commits what was handled and leaves the group (graceful shutdown). */
  stop(): Promise<void>;
}

export interface TopicAdmin {
  ensureTopic(topic: string, partitions: number): Promise<void>;
}
