import type { SqlClient } from '../sql/database.js';
import type { CommitOrderCheckpoint } from '../event.js';
import { readableTip } from './commit-order-reader.js';

/**
 * Told when the log may have grown: with the readable tip when the watch saw it move (a subscriber already
 * there has nothing to read), without one after an append in this process.
 */
export type TipListener = (tip?: CommitOrderCheckpoint) => void;

/**
 * Does an append of `appendedTypes` (undefined: not known) concern a subscriber woken at once by appends of
 * `wakesOnAppendOf` (undefined: of every type)?
 */
export const appendConcerns = (
  wakesOnAppendOf: ReadonlySet<string> | undefined,
  appendedTypes: readonly string[] | undefined,
) => !wakesOnAppendOf || !appendedTypes || appendedTypes.some((type) => wakesOnAppendOf.has(type));

/**
 * One poll of the log's readable tip for all of a process's followers, instead of each follower polling
 * the log on its own: a moved tip wakes every subscriber, which then reads from its own checkpoint. Runs
 * only while someone subscribes; the timer does not keep the process alive.
 */
export class LogTipWatch {
  /** Each subscriber, with the appended types that wake it at once (undefined: every append). */
  private readonly subscribers = new Map<TipListener, ReadonlySet<string> | undefined>();
  private readonly wakesWatchers = new Set<(types: ReadonlySet<string> | undefined) => void>();
  private timer?: NodeJS.Timeout;
  private tip?: string;
  private polling = false;

  constructor(
    private readonly db: SqlClient,
    private readonly intervalMs: number,
  ) {}

  /**
   * `wakesOnAppendOf`: an append in this process of none of these types does not wake the listener (the
   * watch's next poll of the tip does); undefined: every append does.
   */
  subscribe(listener: TipListener, wakesOnAppendOf?: ReadonlySet<string>): () => void {
    this.subscribers.set(listener, wakesOnAppendOf);
    this.wakesChanged();
    if (!this.timer) {
      this.timer = setInterval(() => void this.poll(), this.intervalMs);
      this.timer.unref();
    }
    return () => {
      this.subscribers.delete(listener);
      this.wakesChanged();
      if (this.subscribers.size > 0 || !this.timer) return;
      clearInterval(this.timer);
      this.timer = undefined;
    };
  }

  /**
   * Wakes the subscribers now: every one with the tip a poll saw move; after this process's append (no tip),
   * those that `appendedTypes` concern (all of them when the types are not given).
   */
  wake(tip?: CommitOrderCheckpoint, appendedTypes?: readonly string[]): void {
    for (const [listener, types] of this.subscribers)
      if (tip || appendConcerns(types, appendedTypes)) listener(tip);
  }

  /**
   * The types of which an append wakes some subscriber at once (undefined: an append of any type does), told
   * now and again whenever subscribers come or go: another thread appending to the same log needs to tell
   * this one of its appends only when they are of these types.
   */
  watchAppendWakes(watcher: (types: ReadonlySet<string> | undefined) => void): () => void {
    this.wakesWatchers.add(watcher);
    watcher(this.appendWakes());
    return () => this.wakesWatchers.delete(watcher);
  }

  private appendWakes(): ReadonlySet<string> | undefined {
    const union = new Set<string>();
    for (const types of this.subscribers.values()) {
      if (!types) return undefined;
      for (const type of types) union.add(type);
    }
    return union;
  }

  private wakesChanged(): void {
    if (this.wakesWatchers.size === 0) return;
    const types = this.appendWakes();
    for (const watcher of this.wakesWatchers) watcher(types);
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
