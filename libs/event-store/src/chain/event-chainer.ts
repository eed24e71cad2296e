import { createHash } from 'node:crypto';
import type { Database } from '../sql/database.js';
import type { EventStore } from '../event-store.js';
import { WakeableSleep } from '../read/wakeable-sleep.js';
import { insertLinks, linkRows, readChainHead, readUnchained } from './chain-store.js';

/** Transaction-level advisory lock: whoever holds it is the only chainer writing until it commits. */
export const CHAIN_LOCK_KEY = createHash('sha256')
  .update('access-ledger:event-chain')
  .digest()
  .readBigInt64BE(0)
  .toString();

/**
 * Chains the next committed events, in one transaction: take the chain lock, read the chain's head (its
 * progress), read the events after it in commit order, insert their links. Any number of chainers may run:
 * the lock lets one write at a time, and each re-reads the head under the lock, so none forks the chain.
 * Returns how many events it chained (0 also when, not waiting, another chainer had the lock).
 */
export async function chainPending(db: Database, batchSize = 1000, wait = false): Promise<number> {
  return db.transaction(async (client) => {
    // Waiting (drain) queues behind the chainer in turn; the loop just tries again on its next round.
    const lock = wait ? 'pg_advisory_xact_lock($1), true' : 'pg_try_advisory_xact_lock($1)';
    const { rows } = await client.query<{ ok: boolean }>(`SELECT ${lock} AS ok`, [CHAIN_LOCK_KEY]);
    if (!rows[0].ok) return 0;
    const head = await readChainHead(client);
    const pending = await readUnchained(client, head.checkpoint, batchSize);
    await insertLinks(client, linkRows(head, pending));
    return pending.length;
  });
}

export interface EventChainerOptions {
  batchSize?: number;
  /** How long to wait when caught up, unless the log's growth wakes it earlier (a fallback). */
  pollIntervalMs?: number;
  /**
   * The least time between two rounds that chained something (default 100 ms). The chain is evidence for
   * later audits, on no request's path: under a stream of small commits one round per commit would cost a
   * transaction of five statements each, where one round every 100 ms links them all at once.
   */
  minRoundIntervalMs?: number;
  onError?(error: unknown): void;
}

/** Keeps the hash chain caught up with the log, in the worker and in the all-in-one process. */
export class EventChainer {
  private running = false;
  private loop?: Promise<void>;
  private readonly pause = new WakeableSleep();
  private unsubscribe?: () => void;

  constructor(
    private readonly store: EventStore,
    private readonly options: EventChainerOptions = {},
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    // No append wakes it at once: it rounds at most every minRoundIntervalMs anyway, and the watch's next poll
    // of the tip (25 ms) finds the log grown.
    this.unsubscribe = this.store.onLogAdvanced(() => this.pause.wake(), NO_TYPES);
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.pause.wake();
    await this.loop;
  }

  /** Chains until nothing committed is left; for tests and verification. */
  async drain(): Promise<number> {
    let total = 0;
    for (let chained = -1; chained !== 0; total += chained) {
      chained = await chainPending(this.store.db, this.options.batchSize, true);
    }
    return total;
  }

  private async run(): Promise<void> {
    const batchSize = this.options.batchSize ?? 1000;
    while (this.running) {
      try {
        const chained = await chainPending(this.store.db, batchSize);
        if (chained === batchSize) continue;
        // Growth meanwhile is kept by the pause (WakeableSleep) and ends the sleep after this at once.
        if (chained > 0) await delay(this.options.minRoundIntervalMs ?? 100);
        await this.sleep(this.options.pollIntervalMs ?? 1000);
      } catch (error) {
        this.options.onError?.(error);
        await this.sleep(1000);
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return this.running ? this.pause.sleep(ms) : Promise.resolve();
  }
}

const NO_TYPES: ReadonlySet<string> = new Set();

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
