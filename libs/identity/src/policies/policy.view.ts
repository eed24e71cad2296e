import type { SystemPolicy } from '#policy';
import { requireActivePolicy } from './domain/policy.decider.js';
import type { PolicyType } from './domain/policy.rules.js';
import type { PolicyState } from './domain/policy.state.js';

/** A policy as the API shows it; `policyDocument` is the default version's JSON text (single reads only). */
export interface PolicyView {
  policyType: PolicyType;
  policyName: string;
  policyId?: string;
  description?: string;
  defaultVersion: string;
  attachmentCount: number;
  createDate: string;
  updateDate: string;
  policyDocument?: string;
}

export interface PolicyVersionView {
  versionId: string;
  isDefaultVersion: boolean;
  policyDocument: string;
  createDate: string;
}

export interface PolicyRow {
  policy_id: string;
  policy_name: string;
  description: string | null;
  default_version_id: string;
  create_date: Date;
  update_date: Date;
  attachment_count: number;
  policy_document?: string;
}

/** System policies ship with the service; they have no history of their own. */
export const SYSTEM_POLICY_DATE = '2026-01-01T00:00:00.000Z';

/** Custom policy columns with the attachment count; `p` is policies_view. */
export const POLICY_COLUMNS = `p.policy_id, p.policy_name, p.description, p.default_version_id, p.create_date,
  p.update_date, (SELECT count(*)::int FROM attachments_view a WHERE a.policy_key = 'Custom:' || p.policy_id)
  AS attachment_count`;

export function customPolicyView(row: PolicyRow): PolicyView {
  return {
    policyType: 'Custom',
    policyName: row.policy_name,
    policyId: row.policy_id,
    ...(row.description !== null && { description: row.description }),
    defaultVersion: row.default_version_id,
    attachmentCount: row.attachment_count,
    createDate: row.create_date.toISOString(),
    updateDate: row.update_date.toISOString(),
    ...(row.policy_document !== undefined && { policyDocument: row.policy_document }),
  };
}

export function systemPolicyView(
  policy: SystemPolicy,
  attachmentCount: number,
  withDocument: boolean,
): PolicyView {
  return {
    policyType: 'System',
    policyName: policy.policyName,
    description: policy.description,
    defaultVersion: policy.versionId,
    attachmentCount,
    createDate: SYSTEM_POLICY_DATE,
    updateDate: SYSTEM_POLICY_DATE,
    ...(withDocument && { policyDocument: policy.documentText }),
  };
}

/** One version of a policy as the write routes answer it. */
export function versionView(state: PolicyState, versionId: string): PolicyVersionView {
  const policy = requireActivePolicy(state);
  const version = policy.versions.find((v) => v.versionId === versionId)!;
  return { ...version, isDefaultVersion: policy.defaultVersionId === versionId };
}
