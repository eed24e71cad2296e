import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Database } from '#event-store';
import { type AttachmentRow, type AttachmentView, attachmentViewFromRow } from '../attachment.view.js';
import { principalIdByName } from '../principal-lookup.js';
import { ListPrincipalPolicies } from './list-principal-policies.query.js';

@QueryHandler(ListPrincipalPolicies)
export class ListPrincipalPoliciesHandler implements IQueryHandler<ListPrincipalPolicies> {
  constructor(private readonly db: Database) {}

  async execute({
    principalType,
    principalName,
  }: ListPrincipalPolicies): Promise<{ policies: AttachmentView[] }> {
    const principalId = await principalIdByName(this.db, principalType, principalName);
    const { rows } = await this.db.query<AttachmentRow>(
      `SELECT * FROM attachments_view WHERE principal_type = $1 AND principal_id = $2
       ORDER BY policy_type, lower(policy_name)`,
      [principalType, principalId],
    );
    return { policies: rows.map(attachmentViewFromRow) };
  }
}
