import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { Database } from '#event-store';

export interface LeaderLockCallbacks {
  onAcquired(): void | Promise<void>;
  onLost(): void | Promise<void>;
  onError?(error: unknown): void;
}

/**
 * Leadership by a session-level advisory lock held on one dedicated connection: if the process dies, the
 * connection closes and the lock frees, so another worker takes over without a lease to expire.
 */
export class LeaderLock {
  private readonly key: bigint;
  private client?: pg.PoolClient;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private leading = false;

  constructor(
    private readonly db: Database,
    name: string,
    private readonly callbacks: LeaderLockCallbacks,
    private readonly retryMs = 1000,
  ) {
    this.key = createHash('sha256').update(`access-ledger:${name}`).digest().readBigInt64BE(0);
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.tryAcquire();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.leading) await this.callbacks.onLost();
    this.leading = false;
    const client = this.client;
    this.client = undefined;
    if (client) {
      await client.query('SELECT pg_advisory_unlock($1)', [this.key.toString()]).catch(() => undefined);
      client.release();
    }
  }

  private async tryAcquire(): Promise<void> {
    if (this.stopped) return;
    try {
      this.client ??= await this.connect();
      const { rows } = await this.client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [
        this.key.toString(),
      ]);
      if (rows[0].ok) {
        this.leading = true;
        await this.callbacks.onAcquired();
        return;
      }
    } catch (error) {
      this.callbacks.onError?.(error);
      this.dropClient();
    }
    this.timer = setTimeout(() => void this.tryAcquire(), this.retryMs);
  }

  private async connect(): Promise<pg.PoolClient> {
    const client = await this.db.pool.connect();
    client.on('error', (error) => {
      this.callbacks.onError?.(error);
      void this.lose();
    });
    return client;
  }

  private async lose(): Promise<void> {
    this.dropClient();
    if (this.leading) {
      this.leading = false;
      await this.callbacks.onLost();
    }
    if (!this.stopped) this.timer = setTimeout(() => void this.tryAcquire(), this.retryMs);
  }

  private dropClient(): void {
    this.client?.release(true);
    this.client = undefined;
  }
}
