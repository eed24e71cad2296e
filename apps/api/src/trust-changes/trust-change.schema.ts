import type { ApiBodyOptions } from '@nestjs/swagger';

type SchemaObject = Extract<ApiBodyOptions, { schema: unknown }>['schema'];

const STRINGS = { type: 'array', items: { type: 'string' } } satisfies SchemaObject;
const FINDING = {
  type: 'object',
  properties: { code: { type: 'string' }, message: { type: 'string' } },
} satisfies SchemaObject;
const PRINCIPAL_REF = {
  type: 'object',
  properties: {
    type: { type: 'string', enum: ['RAM', 'Service', 'Federated'] },
    principal: { type: 'string' },
  },
} satisfies SchemaObject;
const ACCESS_CHANGE = {
  type: 'object',
  properties: { principalArn: { type: 'string' }, via: STRINGS, actions: STRINGS },
} satisfies SchemaObject;

/** `analysis` of a trust-policy change (API.md "Trust-policy changes"; docs/trust-changes.md). */
const ANALYSIS = {
  type: 'object',
  properties: {
    riskLevel: { type: 'string', enum: ['low', 'high', 'critical'] },
    addedPrincipals: { type: 'array', items: PRINCIPAL_REF },
    removedPrincipals: { type: 'array', items: PRINCIPAL_REF },
    gainedAccess: { type: 'array', items: ACCESS_CHANGE },
    lostAccess: { type: 'array', items: ACCESS_CHANGE },
    activeSessionsAffected: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          sessionId: { type: 'string' },
          assumedRoleArn: { type: 'string' },
          callerArn: { type: 'string' },
          issuedAt: { type: 'string', format: 'date-time' },
          expiration: { type: 'string', format: 'date-time' },
        },
      },
    },
    findings: { type: 'array', items: FINDING },
  },
} satisfies SchemaObject;

/** A trust-policy change as every route answers it. */
export const TRUST_CHANGE_SCHEMA = {
  type: 'object',
  properties: {
    changeId: { type: 'string', format: 'uuid' },
    roleId: { type: 'string' },
    roleName: { type: 'string' },
    roleArn: { type: 'string' },
    status: {
      type: 'string',
      enum: ['PendingReview', 'Applied', 'Rejected', 'Cancelled', 'Expired', 'Superseded'],
    },
    proposerArn: { type: 'string' },
    proposerSources: STRINGS,
    assumeRolePolicyDocument: { type: 'string' },
    justification: { type: 'string' },
    baseVersion: { type: 'integer' },
    analysis: ANALYSIS,
    requiredApprovals: { type: 'integer' },
    approvals: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          reviewerArn: { type: 'string' },
          reviewerSources: STRINGS,
          comment: { type: 'string' },
          approvedAt: { type: 'string', format: 'date-time' },
        },
      },
    },
    proposedAt: { type: 'string', format: 'date-time' },
    expiresAt: { type: 'string', format: 'date-time' },
    endedAt: { type: 'string', format: 'date-time' },
    endedBy: { type: 'string' },
    reason: { type: 'string' },
    appliedTrustPolicyVersion: { type: 'integer' },
  },
} satisfies SchemaObject;

export const TRUST_CHANGE_LIST_SCHEMA = {
  type: 'object',
  properties: {
    trustPolicyChanges: { type: 'array', items: TRUST_CHANGE_SCHEMA },
    nextCursor: { type: 'string' },
  },
} satisfies SchemaObject;
