import { type Database, type EventEnvelope, fromEnvelope } from '#event-store';
import type { InboundMessage, MessageSubscription } from '#messaging';
import type { Projection } from './projection.js';
import { applyToProjections } from './projection-applier.js';
import type { ProjectionTransport } from './projection-transport.js';

/**
 * Kafka mode: a consumer group shares the partitions between workers. A batch is applied to every
 * projection in one transaction before its offsets are committed; a redelivered batch is recognised by the
 * per-stream progress and skipped, so a crash between the database commit and the offset commit is harmless.
 */
export class KafkaProjectionTransport implements ProjectionTransport {
  readonly kind = 'kafka';

  constructor(
    private readonly subscription: MessageSubscription,
    private readonly db: Database,
    private readonly projections: readonly Projection[],
    private readonly onApplied?: (events: number) => void,
  ) {}

  async start(): Promise<void> {
    await this.subscription.start((batch) => this.handle(batch));
  }

  async stop(): Promise<void> {
    await this.subscription.stop();
  }

  private async handle(batch: InboundMessage[]): Promise<void> {
    const events = batch.map((message) => fromEnvelope(JSON.parse(message.value) as EventEnvelope));
    await this.db.transaction(async (client) => {
      await applyToProjections(client, new Map(this.projections.map((projection) => [projection, events])));
    });
    this.onApplied?.(events.length);
  }
}
