import type { SqlClient } from '../sql/database.js';
import type { CommitOrderCheckpoint } from '../event.js';

/**
 * Told when the log may have grown: with the readable tip when the watch saw it move (a subscriber already
 * there has nothing to read), without one after this process's own append.
 */
export type TipListener = (tip?: CommitOrderCheckpoint) => void;

// The last event a commit-order reader may read now (below the oldest running transaction): it only grows,
// and it grows whenever any process's append becomes readable, or a transaction that held readers back ends.
// ORDER BY names the table's columns (e.): the select list's text alias would otherwise win, and sorting
// every event as text is a full scan per poll instead of one step down the commit-order index.
export const TIP_SQL = `
  SELECT e.transaction_id::text AS transaction_id, e.global_position FROM events e
  WHERE e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
  ORDER BY e.transaction_id DESC, e.global_position DESC
  LIMIT 1`;
// Named: polled every few milliseconds, it would otherwise be parsed and planned on every poll.
const TIP = { name: 'log-tip', text: TIP_SQL };

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
  wake(tip?: CommitOrderCheckpoint): void {
    for (const listener of this.listeners) listener(tip);
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const { rows } = await this.db.query<{ transaction_id: string; global_position: string }>(TIP);
      const tip = rows[0] ? `${rows[0].transaction_id}/${rows[0].global_position}` : '';
      if (tip !== this.tip) {
        this.tip = tip;
        this.wake(
          rows[0] && { transactionId: rows[0].transaction_id, position: Number(rows[0].global_position) },
        );
      }
    } catch {
      // A failed poll (the database restarting, the pool closing) is tried again at the next tick; each
      // follower's own fallback poll still runs meanwhile.
    } finally {
      this.polling = false;
    }
  }
}
