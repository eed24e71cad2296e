import { createHash } from 'node:crypto';
import { DomainError } from '#common';
import type { Database } from '#event-store';

export interface StoredResponse {
  statusCode: number;
  body: unknown;
  position: number | null;
}

const WAIT_MS = 5000;
const STALE_PENDING_MS = 60_000;

export const requestHash = (method: string, path: string, body: unknown) =>
  createHash('sha256')
    .update(`${method} ${path}\n${JSON.stringify(body ?? null)}`)
    .digest('hex');

/**
 * Idempotency keys per caller. A key is claimed before the work runs, so two concurrent requests with the
 * same key cannot both execute; the loser waits for the winner's response.
 */
export class IdempotencyStore {
  constructor(private readonly db: Database) {}

  /** Returns the earlier response to replay, or undefined when this request now owns the key. */
  async claim(actorArn: string, key: string, hash: string): Promise<StoredResponse | undefined> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const inserted = await this.db.query(
        `INSERT INTO idempotency_keys (actor_arn, idempotency_key, request_hash, state)
         VALUES ($1, $2, $3, 'pending') ON CONFLICT DO NOTHING`,
        [actorArn, key, hash],
      );
      if (inserted.rowCount === 1) return undefined;
      const { rows } = await this.db.query<{
        request_hash: string;
        state: string;
        status_code: number | null;
        response_body: unknown;
        position: number | null;
        age_ms: number;
      }>(
        `SELECT request_hash, state, status_code, response_body, position,
                (extract(epoch FROM now() - created_at) * 1000)::int AS age_ms
         FROM idempotency_keys WHERE actor_arn = $1 AND idempotency_key = $2`,
        [actorArn, key],
      );
      const row = rows[0];
      if (!row) continue;
      if (row.request_hash !== hash) {
        throw new DomainError(
          'IdempotentParameterMismatch',
          'The Idempotency-Key was already used with a different request',
          409,
        );
      }
      if (row.state === 'done')
        return { statusCode: row.status_code!, body: row.response_body, position: row.position };
      if (row.age_ms > STALE_PENDING_MS) {
        await this.release(actorArn, key);
        continue;
      }
      if (Date.now() > deadline) {
        throw new DomainError(
          'ConcurrentModification',
          'A request with this Idempotency-Key is in progress',
          409,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async complete(actorArn: string, key: string, response: StoredResponse): Promise<void> {
    await this.db.query(
      `UPDATE idempotency_keys SET state = 'done', status_code = $3, response_body = $4, position = $5
       WHERE actor_arn = $1 AND idempotency_key = $2`,
      [actorArn, key, response.statusCode, JSON.stringify(response.body ?? null), response.position],
    );
  }

  async release(actorArn: string, key: string): Promise<void> {
    await this.db.query(`DELETE FROM idempotency_keys WHERE actor_arn = $1 AND idempotency_key = $2`, [
      actorArn,
      key,
    ]);
  }
}
