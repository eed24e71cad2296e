import { type Database, loadCheckpoint } from '#event-store';
import { type Projection, handledTypePairs } from '#projections';
import { RELAY_CHECKPOINT } from './relay/relay.js';

// A projection's progress holds, per stream, the last version it applied of an event of a type it handles
// (see applyBatch): its lag is the events of those types past that version. Counted among the last
// LAG_WINDOW events (a range of the primary key), so a scrape or a readiness probe costs the same however
// long the log: a projection further behind shows LAG_WINDOW's share of its types, far above the readiness
// threshold all the same.
export const LAG_WINDOW = 100_000;
const PROJECTION_LAG_SQL = `
  SELECT p.name,
    (SELECT count(*) FROM events e
     JOIN unnest($2::text[], $3::text[]) AS h(projection, event_type)
       ON h.projection = p.name AND h.event_type = e.event_type
     LEFT JOIN projection_progress pp ON pp.projection = p.name AND pp.stream_id = e.stream_id
     WHERE e.global_position > (SELECT coalesce(max(global_position), 0) FROM events) - ${LAG_WINDOW}
       AND e.stream_version > coalesce(pp.stream_version, 0)) AS lag
  FROM unnest($1::text[]) AS p(name)`;

const RELAY_LAG_SQL = `
  SELECT count(*) AS lag FROM events WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)`;

export interface WorkerCounters {
  published: number;
  applied: Record<string, number>;
}

/**
 * What the worker reports for Prometheus: counters of this process, and lags read from the database (so
 * they are the same whichever worker is asked). Lags count events; `projectionLag` reads the last LAG_WINDOW
 * events per projection per call, so scrape it at a metrics interval, not per request.
 */
export class WorkerStats {
  private publishedCount = 0;
  private readonly appliedCounts = new Map<string, number>();
  private readonly projections: readonly string[];
  private readonly handled: { projections: string[]; types: string[] };

  constructor(
    private readonly db: Database,
    projections: readonly Pick<Projection, 'name' | 'handles'>[],
    /** False in embedded mode: no relay runs, nothing waits to be relayed. */
    readonly relaying: boolean,
  ) {
    this.projections = projections.map((p) => p.name);
    this.handled = handledTypePairs(projections);
  }

  /** Events this process's relay published and the broker acknowledged. */
  get published(): number {
    return this.publishedCount;
  }

  /** Per projection: events this process's transport handed to it, redelivered duplicates included. */
  get applied(): Record<string, number> {
    return Object.fromEntries(this.projections.map((name) => [name, this.appliedCounts.get(name) ?? 0]));
  }

  /** Both counters, as a worker on another thread of this process reports them (`adoptCounters`). */
  get counters(): WorkerCounters {
    return { published: this.published, applied: this.applied };
  }

  /** Takes the counters of the worker that runs on another thread of this process, as it last sent them. */
  adoptCounters(counters: WorkerCounters): void {
    this.publishedCount = counters.published;
    for (const [name, count] of Object.entries(counters.applied)) this.appliedCounts.set(name, count);
  }

  recordPublished(events: number): void {
    this.publishedCount += events;
  }

  recordApplied(events: number, projections: readonly string[] = this.projections): void {
    for (const name of projections)
      this.appliedCounts.set(name, (this.appliedCounts.get(name) ?? 0) + events);
  }

  /** Committed events the relay (of any worker) has not yet published; 0 without Kafka. */
  async relayLag(): Promise<number> {
    if (!this.relaying) return 0;
    const checkpoint = await loadCheckpoint(this.db, RELAY_CHECKPOINT);
    const { rows } = await this.db.query<{ lag: number }>(RELAY_LAG_SQL, [
      checkpoint.transactionId,
      checkpoint.position,
    ]);
    return rows[0].lag;
  }

  /** Per projection: events of the types it handles that it has not applied yet (among the last LAG_WINDOW). */
  async projectionLag(): Promise<Record<string, number>> {
    const { rows } = await this.db.query<{ name: string; lag: number }>(PROJECTION_LAG_SQL, [
      this.projections,
      this.handled.projections,
      this.handled.types,
    ]);
    return Object.fromEntries(rows.map((row) => [row.name, Number(row.lag)]));
  }
}
