import type { SqlClient } from '../sql/database.js';
import { type CommitOrderCheckpoint, START_OF_LOG } from '../event.js';

/** A consumer's place in the commit-ordered log; saved in the same transaction as the consumer's effect. */
export async function loadCheckpoint(client: SqlClient, consumer: string): Promise<CommitOrderCheckpoint> {
  const { rows } = await client.query<{ transaction_id: string; global_position: number }>(
    `SELECT transaction_id::text AS transaction_id, global_position FROM consumer_checkpoints WHERE consumer = $1`,
    [consumer],
  );
  return rows[0]
    ? { transactionId: rows[0].transaction_id, position: rows[0].global_position }
    : START_OF_LOG;
}

export function saveCheckpoint(
  client: SqlClient,
  consumer: string,
  checkpoint: CommitOrderCheckpoint,
): Promise<void> {
  return saveCheckpoints(client, [consumer], checkpoint);
}

/** Several consumers that reached the same place together (one statement). */
export async function saveCheckpoints(
  client: SqlClient,
  consumers: readonly string[],
  checkpoint: CommitOrderCheckpoint,
): Promise<void> {
  if (consumers.length === 0) return;
  await client.query(
    `INSERT INTO consumer_checkpoints (consumer, transaction_id, global_position, updated_at)
     SELECT consumer, $2::xid8, $3, now() FROM unnest($1::text[]) AS c(consumer)
     ON CONFLICT (consumer) DO UPDATE
       SET transaction_id = EXCLUDED.transaction_id, global_position = EXCLUDED.global_position, updated_at = now()`,
    [consumers, checkpoint.transactionId, checkpoint.position],
  );
}

export async function resetCheckpoint(client: SqlClient, consumer: string): Promise<void> {
  await client.query(`DELETE FROM consumer_checkpoints WHERE consumer = $1`, [consumer]);
}
