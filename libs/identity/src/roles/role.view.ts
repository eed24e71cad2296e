import { arn } from '#common';
import type { TrustAnalysis } from './domain/trust-analysis.js';

/** A role as the API shows it; the trust policy is JSON text, as in RAM's API. */
export interface RoleView {
  roleId: string;
  roleName: string;
  arn: string;
  description?: string;
  assumeRolePolicyDocument: string;
  trustPolicyVersion: number;
  maxSessionDuration: number;
  createDate: string;
  updateDate: string;
  trustAnalysis?: TrustAnalysis;
}

export interface RoleRow {
  role_id: string;
  account_id: string;
  role_name: string;
  description: string | null;
  assume_role_policy_document: string;
  trust_policy_version: number;
  max_session_duration: number;
  create_date: Date;
  update_date: Date;
}

export function roleViewFromRow(row: RoleRow): RoleView {
  return {
    roleId: row.role_id,
    roleName: row.role_name,
    arn: arn.role(row.account_id, row.role_name),
    ...(row.description !== null && { description: row.description }),
    assumeRolePolicyDocument: row.assume_role_policy_document,
    trustPolicyVersion: row.trust_policy_version,
    maxSessionDuration: row.max_session_duration,
    createDate: row.create_date.toISOString(),
    updateDate: row.update_date.toISOString(),
  };
}
