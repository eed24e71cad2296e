import { type Database, loadCheckpoint } from '#event-store';
import { RELAY_CHECKPOINT } from './relay/relay.js';

// Each stream's progress row holds the number of its events applied (versions run 1, 2, ... without gaps).
const PROJECTION_LAG_SQL = `
  SELECT p.name, (SELECT count(*) FROM events) - coalesce(sum(pp.stream_version), 0) AS lag
  FROM unnest($1::text[]) AS p(name)
  LEFT JOIN projection_progress pp ON pp.projection = p.name
  GROUP BY p.name`;

const RELAY_LAG_SQL = `
  SELECT count(*) AS lag FROM events WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)`;

/**
 * What the worker reports for Prometheus: counters of this process, and lags read from the database (so
 * they are the same whichever worker is asked). Lags count events; `projectionLag` counts the whole events
 * table per call, so scrape it at a metrics interval, not per request.
 */
export class WorkerStats {
  private publishedCount = 0;
  private readonly appliedCounts = new Map<string, number>();

  constructor(
    private readonly db: Database,
    private readonly projections: readonly string[],
    /** False in embedded mode: no relay runs, nothing waits to be relayed. */
    readonly relaying: boolean,
  ) {}

  /** Events this process's relay published and the broker acknowledged. */
  get published(): number {
    return this.publishedCount;
  }

  /** Per projection: events this process's transport handed to it, redelivered duplicates included. */
  get applied(): Record<string, number> {
    return Object.fromEntries(this.projections.map((name) => [name, this.appliedCounts.get(name) ?? 0]));
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

  /** Per projection: events in the store it has not applied yet. */
  async projectionLag(): Promise<Record<string, number>> {
    const { rows } = await this.db.query<{ name: string; lag: number }>(PROJECTION_LAG_SQL, [
      this.projections,
    ]);
    return Object.fromEntries(rows.map((row) => [row.name, Number(row.lag)]));
  }
}
