import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Database } from '#event-store';
import { findPolicy } from '../policy-lookup.js';
import { customPolicyView, type PolicyView, systemPolicyView } from '../policy.view.js';
import { GetPolicy } from './get-policy.query.js';

@QueryHandler(GetPolicy)
export class GetPolicyHandler implements IQueryHandler<GetPolicy, PolicyView> {
  constructor(private readonly db: Database) {}

  async execute({ policyType, policyName }: GetPolicy): Promise<PolicyView> {
    const found = await findPolicy(this.db, policyType, policyName);
    if (found.policyType === 'Custom') return customPolicyView(found.row);
    const { rows } = await this.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM attachments_view WHERE policy_key = $1`,
      [`System:${found.system.policyName}`],
    );
    return systemPolicyView(found.system, rows[0].n, true);
  }
}
