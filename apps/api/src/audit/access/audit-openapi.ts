import type { ApiBodyOptions } from '@nestjs/swagger';

type SchemaObject = Extract<ApiBodyOptions, { schema: unknown }>['schema'];

/** OpenAPI schemas shared by the audit history routes (access at T, who-can, timeline, diff). */
export const CAUSE_SCHEMA = {
  type: 'object',
  description: 'The event behind a change: who made it and, when present, the request, review or change',
  properties: {
    eventId: { type: 'string' },
    type: { type: 'string' },
    position: { type: 'integer' },
    occurredAt: { type: 'string', format: 'date-time' },
    actor: { type: 'string' },
    accessRequestId: { type: 'string' },
    accessReviewId: { type: 'string' },
    itemId: { type: 'string' },
    changeId: { type: 'string' },
    proposerArn: { type: 'string' },
    approvers: { type: 'array', items: { type: 'string' } },
    requestApproval: {
      type: 'object',
      properties: {
        approvers: { type: 'array', items: { type: 'string' } },
        approvedAt: { type: 'string', format: 'date-time' },
      },
    },
  },
  required: ['eventId', 'type', 'position', 'occurredAt', 'actor'],
} satisfies SchemaObject;

export const MATCHED_STATEMENT_SCHEMA = {
  type: 'object',
  properties: {
    policyType: { type: 'string' },
    policyName: { type: 'string' },
    versionId: { type: 'string' },
    statementIndex: { type: 'integer' },
    effect: { type: 'string', enum: ['Allow', 'Deny'] },
  },
} satisfies SchemaObject;

// Which policy, which version, directly or via a group: how every audit answer names a held policy.
const HELD_POLICY_REF = {
  policyType: { type: 'string', enum: ['System', 'Custom'] },
  policyName: { type: 'string' },
  policyId: { type: 'string' },
  versionId: { type: 'string' },
  via: { type: 'string', enum: ['direct', 'group'] },
  groupName: { type: 'string' },
} satisfies Record<string, SchemaObject>;

export const GRANT_SCHEMA = {
  type: 'object',
  properties: {
    ...HELD_POLICY_REF,
    expiresAt: { type: 'string', format: 'date-time' },
    decisive: { type: 'boolean' },
    attached: CAUSE_SCHEMA,
    membership: CAUSE_SCHEMA,
    version: CAUSE_SCHEMA,
  },
} satisfies SchemaObject;

export const ACCESS_AT_SCHEMA = {
  type: 'object',
  properties: {
    principalArn: { type: 'string' },
    principalType: { type: 'string', enum: ['User', 'Role'] },
    principalId: { type: 'string' },
    action: { type: 'string' },
    resource: { type: 'string' },
    at: { type: 'string', format: 'date-time' },
    decision: { type: 'string', enum: ['Allow', 'ExplicitDeny', 'ImplicitDeny'] },
    matchedStatements: { type: 'array', items: MATCHED_STATEMENT_SCHEMA },
    grants: { type: 'array', items: GRANT_SCHEMA },
    events: { type: 'array', items: CAUSE_SCHEMA },
  },
} satisfies SchemaObject;

export const WHO_CAN_SCHEMA = {
  type: 'object',
  properties: {
    action: { type: 'string' },
    resource: { type: 'string' },
    at: { type: 'string', format: 'date-time' },
    principals: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          principalArn: { type: 'string' },
          principalType: { type: 'string', enum: ['User', 'Role'] },
          principalId: { type: 'string' },
          principalName: { type: 'string' },
          paths: {
            type: 'array',
            description: 'direct {policies}, group {groupName, policies}, role {roleName, roleArn, via}',
            items: {
              type: 'object',
              properties: {
                kind: { type: 'string', enum: ['direct', 'group', 'role'] },
                policies: { type: 'array', items: { type: 'string' } },
                groupName: { type: 'string' },
                roleName: { type: 'string' },
                roleArn: { type: 'string' },
                via: { type: 'string', enum: ['trust', 'eligibility'] },
              },
            },
          },
        },
      },
    },
  },
} satisfies SchemaObject;

export const TIMELINE_SCHEMA = {
  type: 'object',
  properties: {
    principalArn: { type: 'string' },
    entries: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          at: { type: 'string', format: 'date-time' },
          position: { type: 'integer' },
          effect: { type: 'string', enum: ['gained', 'lost'] },
          kind: {
            type: 'string',
            enum: ['principal', 'membership', 'attachment', 'default-version', 'trust-policy', 'eligibility'],
          },
          principalId: { type: 'string' },
          groupName: { type: 'string' },
          policyType: { type: 'string' },
          policyName: { type: 'string' },
          versionId: { type: 'string' },
          roleName: { type: 'string' },
          trustPolicyVersion: { type: 'integer' },
          expiresAt: { type: 'string', format: 'date-time' },
          expired: { type: 'boolean' },
          cause: CAUSE_SCHEMA,
        },
      },
    },
    nextCursor: { type: 'string' },
  },
} satisfies SchemaObject;

const ACCESS_CHANGE_SCHEMA = {
  type: 'object',
  properties: {
    ...HELD_POLICY_REF,
    statements: { type: 'array', items: { type: 'object' }, description: 'RAM policy-language statements' },
    at: { type: 'string', format: 'date-time' },
    expired: { type: 'boolean' },
    cause: CAUSE_SCHEMA,
  },
  required: ['policyType', 'policyName', 'versionId', 'via', 'statements', 'at'],
} satisfies SchemaObject;

export const ACCESS_DIFF_SCHEMA = {
  type: 'object',
  properties: {
    principalArn: { type: 'string' },
    from: { type: 'string', format: 'date-time' },
    to: { type: 'string', format: 'date-time' },
    appeared: { type: 'array', items: ACCESS_CHANGE_SCHEMA },
    disappeared: { type: 'array', items: ACCESS_CHANGE_SCHEMA },
  },
  required: ['principalArn', 'from', 'to', 'appeared', 'disappeared'],
} satisfies SchemaObject;
