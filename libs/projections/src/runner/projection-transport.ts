/** How events reach the projections: straight from the event store (embedded) or from Kafka. */
export interface ProjectionTransport {
  readonly kind: 'in-process' | 'kafka';
  start(): Promise<void>;
  stop(): Promise<void>;
}
