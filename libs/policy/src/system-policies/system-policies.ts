import type { PolicyInput } from '../model/evaluation.js';
import { parsePolicyDocument } from '../parse/parse-policy-document.js';
import { SYSTEM_POLICY_DEFINITIONS } from './system-policy-definitions.js';

export interface SystemPolicy extends PolicyInput {
  readonly policyType: 'System';
  readonly description: string;
  /** The document as JSON text, as the API returns policy documents. */
  readonly documentText: string;
}

/** Parsed once at load through the same parser as custom policies, so they obey the same rules. */
export const SYSTEM_POLICIES: readonly SystemPolicy[] = SYSTEM_POLICY_DEFINITIONS.map(
  ({ policyName, description, statements }) => {
    const documentText = JSON.stringify(
      { Version: '1', Statement: statements.map((statement) => ({ Effect: 'Allow', ...statement })) },
      null,
      2,
    );
    return Object.freeze({
      policyType: 'System' as const,
      policyName,
      versionId: 'v1',
      description,
      documentText,
      document: parsePolicyDocument(documentText),
    });
  },
);

/** Policy names are case-insensitive. */
export function findSystemPolicy(policyName: string): SystemPolicy | undefined {
  const wanted = policyName.toLowerCase();
  return SYSTEM_POLICIES.find((policy) => policy.policyName.toLowerCase() === wanted);
}
