import { AccountBuilder, arnOf, policyText, trustText } from './testing/account-builder.js';
import { escalationPaths } from './escalation-paths.js';

const DEFAULTS = { privilegedTrustChangeApprovals: 2 };
const STS = 'AliyunSTSAssumeRoleAccess';
const ADMIN = 'AdministratorAccess';

function pathsOf(account: AccountBuilder, userName: string, options = DEFAULTS) {
  const graph = account.graph();
  return escalationPaths(graph, graph.byArn(arnOf.user(userName))!, options);
}

const shape = (report: ReturnType<typeof pathsOf>) =>
  report.paths.map((p) => [p.kind, p.steps.map((s) => `${s.action} ${s.resource}`)]);

describe('escalation paths (one per kind)', () => {
  it('finds none for a user who can only read, and reports an administrator as such', () => {
    const account = new AccountBuilder()
      .user('reader', { policies: ['ReadOnlyAccess'] })
      .user('boss', { policies: [ADMIN] });
    expect(pathsOf(account, 'reader')).toEqual({
      principalArn: arnOf.user('reader'),
      administrative: false,
      paths: [],
    });
    expect(pathsOf(account, 'boss')).toEqual({
      principalArn: arnOf.user('boss'),
      administrative: true,
      paths: [],
    });
  });

  it('AttachPolicyToSelf: may attach a policy to itself', () => {
    const account = new AccountBuilder()
      .policy('self-attach', policyText(['ram:AttachPolicyToUser', arnOf.user('mallory')]))
      .user('mallory', { policies: ['self-attach'] });
    expect(shape(pathsOf(account, 'mallory'))).toEqual([
      ['AttachPolicyToSelf', [`ram:AttachPolicyToUser ${arnOf.user('mallory')}`]],
    ]);
  });

  it('AttachPolicyToOwnGroup: may attach a policy to a group it belongs to', () => {
    const account = new AccountBuilder()
      .policy('group-attach', policyText(['ram:AttachPolicyToGroup', arnOf.group('devs')]))
      .group('devs', { policies: ['group-attach'] })
      .user('mallory', { groups: ['devs'] });
    expect(shape(pathsOf(account, 'mallory'))).toEqual([
      ['AttachPolicyToOwnGroup', [`ram:AttachPolicyToGroup ${arnOf.group('devs')}`]],
    ]);
  });

  it('AttachPolicyToAssumableRole: may attach a policy to a role it can assume, then assume it', () => {
    const account = new AccountBuilder()
      .policy('role-attach', policyText(['ram:AttachPolicyToRole', arnOf.role('deploy')]))
      .user('mallory', { policies: [STS, 'role-attach'] })
      .role('deploy', trustText([arnOf.user('mallory')]));
    expect(shape(pathsOf(account, 'mallory'))).toEqual([
      [
        'AttachPolicyToAssumableRole',
        [`ram:AttachPolicyToRole ${arnOf.role('deploy')}`, `sts:AssumeRole ${arnOf.role('deploy')}`],
      ],
    ]);
  });

  it('CreatePolicyVersion: may write a new default version of a policy attached to itself', () => {
    const account = new AccountBuilder()
      .policy('own', policyText(['ram:CreatePolicyVersion', arnOf.policy('own')]))
      .user('mallory', { policies: ['own'] });
    expect(shape(pathsOf(account, 'mallory'))).toEqual([
      ['CreatePolicyVersion', [`ram:CreatePolicyVersion ${arnOf.policy('own')}`]],
    ]);
  });

  it('SetDefaultPolicyVersion: may switch a policy attached to itself to an administrative version', () => {
    const account = new AccountBuilder()
      .policy('own', policyText(['ram:SetDefaultPolicyVersion', arnOf.policy('own')]), policyText(['*', '*']))
      .policy('narrow', policyText(['ram:SetDefaultPolicyVersion', '*']), policyText(['arms:*', '*']))
      .user('mallory', { policies: ['own'] })
      .user('nina', { policies: ['narrow'] });
    expect(shape(pathsOf(account, 'mallory'))).toEqual([
      ['SetDefaultPolicyVersion', [`ram:SetDefaultPolicyVersion ${arnOf.policy('own')}`]],
    ]);
    // Its other version grants no administrative power: no path.
    expect(pathsOf(account, 'nina').paths).toEqual([]);
  });

  it('AddSelfToGroup: may add itself to a group with administrative power', () => {
    const account = new AccountBuilder()
      .group('admins', { policies: [ADMIN] })
      .group('readers', { policies: ['ReadOnlyAccess'] })
      .policy('join-any', policyText(['ram:AddUserToGroup', '*']))
      .user('mallory', { policies: ['join-any'] });
    expect(shape(pathsOf(account, 'mallory'))).toEqual([
      ['AddSelfToGroup', [`ram:AddUserToGroup ${arnOf.group('admins')}`]],
    ]);
  });

  it('CreateAccessKey: may create an AccessKey of a more privileged user', () => {
    const account = new AccountBuilder()
      .user('boss', { policies: [ADMIN] })
      .policy('keys', policyText(['ram:CreateAccessKey', arnOf.user('boss')]))
      .user('mallory', { policies: ['keys'] });
    expect(pathsOf(account, 'mallory').paths).toEqual([
      {
        kind: 'CreateAccessKey',
        reaches: arnOf.user('boss'),
        steps: [
          {
            principalArn: arnOf.user('mallory'),
            action: 'ram:CreateAccessKey',
            resource: arnOf.user('boss'),
            description: 'create an AccessKey of user boss and act as it',
          },
        ],
      },
    ]);
  });

  it('SetLoginPassword: may set the console password of a more privileged user', () => {
    const account = new AccountBuilder()
      .user('boss', { policies: [ADMIN] })
      .policy('passwords', policyText(['ram:CreateLoginProfile', arnOf.user('boss')]))
      .user('mallory', { policies: ['passwords'] });
    expect(shape(pathsOf(account, 'mallory'))).toEqual([
      ['SetLoginPassword', [`ram:CreateLoginProfile ${arnOf.user('boss')}`]],
    ]);
  });

  it('AssumeAdministrativeRole: may assume an admin role, also at the end of a chain A → B → admin', () => {
    const account = new AccountBuilder()
      .user('mallory', { policies: [STS] })
      .role('a', trustText([arnOf.user('mallory')]), { policies: [STS] })
      .role('b', trustText([arnOf.role('a')]), { policies: [STS] })
      .role('admin', trustText([arnOf.role('b')]), { policies: [ADMIN] });
    expect(shape(pathsOf(account, 'mallory'))).toEqual([
      [
        'AssumeAdministrativeRole',
        [
          `sts:AssumeRole ${arnOf.role('a')}`,
          `sts:AssumeRole ${arnOf.role('b')}`,
          `sts:AssumeRole ${arnOf.role('admin')}`,
        ],
      ],
    ]);
  });

  it('AssumeAdministrativeRole through an access-request eligibility, until it expires', () => {
    const later = new Date('2026-05-01T13:00:00.000Z');
    const account = new AccountBuilder()
      .user('mallory', { policies: [STS] })
      .role('admin', trustText([arnOf.user('boss')]), { policies: [ADMIN] })
      .eligible('admin', 'mallory', later);
    expect(shape(pathsOf(account, 'mallory'))).toEqual([
      ['AssumeAdministrativeRole', [`sts:AssumeRole ${arnOf.role('admin')}`]],
    ]);
    const graph = account.graph(later);
    expect(escalationPaths(graph, graph.byArn(arnOf.user('mallory'))!, DEFAULTS).paths).toEqual([]);
  });

  it('ProposeAndApproveTrustChange: only with one approval for high risk and another party to review', () => {
    const account = new AccountBuilder()
      .role('admin', trustText([arnOf.user('boss')]), { policies: [ADMIN] })
      .policy(
        'propose',
        policyText(
          ['ram:ProposeTrustPolicyChange', '*'],
          ['ram:CreateAccessKey', arnOf.user('ivan')],
          ['sts:AssumeRole', '*'],
        ),
      )
      .policy('review', policyText(['ram:ReviewTrustPolicyChange', '*']))
      .user('mallory', { policies: ['propose'] })
      .user('ivan', { policies: ['review'] });
    // With the defaults (high needs 2 approvals) separation of duties closes the path.
    expect(pathsOf(account, 'mallory').paths).toEqual([]);
    const single = pathsOf(account, 'mallory', { privilegedTrustChangeApprovals: 1 });
    expect(shape(single)).toEqual([
      [
        'ProposeAndApproveTrustChange',
        [
          `ram:ProposeTrustPolicyChange ${arnOf.role('admin')}`,
          `ram:CreateAccessKey ${arnOf.user('ivan')}`,
          `ram:ReviewTrustPolicyChange ${arnOf.role('admin')}`,
          `sts:AssumeRole ${arnOf.role('admin')}`,
        ],
      ],
    ]);
  });

  it('ProposeAndApproveTrustChange is not opened by holding both permissions, nor by a role session', () => {
    const single = { privilegedTrustChangeApprovals: 1 };
    const alone = new AccountBuilder()
      .role('admin', trustText([arnOf.user('boss')]), { policies: [ADMIN] })
      .policy('both', policyText(['ram:*TrustPolicyChange', '*'], ['sts:AssumeRole', '*']))
      .user('mallory', { policies: ['both'] });
    expect(pathsOf(alone, 'mallory', single).paths).toEqual([]);
    // Approving as a session of a role it assumes is still the proposer (the session is traced back).
    const viaRole = new AccountBuilder()
      .role('admin', trustText([arnOf.user('boss')]), { policies: [ADMIN] })
      .policy('propose', policyText(['ram:ProposeTrustPolicyChange', '*'], ['sts:AssumeRole', '*']))
      .policy('review', policyText(['ram:ReviewTrustPolicyChange', '*']))
      .user('mallory', { policies: ['propose'] })
      .role('auditor', trustText([arnOf.user('mallory')]), { policies: ['review'] });
    expect(pathsOf(viaRole, 'mallory', single).paths).toEqual([]);
  });
});
