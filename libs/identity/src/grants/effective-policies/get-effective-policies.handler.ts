import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Database } from '#event-store';
import { findSystemPolicy } from '#policy';
import { principalIdByName } from '../principal-lookup.js';
import {
  type EffectivePolicyView,
  GetEffectivePolicies,
  type Provenance,
} from './get-effective-policies.query.js';

interface HeldRow {
  policy_type: 'System' | 'Custom';
  policy_name: string;
  policy_id: string | null;
  policy_key: string;
  expires_at: Date | null;
  group_name: string | null;
}

// The user's own grants, then its groups' grants (group_members_view is the memberships read model). A
// time-bound grant past its expiry is out of force even before the worker's event lands.
const HELD = `
  SELECT a.policy_type, a.policy_name, a.policy_id, a.policy_key, a.expires_at, NULL::text AS group_name
  FROM attachments_view a
  WHERE a.principal_type = 'User' AND a.principal_id = $1 AND (a.expires_at IS NULL OR a.expires_at > now())
  UNION ALL
  SELECT a.policy_type, a.policy_name, a.policy_id, a.policy_key, a.expires_at, m.group_name
  FROM group_members_view m
  JOIN attachments_view a ON a.principal_type = 'Group' AND a.principal_id = m.group_id::text
  WHERE m.user_id = $1::uuid AND (a.expires_at IS NULL OR a.expires_at > now())
  ORDER BY group_name NULLS FIRST`;

@QueryHandler(GetEffectivePolicies)
export class GetEffectivePoliciesHandler implements IQueryHandler<GetEffectivePolicies> {
  constructor(private readonly db: Database) {}

  async execute({ userName }: GetEffectivePolicies): Promise<{ policies: EffectivePolicyView[] }> {
    const userId = await principalIdByName(this.db, 'User', userName);
    const { rows } = await this.db.query<HeldRow>(HELD, [userId]);
    const documents = await this.customDocuments(rows);
    const byKey = new Map<string, EffectivePolicyView>();
    for (const row of rows) {
      const version =
        row.policy_type === 'System' ? systemDocument(row.policy_name) : documents.get(row.policy_id!);
      if (!version) continue; // a custom policy the policies read model has not caught up with
      const view = byKey.get(row.policy_key) ?? {
        policyType: row.policy_type,
        policyName: row.policy_name,
        ...version,
        via: [],
      };
      view.via.push(provenance(row));
      byKey.set(row.policy_key, view);
    }
    const policies = [...byKey.values()].sort(
      (a, b) => a.policyType.localeCompare(b.policyType) || a.policyName.localeCompare(b.policyName),
    );
    return { policies };
  }

  private async customDocuments(rows: HeldRow[]) {
    const ids = [...new Set(rows.flatMap((row) => (row.policy_id ? [row.policy_id] : [])))];
    if (ids.length === 0) return new Map<string, Version>();
    const { rows: versions } = await this.db.query<{
      policy_id: string;
      version_id: string;
      policy_document: string;
    }>(
      `SELECT p.policy_id, v.version_id, v.policy_document FROM policies_view p
       JOIN policy_versions_view v ON v.policy_id = p.policy_id AND v.version_id = p.default_version_id
       WHERE p.policy_id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map<string, Version>(
      versions.map((v) => [v.policy_id, { defaultVersion: v.version_id, policyDocument: v.policy_document }]),
    );
  }
}

type Version = Pick<EffectivePolicyView, 'defaultVersion' | 'policyDocument'>;

function systemDocument(policyName: string): Version | undefined {
  const system = findSystemPolicy(policyName);
  return system && { defaultVersion: system.versionId, policyDocument: system.documentText };
}

function provenance(row: HeldRow): Provenance {
  const expiry = row.expires_at ? { expiresAt: row.expires_at.toISOString() } : {};
  return row.group_name === null
    ? { kind: 'direct', ...expiry }
    : { kind: 'group', groupName: row.group_name, ...expiry };
}
