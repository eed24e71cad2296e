import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { toPage } from '#common';
import { Database } from '#event-store';
import { findPolicy } from '../../policies/policy-lookup.js';
import { type AttachmentRow, type AttachmentView, attachmentViewFromRow } from '../attachment.view.js';
import { ListPolicyAttachments } from './list-policy-attachments.query.js';

@QueryHandler(ListPolicyAttachments)
export class ListPolicyAttachmentsHandler implements IQueryHandler<ListPolicyAttachments> {
  constructor(private readonly db: Database) {}

  async execute({ policyType, policyName, page }: ListPolicyAttachments) {
    const found = await findPolicy(this.db, policyType, policyName);
    const key =
      found.policyType === 'System' ? `System:${found.system.policyName}` : `Custom:${found.row.policy_id}`;
    const { rows } = await this.db.query<AttachmentRow & { sort_key: string }>(
      `SELECT * FROM (
         SELECT *, principal_type || ':' || lower(principal_name) || ':' || principal_id AS sort_key
         FROM attachments_view WHERE policy_key = $1) a
       WHERE $2::text IS NULL OR sort_key > $2 ORDER BY sort_key LIMIT $3`,
      [key, page.after ?? null, page.limit + 1],
    );
    const { items, nextCursor } = toPage(rows, page.limit, (row) => row.sort_key);
    const attachments: AttachmentView[] = items.map(attachmentViewFromRow);
    return { attachments, ...(nextCursor && { nextCursor }) };
  }
}
