import type { SqlClient, StoredEvent } from '#event-store';
import { type AttachmentData, policyKey } from '#identity';
import type { Projection } from '../runner/projection.js';

/**
 * Every grant in force: who holds which policy, since when, until when, and who granted it. Rows never
 * reference other read models, so events of different streams may arrive in any order (Kafka).
 */
export class AttachmentsProjection implements Projection {
  readonly name = 'attachments';
  readonly handles = new Set(['PolicyAttached', 'PolicyDetached', 'PolicyAttachmentExpired']);

  async apply(client: SqlClient, event: StoredEvent): Promise<void> {
    const d = event.data as AttachmentData;
    if (event.type !== 'PolicyAttached') {
      await client.query(`DELETE FROM attachments_view WHERE attachment_id = $1`, [d.attachmentId]);
      return;
    }
    await client.query(
      `INSERT INTO attachments_view (attachment_id, principal_type, principal_id, principal_name, policy_type,
                                     policy_name, policy_id, policy_key, expires_at, attach_date, attached_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (attachment_id) DO NOTHING`,
      [
        d.attachmentId,
        d.principalType,
        d.principalId,
        d.principalName,
        d.policyType,
        d.policyName,
        d.policyId ?? null,
        policyKey(d),
        d.expiresAt ?? null,
        event.occurredAt,
        event.metadata.actorArn,
      ],
    );
  }

  async reset(client: SqlClient): Promise<void> {
    await client.query(`TRUNCATE attachments_view`);
  }
}
