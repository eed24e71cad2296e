import { DomainError, entityNotExist, invalidParameter } from '#common';
import { parseTrustPolicyDocument } from '#policy';
import type { RoleEvent, RoleSettings } from './role.events.js';
import type { RoleState } from './role.state.js';
import { analyzeTrust } from './trust-analysis.js';

export const MIN_SESSION_DURATION = 3600;
export const MAX_SESSION_DURATION = 43200;
const ROLE_NAME = /^[A-Za-z0-9.-]{1,64}$/;

export type RoleCommand =
  | {
      type: 'CreateRole';
      roleId: string;
      accountId: string;
      roleName: string;
      assumeRolePolicyDocument: string;
      description?: string;
      maxSessionDuration?: number;
      now: Date;
    }
  | { type: 'UpdateRole'; changes: Partial<RoleSettings> }
  | { type: 'DeleteRole' }
  /** Sessions issued at or before `revokedBefore` stop working (the handler picks it: see the STS lib). */
  | { type: 'RevokeRoleSessions'; revokedBefore: Date }
  | {
      /** Applies an approved trust-policy change; only valid on the version the change was based on. */
      type: 'ChangeTrustPolicy';
      assumeRolePolicyDocument: string;
      expectedTrustPolicyVersion: number;
      changeId: string;
      proposerArn: string;
      approvers: string[];
    };

const event = <E extends RoleEvent>(type: E['type'], data: E['data']) =>
  ({ type, schemaVersion: 1, data }) as E;

export function decideRole(command: RoleCommand, state: RoleState): RoleEvent[] {
  switch (command.type) {
    case 'CreateRole': {
      if (state.status !== 'absent')
        throw new DomainError('EntityAlreadyExists.Role', 'The role id is taken', 409);
      if (!ROLE_NAME.test(command.roleName)) {
        throw invalidParameter('RoleName', 'roleName must be 1-64 characters of A-Z, a-z, 0-9, "." and "-"');
      }
      const maxSessionDuration = command.maxSessionDuration ?? MIN_SESSION_DURATION;
      validateSettings({ maxSessionDuration, description: command.description });
      const trust = parseTrustPolicyDocument(command.assumeRolePolicyDocument);
      return [
        event('RoleCreated', {
          roleId: command.roleId,
          roleName: command.roleName,
          accountId: command.accountId,
          assumeRolePolicyDocument: command.assumeRolePolicyDocument,
          trustPolicyVersion: 1,
          // A new role holds no policies yet, so only who it trusts can make it risky.
          trustAnalysis: analyzeTrust({ accountId: command.accountId, after: trust, rolePrivileged: false }),
          createDate: command.now.toISOString(),
          maxSessionDuration,
          ...(command.description !== undefined && { description: command.description }),
        }),
      ];
    }
    case 'UpdateRole': {
      const role = requireActive(state);
      validateSettings(command.changes);
      const changes = Object.fromEntries(
        Object.entries(command.changes).filter(
          ([key, value]) => value !== undefined && role[key as keyof RoleSettings] !== value,
        ),
      ) as Partial<RoleSettings>;
      if (Object.keys(changes).length === 0) return [];
      return [event('RoleUpdated', { roleId: role.roleId, roleName: role.roleName, changes })];
    }
    case 'DeleteRole': {
      const role = requireActive(state);
      return [event('RoleDeleted', { roleId: role.roleId, roleName: role.roleName })];
    }
    case 'RevokeRoleSessions': {
      const role = requireActive(state);
      return [
        event('RoleSessionsRevoked', {
          roleId: role.roleId,
          roleName: role.roleName,
          revokedBefore: command.revokedBefore.toISOString(),
        }),
      ];
    }
    case 'ChangeTrustPolicy': {
      const role = requireActive(state);
      if (role.trustPolicyVersion !== command.expectedTrustPolicyVersion) {
        throw new DomainError(
          'StaleChangeRequest',
          `The trust policy of role ${role.roleName} changed since version ${command.expectedTrustPolicyVersion}`,
          409,
        );
      }
      parseTrustPolicyDocument(command.assumeRolePolicyDocument);
      return [
        event('TrustPolicyChanged', {
          roleId: role.roleId,
          roleName: role.roleName,
          assumeRolePolicyDocument: command.assumeRolePolicyDocument,
          trustPolicyVersion: role.trustPolicyVersion + 1,
          previousTrustPolicyVersion: role.trustPolicyVersion,
          changeId: command.changeId,
          proposerArn: command.proposerArn,
          approvers: command.approvers,
        }),
      ];
    }
  }
}

function validateSettings(settings: Partial<RoleSettings>): void {
  const duration = settings.maxSessionDuration;
  if (
    duration !== undefined &&
    (!Number.isInteger(duration) || duration < MIN_SESSION_DURATION || duration > MAX_SESSION_DURATION)
  ) {
    throw invalidParameter(
      'MaxSessionDuration',
      'maxSessionDuration must be an integer from 3600 to 43200 seconds',
    );
  }
  if (settings.description !== undefined && settings.description.length > 1024) {
    throw invalidParameter('Description', 'description must be at most 1024 characters');
  }
}

function requireActive(state: RoleState) {
  if (state.status !== 'active')
    throw entityNotExist('Role', state.status === 'absent' ? '' : state.roleName);
  return state;
}
