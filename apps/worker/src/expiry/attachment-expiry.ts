import type { EventStore } from '#event-store';
import { expireDueAttachments } from '#identity';
import type { Logger } from '#runtime';

const INTERVAL_MS = 1000;

/**
 * Ends time-bound grants by themselves: about every second, every due grant gets PolicyAttachmentExpired
 * (API.md: within 5 s of its expiry). Any number of workers may run it; each grant ends exactly once.
 */
export class AttachmentExpiryTimer {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly store: EventStore,
    private readonly accountId: string,
    private readonly log: Logger,
    private readonly intervalMs = INTERVAL_MS,
  ) {}

  start(): void {
    this.schedule();
  }

  /** Waits for a run in flight, so the pool can close after. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runOnce().finally(() => this.schedule());
    }, this.intervalMs);
  }

  private async runOnce(): Promise<void> {
    try {
      const ended = await expireDueAttachments(this.store, this.accountId);
      if (ended > 0) this.log.info({ ended }, 'time-bound grants ended');
    } catch (error) {
      this.log.error({ err: error }, 'grant expiry failed; retrying');
    }
  }
}
