import type { Database } from '#event-store';

export interface ReadinessCheck {
  name: string;
  check(): Promise<{ ok: boolean; detail?: string | number }>;
}

export const databaseCheck = (db: Database): ReadinessCheck => ({
  name: 'database',
  async check() {
    await db.query('SELECT 1');
    return { ok: true };
  },
});

const MAX_READY_LAG = 1000;

export const projectionLagCheck = (lag: () => Promise<Record<string, number>>): ReadinessCheck => ({
  name: 'projections',
  async check() {
    const worst = Math.max(0, ...Object.values(await lag()));
    return { ok: worst < MAX_READY_LAG, detail: worst };
  },
});

/** The checks behind /health/ready. */
export class ReadinessChecks {
  constructor(readonly list: ReadinessCheck[]) {}
}
