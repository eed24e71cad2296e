import { DomainError } from '#common';
import type { SqlClient } from '#event-store';

/** Constraint tables that record who references a principal (docs/identity-design.md). */
type ReferenceTable = 'group_memberships' | 'policy_attachments' | 'access_key_index' | 'owners';

/** A reference that blocks a delete: where to look, and the 409 to answer while it exists. */
export interface Dependent {
  table: ReferenceTable;
  column: 'group_id' | 'user_id' | 'principal_id' | 'target_id';
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

/**
 * Owners (issue 6, table `owners` of the governance lib): like RAM's members and policies, ownership must be
 * removed before the owner or the owned group, role or policy is deleted, so no approver is left dangling.
 */
export const OWNER_OF: Dependent = {
  table: 'owners',
  column: 'user_id',
  code: 'DeleteConflict.User.Owner',
  message: 'The user still owns groups, roles or policies; remove the ownership first',
};

export const ownedBy = (kind: 'Group' | 'Role' | 'Policy'): Dependent => ({
  table: 'owners',
  column: 'target_id',
  code: `DeleteConflict.${kind}.Owner`,
  message: `The ${kind.toLowerCase()} still has owners; remove them first`,
});

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
