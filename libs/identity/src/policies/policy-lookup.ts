import { entityNotExist } from '#common';
import type { SqlClient } from '#event-store';
import { findSystemPolicy, type SystemPolicy } from '#policy';
import { assertPolicyType } from './domain/policy.rules.js';
import { POLICY_COLUMNS, type PolicyRow } from './policy.view.js';

export type FoundPolicy =
  { policyType: 'System'; system: SystemPolicy } | { policyType: 'Custom'; row: PolicyRow };

/**
 * A policy by type and name from the read models (system policies from code), with the default version's
 * document. 404 `EntityNotExist.Policy` when there is none.
 */
export async function findPolicy(
  db: SqlClient,
  policyType: string,
  policyName: string,
): Promise<FoundPolicy> {
  assertPolicyType(policyType);
  if (policyType === 'System') {
    const system = findSystemPolicy(policyName);
    if (!system) throw entityNotExist('Policy', echoPolicyName(policyName));
    return { policyType, system };
  }
  // The newest row: over Kafka a deleted namesake may still be on its way out of the view.
  const { rows } = await db.query<PolicyRow>(
    `SELECT ${POLICY_COLUMNS}, v.policy_document
     FROM policies_view p
     JOIN policy_versions_view v ON v.policy_id = p.policy_id AND v.version_id = p.default_version_id
     WHERE p.policy_name_key = lower($1) ORDER BY p.create_date DESC LIMIT 1`,
    [policyName],
  );
  if (!rows[0]) throw entityNotExist('Policy', echoPolicyName(policyName));
  return { policyType, row: rows[0] };
}

/** Echo a requested name only when it could be one: error messages never reflect arbitrary input. */
export const echoPolicyName = (policyName: string) =>
  /^[A-Za-z0-9-]{1,128}$/.test(policyName) ? policyName : '(invalid name)';
