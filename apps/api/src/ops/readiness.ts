import { withTimeout } from '#common';
import type { KafkaConnection } from '#messaging';
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

/**
 * Kafka answers a metadata request for the event topic within 3 s. A fresh admin client per check keeps a
 * broker outage from leaving a half-broken connection behind; checks are cheap and rare (probes).
 */
export const kafkaCheck = (kafka: KafkaConnection, topic: string): ReadinessCheck => ({
  name: 'kafka',
  async check() {
    const admin = kafka.kafka.admin();
    try {
      const answered = await withTimeout(
        (async () => {
          await admin.connect();
          await admin.fetchTopicMetadata({ topics: [topic] });
          return true;
        })(),
        3000,
      );
      return { ok: answered === true };
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  },
});
