import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { Database } from '#event-store';
import { withTimeout } from '#common';

export interface LeaderLockCallbacks {
  onAcquired(): void | Promise<void>;
  onLost(): void | Promise<void>;
  onError?(error: unknown): void;
}

export interface LeaderLockTiming {
  /** How often a follower tries to take the lock. Default 1000 ms. */
  retryMs?: number;
  /** How often the leader checks that its lock connection still answers. Default 2000 ms. */
  checkMs?: number;
  /** A check slower than this counts as a lost connection (a half-open socket never errors). Default 5000 ms. */
  checkTimeoutMs?: number;
}

/**
 * Leadership by a session-level advisory lock held on one dedicated connection: if the process dies, the
 * connection closes and the lock frees, so another worker takes over without a lease to expire. The leader
 * checks its connection periodically and steps down as soon as it is gone, since the lock went with it.
 * Attempts, checks, losses and stop run one at a time, so leadership never starts after stop().
 */
export class LeaderLock {
  private readonly key: string;
  private client?: pg.PoolClient;
  private timer?: NodeJS.Timeout;
  private stopped = true;
  private leading = false;
  private turn = 0;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Database,
    name: string,
    private readonly callbacks: LeaderLockCallbacks,
    private readonly timing: LeaderLockTiming = {},
  ) {
    this.key = createHash('sha256').update(`access-ledger:${name}`).digest().readBigInt64BE(0).toString();
  }

  get isLeader(): boolean {
    return this.leading;
  }

  start(): Promise<void> {
    this.stopped = false;
    return this.serially(() => this.tick());
  }

  stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    return this.serially(() => this.release());
  }

  private serially(step: () => Promise<void>): Promise<void> {
    const run = this.chain.then(step);
    this.chain = run.catch((error: unknown) => this.callbacks.onError?.(error));
    return run;
  }

  /** Follower: try to take the lock. Leader: check that the connection holding it still answers. */
  private async tick(): Promise<void> {
    if (this.stopped) return;
    try {
      if (this.leading) {
        const timeoutMs = this.timing.checkTimeoutMs ?? 5000;
        const answered = await withTimeout(
          this.client!.query('SELECT 1').then(() => true),
          timeoutMs,
        );
        if (!answered) throw new Error(`leader lock connection did not answer within ${timeoutMs} ms`);
      } else {
        this.client ??= await this.connect();
        const { rows } = await this.client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [
          this.key,
        ]);
        // Taken while stop() was waiting its turn: release() gives it back without ever leading.
        if (rows[0].ok && !this.stopped) {
          this.leading = true;
          await this.callbacks.onAcquired();
        }
      }
    } catch (error) {
      this.callbacks.onError?.(error);
      await this.lose();
    }
    this.schedule();
  }

  /** The next tick: a leader's check, or a follower's attempt (also right after leadership was lost). */
  private schedule(): void {
    clearTimeout(this.timer);
    if (this.stopped) return;
    const delay = this.leading ? (this.timing.checkMs ?? 2000) : (this.timing.retryMs ?? 1000);
    // A tick whose timer fired before a reschedule and that waited its turn is superseded.
    const turn = ++this.turn;
    this.timer = setTimeout(
      () => void this.serially(() => (turn === this.turn ? this.tick() : Promise.resolve())),
      delay,
    );
  }

  private async connect(): Promise<pg.PoolClient> {
    const client = await this.db.pool.connect();
    client.on('error', (error) => {
      this.callbacks.onError?.(error);
      void this.serially(async () => {
        if (this.client !== client) return;
        await this.lose();
        this.schedule();
      });
    });
    return client;
  }

  /** The connection is gone, and the lock with it: stop leading at once. */
  private async lose(): Promise<void> {
    this.client?.release(true);
    this.client = undefined;
    if (this.leading) {
      this.leading = false;
      await this.callbacks.onLost();
    }
  }

  private async release(): Promise<void> {
    if (this.leading) {
      this.leading = false;
      await this.callbacks.onLost();
    }
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    const unlocked = await client.query('SELECT pg_advisory_unlock($1)', [this.key]).then(
      () => true,
      () => false,
    );
    client.release(!unlocked);
  }
}
