import { DomainError } from '#common';
import type { SqlClient } from '#event-store';
import { newSessionToken, SESSION_TOKEN_PREFIX, secretDigest } from '../secrets/random-credentials.js';

export const CONSOLE_SESSION_SECONDS = 3600;

export interface ConsoleSession {
  userId: string;
  userName: string;
  mfaPresent: boolean;
}

/** Console sessions: an opaque `alc_` token for the caller, only its SHA-256 in `console_sessions`. */
export const consoleSessions = {
  async issue(client: SqlClient, session: ConsoleSession, now: Date) {
    const securityToken = newSessionToken();
    const expiration = new Date(now.getTime() + CONSOLE_SESSION_SECONDS * 1000);
    // Expired sessions of this user are of no further use: clear them as new ones are made.
    await client.query(`DELETE FROM console_sessions WHERE user_id = $1 AND expires_at <= $2`, [
      session.userId,
      now,
    ]);
    await client.query(
      `INSERT INTO console_sessions (token_hash, user_id, user_name, mfa_present, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [secretDigest(securityToken), session.userId, session.userName, session.mfaPresent, now, expiration],
    );
    return { securityToken, expiration };
  },

  isConsoleToken: (token: string) => token.startsWith(SESSION_TOKEN_PREFIX),

  /**
   * The session of a token, if it is still valid: its user still exists under the same name (a deleted and
   * re-created user is a new principal) and the session was not revoked. Throws `TokenExpired` after expiry.
   */
  async resolve(client: SqlClient, token: string, now: Date): Promise<ConsoleSession | undefined> {
    const { rows } = await client.query<{
      user_id: string;
      user_name: string;
      mfa_present: boolean;
      expires_at: Date;
    }>(
      `SELECT s.user_id, s.user_name, s.mfa_present, s.expires_at FROM console_sessions s
       JOIN name_reservations n ON n.kind = 'User' AND n.name_key = lower(s.user_name) AND n.owner_id = s.user_id
       WHERE s.token_hash = $1`,
      [secretDigest(token)],
    );
    const row = rows[0];
    if (!row) return undefined;
    if (row.expires_at <= now) throw new DomainError('TokenExpired', 'The console session has expired', 401);
    return { userId: row.user_id, userName: row.user_name, mfaPresent: row.mfa_present };
  },
};
