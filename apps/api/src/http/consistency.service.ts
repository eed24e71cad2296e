import { DomainError, invalidParameter } from '#common';
import type { EventLocation, EventStore } from '#event-store';
import { type Projection, hasAppliedThrough } from '#projections';

const WAIT_MS = 5000;
const POLL_MS = 10;

/**
 * `Ledger-Min-Position`: a read waits until every projection has applied every committed event up to that
 * position, or fails after 5 s with 503 `ProjectionLag`.
 */
export class ConsistencyService {
  private readonly located = new Map<number, EventLocation>();

  constructor(
    private readonly store: EventStore,
    private readonly projections: readonly Pick<Projection, 'name' | 'handles'>[],
  ) {}

  static parse(header: string | undefined): number | undefined {
    if (header === undefined) return undefined;
    if (!/^\d{1,15}$/.test(header.trim())) {
      throw invalidParameter('LedgerMinPosition', 'Ledger-Min-Position must be a non-negative integer');
    }
    return Number(header.trim());
  }

  async waitFor(position: number): Promise<void> {
    if (position === 0) return;
    const deadline = Date.now() + WAIT_MS;
    const location = await this.locate(position, deadline);
    if (!location) return;
    // Every stream written up to the position, the written event's own stream included (Kafka partitions).
    while (!(await hasAppliedThrough(this.store.db, this.projections, position))) {
      if (Date.now() > deadline) throw projectionLag(position);
      await sleep(POLL_MS);
    }
  }

  /** The event at a position; undefined for a position that never held a committed event (a rolled-back gap). */
  private async locate(position: number, deadline: number): Promise<EventLocation | undefined> {
    const cached = this.located.get(position);
    if (cached) return cached;
    for (;;) {
      const location = await this.store.locate(position);
      if (location) {
        if (this.located.size > 10_000) this.located.clear();
        this.located.set(position, location);
        return location;
      }
      if ((await this.store.headPosition()) >= position) return undefined;
      if (Date.now() > deadline) throw projectionLag(position);
      await sleep(POLL_MS);
    }
  }
}

const projectionLag = (position: number) =>
  new DomainError('ProjectionLag', `The read models have not reached position ${position} yet; retry`, 503);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
