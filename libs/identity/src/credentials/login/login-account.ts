import type { SqlClient } from '#event-store';

export interface LoginAccount {
  user_id: string;
  user_name: string;
  password_hash: string;
  mfa_bind_required: boolean;
  sealed_seed: string | null;
  mfa_bound: boolean | null;
  last_used_step: number | null;
}

/** The sign-in secrets of the user who holds this name now, if that user has a login profile. */
export async function findLoginAccount(
  client: SqlClient,
  userName: string,
): Promise<LoginAccount | undefined> {
  const { rows } = await client.query<LoginAccount>(
    `SELECT p.user_id, p.user_name, p.password_hash, p.mfa_bind_required,
            m.sealed_seed, m.bound AS mfa_bound, m.last_used_step
     FROM name_reservations n
     JOIN login_profiles p ON p.user_id = n.owner_id
     LEFT JOIN mfa_devices m ON m.user_id = p.user_id
     WHERE n.kind = 'User' AND n.name_key = lower($1)`,
    [userName],
  );
  return rows[0];
}

/** Spends a TOTP step: each code signs in once, even under concurrent attempts. */
export async function spendMfaStep(client: SqlClient, userId: string, step: number): Promise<boolean> {
  const { rowCount } = await client.query(
    `UPDATE mfa_devices SET last_used_step = $2
     WHERE user_id = $1 AND bound AND (last_used_step IS NULL OR last_used_step < $2)`,
    [userId, step],
  );
  return rowCount === 1;
}
