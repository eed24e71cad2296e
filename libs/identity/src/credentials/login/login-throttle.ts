import { DomainError } from '#common';
import type { SqlClient } from '#event-store';

const MAX_ATTEMPTS = 5;
const WINDOW = '15 minutes';
const PRUNE_SHARE = 0.01;

/**
 * At most 5 unsuccessful sign-ins per user name in 15 minutes; then the name is locked for 15 minutes.
 * Keyed by the name as typed (lower case), whether or not such a user exists, so the lockout itself does not
 * reveal which names exist. An attempt is counted before the password is checked, so concurrent guesses
 * cannot slip past the limit; a success clears the count.
 */
export const loginThrottle = {
  async begin(client: SqlClient, userName: string, now: Date): Promise<void> {
    const { rows } = await client.query<{ attempts: number; locked: boolean }>(
      `INSERT INTO login_attempts AS a (name_key, attempts, window_start) VALUES (lower($1), 1, $2)
       ON CONFLICT (name_key) DO UPDATE SET
         attempts = CASE WHEN ${windowOver} THEN 1 ELSE a.attempts + 1 END,
         window_start = CASE WHEN ${windowOver} THEN $2 ELSE a.window_start END
       RETURNING attempts, coalesce(locked_until > $2, false) AS locked`,
      [userName, now],
    );
    if (rows[0].locked || rows[0].attempts > MAX_ATTEMPTS) {
      throw new DomainError('Throttling', 'Too many failed sign-in attempts; try again later', 429);
    }
  },

  async failed(client: SqlClient, userName: string, now: Date): Promise<void> {
    // Failures under names nobody holds leave rows behind; now and then, drop those long past any window.
    if (Math.random() < PRUNE_SHARE) {
      await client.query(
        `DELETE FROM login_attempts WHERE window_start < $1::timestamptz - interval '1 day'
         AND (locked_until IS NULL OR locked_until < $1)`,
        [now],
      );
    }
    await client.query(
      `UPDATE login_attempts SET locked_until = $2::timestamptz + interval '${WINDOW}'
       WHERE name_key = lower($1) AND attempts >= ${MAX_ATTEMPTS} AND (locked_until IS NULL OR locked_until <= $2)`,
      [userName, now],
    );
  },

  async succeeded(client: SqlClient, userName: string): Promise<void> {
    await client.query(`DELETE FROM login_attempts WHERE name_key = lower($1)`, [userName]);
  },
};

// The window restarts once it is older than 15 minutes and any lock has run out.
const windowOver = `a.window_start <= $2::timestamptz - interval '${WINDOW}'
  AND (a.locked_until IS NULL OR a.locked_until <= $2)`;
