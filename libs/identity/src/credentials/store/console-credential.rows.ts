import type { SqlClient } from '#event-store';

/** Login profile, MFA device and console session rows of one user: the secrets behind console sign-in. */
export const consoleCredentialRows = {
  async setLoginProfile(
    client: SqlClient,
    row: { userId: string; userName: string; passwordHash: string; mfaBindRequired: boolean; setAt: Date },
  ): Promise<void> {
    await client.query(
      `INSERT INTO login_profiles (user_id, user_name, password_hash, mfa_bind_required, password_set_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (user_id) DO UPDATE SET password_hash = EXCLUDED.password_hash,
         mfa_bind_required = EXCLUDED.mfa_bind_required, password_set_at = EXCLUDED.password_set_at`,
      [row.userId, row.userName, row.passwordHash, row.mfaBindRequired, row.setAt],
    );
  },

  async deleteLoginProfile(client: SqlClient, userId: string): Promise<void> {
    await client.query(`DELETE FROM login_profiles WHERE user_id = $1`, [userId]);
  },

  async createMfaDevice(client: SqlClient, userId: string, serialNumber: string, sealedSeed: string) {
    await client.query(`INSERT INTO mfa_devices (user_id, serial_number, sealed_seed) VALUES ($1, $2, $3)`, [
      userId,
      serialNumber,
      sealedSeed,
    ]);
  },

  async sealedSeed(client: SqlClient, userId: string): Promise<string | undefined> {
    const { rows } = await client.query<{ sealed_seed: string }>(
      `SELECT sealed_seed FROM mfa_devices WHERE user_id = $1`,
      [userId],
    );
    return rows[0]?.sealed_seed;
  },

  async bindMfaDevice(client: SqlClient, userId: string): Promise<void> {
    await client.query(`UPDATE mfa_devices SET bound = true WHERE user_id = $1`, [userId]);
  },

  async deleteMfaDevice(client: SqlClient, userId: string): Promise<void> {
    await client.query(`DELETE FROM mfa_devices WHERE user_id = $1`, [userId]);
  },

  async revokeSessions(client: SqlClient, userId: string): Promise<void> {
    await client.query(`DELETE FROM console_sessions WHERE user_id = $1`, [userId]);
  },
};

/**
 * For the user delete: removes every console credential of the user in the delete's transaction (AccessKeys
 * are not removed here: they make the delete a `DeleteConflict.User.AccessKey`).
 */
export async function removeConsoleCredentials(client: SqlClient, userId: string): Promise<void> {
  await consoleCredentialRows.revokeSessions(client, userId);
  await consoleCredentialRows.deleteMfaDevice(client, userId);
  await consoleCredentialRows.deleteLoginProfile(client, userId);
}
