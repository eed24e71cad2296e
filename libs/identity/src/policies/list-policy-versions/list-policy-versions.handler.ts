import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Database } from '#event-store';
import { findPolicy } from '../policy-lookup.js';
import { type PolicyVersionView, SYSTEM_POLICY_DATE } from '../policy.view.js';
import { ListPolicyVersions } from './list-policy-versions.query.js';

/** At most five versions per policy: no pagination needed. */
@QueryHandler(ListPolicyVersions)
export class ListPolicyVersionsHandler implements IQueryHandler<ListPolicyVersions> {
  constructor(private readonly db: Database) {}

  async execute({ policyType, policyName }: ListPolicyVersions): Promise<{ versions: PolicyVersionView[] }> {
    const found = await findPolicy(this.db, policyType, policyName);
    if (found.policyType === 'System') {
      const { versionId, documentText } = found.system;
      return {
        versions: [
          { versionId, isDefaultVersion: true, policyDocument: documentText, createDate: SYSTEM_POLICY_DATE },
        ],
      };
    }
    const { rows } = await this.db.query<{ version_id: string; policy_document: string; create_date: Date }>(
      `SELECT version_id, policy_document, create_date FROM policy_versions_view
       WHERE policy_id = $1 ORDER BY version_number`,
      [found.row.policy_id],
    );
    return {
      versions: rows.map((row) => ({
        versionId: row.version_id,
        isDefaultVersion: row.version_id === found.row.default_version_id,
        policyDocument: row.policy_document,
        createDate: row.create_date.toISOString(),
      })),
    };
  }
}
