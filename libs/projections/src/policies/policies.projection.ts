import type { SqlClient, StoredEvent } from '#event-store';
import type { PolicyEvent } from '#identity';
import type { Projection } from '../runner/projection.js';

/** Custom policies and their versions, for GET /v1/policies and the documents of effective policies. */
export class PoliciesProjection implements Projection {
  readonly name = 'policies';
  readonly handles = new Set([
    'PolicyCreated',
    'PolicyVersionCreated',
    'DefaultPolicyVersionSet',
    'PolicyVersionDeleted',
    'PolicyDeleted',
  ]);

  async apply(client: SqlClient, stored: StoredEvent): Promise<void> {
    const event = stored as unknown as PolicyEvent;
    const at = stored.occurredAt;
    switch (event.type) {
      case 'PolicyCreated': {
        const d = event.data;
        await client.query(
          `INSERT INTO policies_view (policy_id, account_id, policy_name, policy_name_key, description,
                                      default_version_id, create_date, update_date)
           VALUES ($1, $2, $3, lower($3), $4, $5, $6, $6) ON CONFLICT (policy_id) DO NOTHING`,
          [d.policyId, d.accountId, d.policyName, d.description ?? null, d.versionId, d.createDate],
        );
        await insertVersion(client, d.policyId, d.versionId, d.policyDocument, d.createDate);
        return;
      }
      case 'PolicyVersionCreated': {
        const d = event.data;
        await insertVersion(client, d.policyId, d.versionId, d.policyDocument, at);
        await touch(client, d.policyId, at, d.setAsDefault ? d.versionId : null);
        return;
      }
      case 'DefaultPolicyVersionSet':
        await touch(client, event.data.policyId, at, event.data.versionId);
        return;
      case 'PolicyVersionDeleted':
        await client.query(`DELETE FROM policy_versions_view WHERE policy_id = $1 AND version_id = $2`, [
          event.data.policyId,
          event.data.versionId,
        ]);
        await touch(client, event.data.policyId, at, null);
        return;
      case 'PolicyDeleted':
        await client.query(`DELETE FROM policy_versions_view WHERE policy_id = $1`, [event.data.policyId]);
        await client.query(`DELETE FROM policies_view WHERE policy_id = $1`, [event.data.policyId]);
    }
  }

  async reset(client: SqlClient): Promise<void> {
    await client.query(`TRUNCATE policies_view, policy_versions_view`);
  }
}

function insertVersion(
  client: SqlClient,
  policyId: string,
  versionId: string,
  document: string,
  createDate: Date | string,
) {
  return client.query(
    `INSERT INTO policy_versions_view (policy_id, version_id, version_number, policy_document, create_date)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
    [policyId, versionId, Number(versionId.slice(1)), document, createDate],
  );
}

function touch(client: SqlClient, policyId: string, at: Date, defaultVersionId: string | null) {
  return client.query(
    `UPDATE policies_view SET update_date = $2, default_version_id = coalesce($3, default_version_id)
     WHERE policy_id = $1`,
    [policyId, at, defaultVersionId],
  );
}
