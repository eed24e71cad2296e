import type pg from 'pg';
import { arn } from '#common';
import type { SqlClient } from '#event-store';
import type { ExistingTrustChange } from '../domain/trust-change.state.js';

/** A trust-policy change as the API shows it. */
export type TrustChangeView = ExistingTrustChange & { roleArn: string; accountId?: never };

export const toView = (change: ExistingTrustChange, accountId: string): TrustChangeView => ({
  ...change,
  roleArn: arn.role(accountId, change.roleName),
});

/** Writes the change's row in the transaction that appended its events. */
export async function saveTrustChange(client: pg.PoolClient, change: ExistingTrustChange): Promise<void> {
  await client.query(
    `INSERT INTO trust_policy_changes (change_id, role_id, role_name_key, status, list_key, expires_at, change)
     VALUES ($1, $2, lower($3), $4, $5, $6, $7)
     ON CONFLICT (change_id) DO UPDATE SET status = excluded.status, change = excluded.change`,
    [
      change.changeId,
      change.roleId,
      change.roleName,
      change.status,
      `${change.proposedAt}|${change.changeId}`,
      change.expiresAt,
      JSON.stringify(change),
    ],
  );
}

export async function findTrustChange(
  db: SqlClient,
  changeId: string,
): Promise<ExistingTrustChange | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(changeId)) return undefined;
  const { rows } = await db.query<{ change: ExistingTrustChange }>(
    `SELECT change FROM trust_policy_changes WHERE change_id = $1`,
    [changeId],
  );
  return rows[0]?.change;
}
