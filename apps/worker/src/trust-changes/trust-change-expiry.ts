import { setTimeout as sleep } from 'node:timers/promises';
import type { EventStore } from '#event-store';
import { expireDueTrustChanges } from '#governance';
import type { Infrastructure, Logger } from '#runtime';

const INTERVAL_MS = 1000;

/**
 * Ends pending trust-policy changes past their expiry (7 days by default), about every second. Any number
 * of workers may run it: each proposal expires exactly once, and a restart resumes from the table.
 */
export class TrustChangeExpiryTimer {
  private readonly stopping = new AbortController();
  private loop: Promise<void> | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly accountId: string,
    private readonly log: Logger,
    private readonly intervalMs = INTERVAL_MS,
  ) {}

  start(): void {
    this.loop ??= this.run();
  }

  /** Lets a run in flight finish, so the pool can close after. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    for (;;) {
      const woke = await sleep(this.intervalMs, true, { signal: this.stopping.signal }).catch(() => false);
      if (!woke) return;
      try {
        const expired = await expireDueTrustChanges(this.store, this.accountId);
        if (expired > 0) this.log.info({ expired }, 'trust-policy changes expired');
      } catch (error) {
        this.log.error({ err: error }, 'trust-policy change expiry failed; retrying');
      }
    }
  }
}

export function startTrustChangeExpiry(infra: Infrastructure, log: Logger): TrustChangeExpiryTimer {
  const timer = new TrustChangeExpiryTimer(infra.store, infra.accountId, log);
  timer.start();
  return timer;
}
