import { invalidParameter, missingParameter, parseBody } from '#common';
import type { TargetInput } from '#governance';

const TYPES = ['GroupMembership', 'PolicyAttachment', 'RoleAssumption'] as const;

const SCHEMAS = {
  GroupMembership: {
    type: { type: 'string', required: true },
    groupName: { type: 'string', required: true, maxLength: 64 },
  },
  PolicyAttachment: {
    type: { type: 'string', required: true },
    policyType: { type: 'string', required: true, enum: ['System', 'Custom'] },
    policyName: { type: 'string', required: true, maxLength: 128 },
  },
  RoleAssumption: {
    type: { type: 'string', required: true },
    roleName: { type: 'string', required: true, maxLength: 64 },
  },
} as const;

/** The request body's `target`, one of API.md's three shapes; unknown fields are refused as elsewhere. */
export function parseTarget(raw: unknown): TargetInput {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw invalidParameter('Target', 'target must be an object');
  }
  const type = (raw as { type?: unknown }).type;
  if (type === undefined) throw missingParameter('Target.Type');
  if (!TYPES.includes(type as (typeof TYPES)[number])) {
    throw invalidParameter('Target.Type', `target.type must be one of ${TYPES.join(', ')}`);
  }
  return parseBody<TargetInput>(raw, SCHEMAS[type as (typeof TYPES)[number]]);
}
