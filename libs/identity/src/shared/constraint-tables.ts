import { DomainError } from '#common';
import type { SqlClient } from '#event-store';

/** Constraint tables that record who references a principal (docs/identity-design.md). */
type ReferenceTable = 'group_memberships' | 'policy_attachments' | 'access_key_index';

/** A reference that blocks a delete: where to look, and the 409 to answer while it exists. */
export interface Dependent {
  table: ReferenceTable;
  column: 'group_id' | 'user_id' | 'principal_id';
  /** For `policy_attachments`: the principal's kind, the first column of its index. */
  principalType?: 'User' | 'Group' | 'Role';
  code: string;
  message: string;
}

/**
 * Whether any row of the dependent's table references `id`. Read in the deleting transaction after the name
 * row is locked FOR UPDATE: a writer adding a reference holds that row FOR SHARE, so it either committed
 * before (and is seen here) or waits and then finds the name gone.
 */
export async function isReferenced(client: SqlClient, dependent: Dependent, id: string): Promise<boolean> {
  const { table, column, principalType } = dependent;
  const { rows } =
    principalType === undefined
      ? await client.query(`SELECT 1 FROM ${table} WHERE ${column} = $1 LIMIT 1`, [id])
      : await client.query(`SELECT 1 FROM ${table} WHERE principal_type = $2 AND ${column} = $1 LIMIT 1`, [
          id,
          principalType,
        ]);
  return rows.length > 0;
}

export async function refuseWhileReferenced(
  client: SqlClient,
  id: string,
  dependents: readonly Dependent[],
): Promise<void> {
  for (const dependent of dependents) {
    if (await isReferenced(client, dependent, id))
      throw new DomainError(dependent.code, dependent.message, 409);
  }
}
