import { DomainError, entityAlreadyExists, entityNotExist } from '#common';
import { findSystemPolicy } from '#policy';
import type { PrincipalKind } from '../../grants/domain/attachment.events.js';
import type { PolicyEvent } from './policy.events.js';
import type { ExistingPolicy, PolicyState } from './policy.state.js';
import {
  assertDescription,
  assertPolicyDocument,
  assertPolicyName,
  MAX_POLICY_VERSIONS,
} from './policy.rules.js';

export type PolicyCommand =
  | {
      type: 'CreatePolicy';
      policyId: string;
      accountId: string;
      policyName: string;
      policyDocument: string;
      description?: string;
      now: Date;
    }
  | { type: 'CreatePolicyVersion'; policyDocument: string; setAsDefault: boolean }
  | { type: 'SetDefaultPolicyVersion'; versionId: string }
  | { type: 'DeletePolicyVersion'; versionId: string }
  /** `attachedTo`: the kinds of principal the policy is attached to, read from the constraint table. */
  | { type: 'DeletePolicy'; attachedTo: readonly PrincipalKind[] };

const event = <E extends PolicyEvent>(type: E['type'], data: E['data']) =>
  ({ type, schemaVersion: 1, data }) as E;

export function decidePolicy(command: PolicyCommand, state: PolicyState): PolicyEvent[] {
  if (command.type === 'CreatePolicy') return createPolicy(command, state);
  const policy = requireActivePolicy(state);
  const ids = { policyId: policy.policyId, policyName: policy.policyName };
  switch (command.type) {
    case 'CreatePolicyVersion': {
      if (policy.versions.length >= MAX_POLICY_VERSIONS) {
        throw new DomainError(
          'LimitExceeded.Policy.Version',
          `A policy has at most ${MAX_POLICY_VERSIONS} versions; delete one first`,
          409,
        );
      }
      assertPolicyDocument(command.policyDocument);
      const versionId = `v${policy.lastVersionNumber + 1}`;
      const { policyDocument, setAsDefault } = command;
      return [event('PolicyVersionCreated', { ...ids, versionId, policyDocument, setAsDefault })];
    }
    case 'SetDefaultPolicyVersion': {
      const { versionId } = requireVersion(policy, command.versionId);
      if (versionId === policy.defaultVersionId) return [];
      return [
        event('DefaultPolicyVersionSet', { ...ids, versionId, previousVersionId: policy.defaultVersionId }),
      ];
    }
    case 'DeletePolicyVersion': {
      const { versionId } = requireVersion(policy, command.versionId);
      if (versionId === policy.defaultVersionId) {
        throw new DomainError(
          'DeleteConflict.PolicyVersion.Default',
          'The default version cannot be deleted; make another version the default first',
          409,
        );
      }
      return [event('PolicyVersionDeleted', { ...ids, versionId })];
    }
    case 'DeletePolicy': {
      const [attached] = command.attachedTo;
      if (attached) {
        throw new DomainError(
          `DeleteConflict.Policy.${attached}`,
          `The policy is still attached to a ${attached.toLowerCase()}; detach it first`,
          409,
        );
      }
      return [event('PolicyDeleted', ids)];
    }
  }
}

function createPolicy(command: Extract<PolicyCommand, { type: 'CreatePolicy' }>, state: PolicyState) {
  if (state.status !== 'absent')
    throw new DomainError('EntityAlreadyExists.Policy', 'The policy id is taken', 409);
  assertPolicyName(command.policyName);
  // System and custom policies share one namespace, as in RAM: a name must say which policy it is.
  if (findSystemPolicy(command.policyName)) throw entityAlreadyExists('Policy', command.policyName);
  if (command.description !== undefined) assertDescription(command.description);
  assertPolicyDocument(command.policyDocument);
  return [
    event('PolicyCreated', {
      policyId: command.policyId,
      policyName: command.policyName,
      accountId: command.accountId,
      ...(command.description !== undefined && { description: command.description }),
      versionId: 'v1',
      policyDocument: command.policyDocument,
      createDate: command.now.toISOString(),
    }),
  ];
}

export function requireActivePolicy(state: PolicyState): ExistingPolicy {
  if (state.status !== 'active')
    throw entityNotExist('Policy', state.status === 'absent' ? '' : state.policyName);
  return state;
}

function requireVersion(policy: ExistingPolicy, versionId: string) {
  const version = policy.versions.find((v) => v.versionId === versionId);
  if (!version) {
    throw new DomainError(
      'EntityNotExist.PolicyVersion',
      `The policy ${policy.policyName} has no version ${/^v\d{1,9}$/.test(versionId) ? versionId : '(invalid id)'}`,
      404,
    );
  }
  return version;
}
