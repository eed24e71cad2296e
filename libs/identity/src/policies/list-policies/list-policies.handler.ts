import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { toPage } from '#common';
import { Database } from '#event-store';
import { SYSTEM_POLICIES } from '#policy';
import { assertPolicyType } from '../domain/policy.rules.js';
import {
  customPolicyView,
  POLICY_COLUMNS,
  type PolicyRow,
  type PolicyView,
  systemPolicyView,
} from '../policy.view.js';
import { ListPolicies } from './list-policies.query.js';

interface Listed {
  key: string;
  view: PolicyView;
}

/** Custom policies then system policies, each by name; the cursor is `<type>:<name key>`. */
@QueryHandler(ListPolicies)
export class ListPoliciesHandler implements IQueryHandler<ListPolicies> {
  constructor(private readonly db: Database) {}

  async execute({
    policyType,
    page,
  }: ListPolicies): Promise<{ policies: PolicyView[]; nextCursor?: string }> {
    if (policyType !== undefined) assertPolicyType(policyType);
    const after = page.after ?? '';
    const listed: Listed[] = [];
    if (policyType !== 'System') listed.push(...(await this.custom(after, page.limit + 1)));
    if (policyType !== 'Custom' && listed.length <= page.limit) listed.push(...(await this.system(after)));
    const { items, nextCursor } = toPage(listed.slice(0, page.limit + 1), page.limit, (item) => item.key);
    return { policies: items.map((item) => item.view), ...(nextCursor && { nextCursor }) };
  }

  private async custom(after: string, limit: number): Promise<Listed[]> {
    const { rows } = await this.db.query<PolicyRow & { key: string }>(
      `SELECT ${POLICY_COLUMNS}, 'Custom:' || p.policy_name_key AS key FROM policies_view p
       WHERE 'Custom:' || p.policy_name_key > $1 ORDER BY key LIMIT $2`,
      [after, limit],
    );
    return rows.map((row) => ({ key: row.key, view: customPolicyView(row) }));
  }

  private async system(after: string): Promise<Listed[]> {
    const { rows } = await this.db.query<{ policy_key: string; n: number }>(
      `SELECT policy_key, count(*)::int AS n FROM attachments_view WHERE policy_type = 'System' GROUP BY policy_key`,
    );
    const counts = new Map(rows.map((row) => [row.policy_key, row.n]));
    return SYSTEM_POLICIES.map((policy) => ({
      key: `System:${policy.policyName.toLowerCase()}`,
      view: systemPolicyView(policy, counts.get(`System:${policy.policyName}`) ?? 0, false),
    }))
      .filter((item) => item.key > after)
      .sort((a, b) => (a.key < b.key ? -1 : 1));
  }
}
