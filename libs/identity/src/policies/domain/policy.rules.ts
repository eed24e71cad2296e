import { invalidParameter } from '#common';
import { parsePolicyDocument } from '#policy';

const POLICY_NAME = /^[A-Za-z0-9-]{1,128}$/;

export const MAX_POLICY_VERSIONS = 5;

export function assertPolicyName(policyName: string): void {
  if (!POLICY_NAME.test(policyName)) {
    throw invalidParameter('PolicyName', 'policyName must be 1-128 characters of A-Z, a-z, 0-9 and "-"');
  }
}

/** Throws MalformedPolicyDocument (400, with the JSONPath of the fault) for anything the engine refuses. */
export function assertPolicyDocument(policyDocument: string): void {
  parsePolicyDocument(policyDocument);
}

export function assertDescription(description: string): void {
  if (description.length > 1024) {
    throw invalidParameter('Description', 'description must be at most 1024 characters');
  }
}

export type PolicyType = 'System' | 'Custom';

export function assertPolicyType(policyType: string): asserts policyType is PolicyType {
  if (policyType !== 'System' && policyType !== 'Custom') {
    throw invalidParameter('PolicyType', 'policyType must be System or Custom');
  }
}
