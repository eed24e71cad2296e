import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of one process; lag gauges are computed when scraped. */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly eventsAppended = new Counter({
    name: 'access_ledger_events_appended_total',
    help: 'Events appended to the event store by this process',
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'access_ledger_http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  private readonly durationChildren = new Map<string, { observe(seconds: number): void }>();

  /** The latency histogram's child for one route and status, kept: labelling each observation costs more. */
  httpDurationOf(method: string, route: string, status: number): { observe(seconds: number): void } {
    const key = `${method} ${route} ${status}`;
    let child = this.durationChildren.get(key);
    if (!child) {
      child = this.httpDuration.labels({ method, route, status: String(status) });
      this.durationChildren.set(key, child);
    }
    return child;
  }

  constructor(lag: { relay(): Promise<number | undefined>; projections(): Promise<Record<string, number>> }) {
    collectDefaultMetrics({ register: this.registry, prefix: 'access_ledger_' });
    new Gauge({
      name: 'access_ledger_relay_lag_events',
      help: 'Committed events not yet acknowledged by Kafka (absent in embedded mode)',
      registers: [this.registry],
      async collect() {
        const value = await lag.relay();
        if (value !== undefined) this.set(value);
      },
    });
    new Gauge({
      name: 'access_ledger_projection_lag_events',
      help: 'Committed events a projection has not applied yet',
      labelNames: ['projection'],
      registers: [this.registry],
      async collect() {
        for (const [projection, value] of Object.entries(await lag.projections()))
          this.set({ projection }, value);
      },
    });
  }
}
