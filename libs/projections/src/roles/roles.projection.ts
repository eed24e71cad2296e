import type { SqlClient, StoredEvent } from '#event-store';
import type { RoleCreated, RoleDeleted, RoleUpdated } from '#identity';
import type { Projection } from '../runner/projection.js';

/** The current roles, one row each, for GET /v1/roles. */
export class RolesProjection implements Projection {
  readonly name = 'roles';
  readonly handles = new Set(['RoleCreated', 'RoleUpdated', 'RoleDeleted', 'TrustPolicyChanged']);

  async apply(client: SqlClient, event: StoredEvent): Promise<void> {
    switch (event.type) {
      case 'RoleCreated': {
        const r = (event as StoredEvent<RoleCreated['data']>).data;
        await client.query(
          `INSERT INTO roles_view (role_id, account_id, role_name, role_name_key, description, max_session_duration,
                                   assume_role_policy_document, trust_policy_version, create_date, update_date)
           VALUES ($1, $2, $3, lower($3), $4, $5, $6, $7, $8, $8) ON CONFLICT (role_id) DO NOTHING`,
          [
            r.roleId,
            r.accountId,
            r.roleName,
            r.description ?? null,
            r.maxSessionDuration,
            r.assumeRolePolicyDocument,
            r.trustPolicyVersion,
            r.createDate,
          ],
        );
        return;
      }
      case 'RoleUpdated': {
        const { roleId, changes } = (event as StoredEvent<RoleUpdated['data']>).data;
        await client.query(
          `UPDATE roles_view SET description = CASE WHEN $2::boolean THEN $3 ELSE description END,
             max_session_duration = coalesce($4, max_session_duration), update_date = $5 WHERE role_id = $1`,
          [
            roleId,
            'description' in changes,
            changes.description ?? null,
            changes.maxSessionDuration ?? null,
            event.occurredAt,
          ],
        );
        return;
      }
      case 'TrustPolicyChanged': {
        const data = event.data as {
          roleId: string;
          assumeRolePolicyDocument: string;
          trustPolicyVersion: number;
        };
        await client.query(
          `UPDATE roles_view SET assume_role_policy_document = $2, trust_policy_version = $3, update_date = $4
           WHERE role_id = $1`,
          [data.roleId, data.assumeRolePolicyDocument, data.trustPolicyVersion, event.occurredAt],
        );
        return;
      }
      case 'RoleDeleted':
        await client.query(`DELETE FROM roles_view WHERE role_id = $1`, [
          (event.data as RoleDeleted['data']).roleId,
        ]);
    }
  }

  async reset(client: SqlClient): Promise<void> {
    await client.query(`TRUNCATE roles_view`);
  }
}
