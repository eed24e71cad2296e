import type { SqlClient } from '#event-store';
import type { OwnerEvent, OwnerTargetType } from './domain/owner.events.js';

export interface OwnerRow {
  user_id: string;
  user_name: string;
}

/** The owners rows, kept in the transaction that appends the owner events. */
export async function recordOwners(client: SqlClient, events: readonly OwnerEvent[]): Promise<void> {
  for (const { type, data } of events) {
    if (type === 'OwnerAdded') {
      await client.query(
        `INSERT INTO owners (target_type, target_id, user_id, user_name) VALUES ($1, $2, $3, $4)`,
        [data.targetType, data.targetId, data.userId, data.userName],
      );
    } else {
      await client.query(`DELETE FROM owners WHERE target_type = $1 AND target_id = $2 AND user_id = $3`, [
        data.targetType,
        data.targetId,
        data.userId,
      ]);
    }
  }
}

/**
 * The target's owners, their rows locked FOR SHARE: an owner removal racing an approval then waits for it,
 * and an approval after the removal committed no longer finds the approver.
 */
export async function lockOwners(
  client: SqlClient,
  targetType: OwnerTargetType,
  targetId: string,
): Promise<OwnerRow[]> {
  const { rows } = await client.query<OwnerRow>(
    `SELECT user_id, user_name FROM owners WHERE target_type = $1 AND target_id = $2
     ORDER BY user_id FOR SHARE`,
    [targetType, targetId],
  );
  return rows;
}
