import { PermissionModel } from '#identity';
import { AccessGraph } from '../access-graph.js';

export const ACCOUNT = '1111111111111111';
export const OTHER_ACCOUNT = '2222222222222222';
export const NOW = new Date('2026-05-01T12:00:00.000Z');

export const arnOf = {
  user: (name: string) => `acs:ram::${ACCOUNT}:user/${name}`,
  role: (name: string) => `acs:ram::${ACCOUNT}:role/${name}`,
  group: (name: string) => `acs:ram::${ACCOUNT}:group/${name}`,
  policy: (name: string) => `acs:ram::${ACCOUNT}:policy/${name}`,
};

/** A trust policy text: `Allow sts:AssumeRole` for RAM principals (and services), with an optional condition. */
export function trustText(ram: string[], condition?: object, service: string[] = []): string {
  // A role that trusts nobody: RAM needs at least one principal, and a Deny names nobody as trusted.
  if (ram.length === 0 && service.length === 0) {
    return JSON.stringify({
      Version: '1',
      Statement: [{ Effect: 'Deny', Action: 'sts:AssumeRole', Principal: { RAM: '*' } }],
    });
  }
  return JSON.stringify({
    Version: '1',
    Statement: [
      {
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Principal: { ...(ram.length > 0 && { RAM: ram }), ...(service.length > 0 && { Service: service }) },
        ...(condition && { Condition: condition }),
      },
    ],
  });
}

/** A permission policy text of Allow statements `[actions, resources]`. */
export function policyText(...statements: [string | string[], string | string[]][]): string {
  return JSON.stringify({
    Version: '1',
    Statement: statements.map(([Action, Resource]) => ({ Effect: 'Allow', Action, Resource })),
  });
}

type Grants = { policies?: string[] };

/**
 * Builds an account's permission state by feeding identity events to a real PermissionModel, the way the
 * API's follower does. Policy names are system policies unless declared with `policy()` first.
 */
export class AccountBuilder {
  readonly model = new PermissionModel();
  private readonly ids = new Map<string, string>();
  private readonly custom = new Map<string, string>();
  private next = 0;

  user(name: string, grants: Grants & { groups?: string[] } = {}): this {
    const userId = this.id(`user:${name}`);
    this.model.apply({ type: 'UserCreated', data: { userId, userName: name } });
    for (const group of grants.groups ?? [])
      this.model.apply({
        type: 'UserAddedToGroup',
        data: { userId, groupId: this.ids.get(`group:${group}`) },
      });
    return this.attach('User', userId, grants.policies);
  }

  group(name: string, grants: Grants = {}): this {
    const groupId = this.id(`group:${name}`);
    this.model.apply({ type: 'GroupCreated', data: { groupId, groupName: name } });
    return this.attach('Group', groupId, grants.policies);
  }

  role(name: string, trust: string, grants: Grants = {}): this {
    const roleId = this.id(`role:${name}`);
    this.model.apply({
      type: 'RoleCreated',
      data: { roleId, roleName: name, assumeRolePolicyDocument: trust, trustPolicyVersion: 1 },
    });
    return this.attach('Role', roleId, grants.policies);
  }

  /** A custom policy with its default version `v1` and any further (non-default) versions. */
  policy(name: string, document: string, ...otherVersions: string[]): this {
    const policyId = this.id(`policy:${name}`);
    this.custom.set(name, policyId);
    this.model.apply({
      type: 'PolicyCreated',
      data: { policyId, policyName: name, versionId: 'v1', policyDocument: document },
    });
    otherVersions.forEach((policyDocument, i) =>
      this.model.apply({
        type: 'PolicyVersionCreated',
        data: { policyId, versionId: `v${i + 2}`, policyDocument, setAsDefault: false },
      }),
    );
    return this;
  }

  session(roleName: string, callerArn: string, issuedAt: Date, sessionId = `s-${this.next++}`): this {
    const roleId = this.roleId(roleName);
    this.model.apply({
      type: 'RoleAssumed',
      data: {
        sessionId,
        roleId,
        roleName,
        roleSessionName: sessionId,
        assumedRoleArn: `acs:ram::${ACCOUNT}:assumed-role/${roleName}/${sessionId}`,
        callerArn,
        callerKind: 'user',
        callerPrincipalId: 'u',
        issuedAt: issuedAt.toISOString(),
        expiration: new Date(issuedAt.getTime() + 3600_000).toISOString(),
      },
    });
    return this;
  }

  /** An approved access request's eligibility of the user for the role, until `expiresAt`. */
  eligible(roleName: string, userName: string, expiresAt: Date): this {
    this.model.apply({
      type: 'RoleEligibilityGranted',
      data: {
        roleId: this.roleId(roleName),
        roleName,
        userId: this.ids.get(`user:${userName}`),
        userName,
        accessRequestId: `ar-${this.next++}`,
        expiresAt: expiresAt.toISOString(),
      },
    });
    return this;
  }

  roleId(name: string): string {
    return this.ids.get(`role:${name}`)!;
  }

  graph(now = NOW): AccessGraph {
    return new AccessGraph(this.model, ACCOUNT, now);
  }

  private attach(principalType: 'User' | 'Group' | 'Role', principalId: string, policies: string[] = []) {
    for (const policyName of policies) {
      const policyId = this.custom.get(policyName);
      this.model.apply({
        type: 'PolicyAttached',
        data: {
          principalType,
          principalId,
          policyType: policyId ? 'Custom' : 'System',
          policyName,
          policyId,
        },
      });
    }
    return this;
  }

  private id(key: string): string {
    const id = `${key.split(':')[0]}-${this.next++}`;
    this.ids.set(key, id);
    return id;
  }
}
