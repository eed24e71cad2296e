import type { SqlClient } from '../sql/database.js';
import type { CommitOrderCheckpoint } from '../event.js';
import { readableTip } from './commit-order-reader.js';

/**
 * Told when the log may have grown: with the readable tip when the watch saw it move (a subscriber already
 * there has nothing to read); without one after an append in this process, with the types of the events
 * appended when known (a subscriber may leave those of no interest to it to the watch's next poll).
 */
export type TipListener = (tip?: CommitOrderCheckpoint, appendedTypes?: readonly string[]) => void;

/**
 * One poll of the log's readable tip for all of a process's followers, instead of each follower polling
 * the log on its own: a moved tip wakes every subscriber, which then reads from its own checkpoint. Runs
 * only while someone subscribes; the timer does not keep the process alive.
 */
export class LogTipWatch {
  private readonly listeners = new Set<TipListener>();
  private timer?: NodeJS.Timeout;
  private tip?: string;
  private polling = false;

  constructor(
    private readonly db: SqlClient,
    private readonly intervalMs: number,
  ) {}

  subscribe(listener: TipListener): () => void {
    this.listeners.add(listener);
    if (!this.timer) {
      this.timer = setInterval(() => void this.poll(), this.intervalMs);
      this.timer.unref();
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size > 0 || !this.timer) return;
      clearInterval(this.timer);
      this.timer = undefined;
    };
  }

  /** Wakes every subscriber now: after this process's append (no tip), or with the tip a poll saw move. */
  wake(tip?: CommitOrderCheckpoint, appendedTypes?: readonly string[]): void {
    for (const listener of this.listeners) listener(tip, appendedTypes);
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const tip = await readableTip(this.db);
      const key = tip ? `${tip.transactionId}/${tip.position}` : '';
      if (key !== this.tip) {
        this.tip = key;
        this.wake(tip);
      }
    } catch {
      // A failed poll (the database restarting, the pool closing) is tried again at the next tick; each
      // follower's own fallback poll still runs meanwhile.
    } finally {
      this.polling = false;
    }
  }
}
