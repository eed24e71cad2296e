import { parseTrustPolicyDocument } from '#policy';
import {
  ACCOUNT,
  AccountBuilder,
  arnOf,
  NOW,
  OTHER_ACCOUNT,
  policyText,
  trustText,
} from '../../escalation/testing/account-builder.js';
import { analyzeTrustChange, gainsFromChange } from './trust-change-analysis.js';

const ESCALATION = { privilegedTrustChangeApprovals: 2 };
const STS = 'AliyunSTSAssumeRoleAccess';
const codes = (analysis: { findings: { code: string }[] }) => analysis.findings.map((f) => f.code);

function analyse(account: AccountBuilder, roleName: string, after: string) {
  const graph = account.graph();
  const role = graph.byArn(arnOf.role(roleName))!;
  return analyzeTrustChange(graph, role, parseTrustPolicyDocument(after), ESCALATION);
}

/** The hand-checked scenarios of docs/trust-changes.md, in the same order. */
describe('trust-change analysis (hand-checked scenarios)', () => {
  it('1. another account root without sts:ExternalId: critical, the whole account gains the role', () => {
    const account = new AccountBuilder().role('vendor', trustText([]), {
      policies: ['AliyunARMSReadOnlyAccess'],
    });
    const analysis = analyse(account, 'vendor', trustText([`acs:ram::${OTHER_ACCOUNT}:root`]));
    expect(analysis.riskLevel).toBe('critical');
    expect(codes(analysis)).toEqual(['CrossAccountWithoutExternalId']);
    expect(analysis.gainedAccess).toEqual([
      {
        principalArn: `acs:ram::${OTHER_ACCOUNT}:root`,
        via: [],
        actions: expect.arrayContaining(['arms:Get*']),
      },
    ]);
  });

  it('2. another account root with sts:ExternalId: high (cross-account trust)', () => {
    const account = new AccountBuilder().role('vendor', trustText([]), {
      policies: ['AliyunARMSReadOnlyAccess'],
    });
    const analysis = analyse(
      account,
      'vendor',
      trustText([`acs:ram::${OTHER_ACCOUNT}:root`], { StringEquals: { 'sts:ExternalId': 'x-123' } }),
    );
    expect(analysis.riskLevel).toBe('high');
    expect(codes(analysis)).toEqual(['CrossAccountTrust']);
  });

  it('3. wildcard principal: critical, and every user allowed sts:AssumeRole gains the role', () => {
    const account = new AccountBuilder()
      .user('alice', { policies: [STS] })
      .user('carol')
      .role('open', trustText([]), { policies: ['AliyunARMSReadOnlyAccess'] });
    const analysis = analyse(account, 'open', trustText(['*']));
    expect(analysis.riskLevel).toBe('critical');
    expect(codes(analysis)).toEqual(['WildcardPrincipal']);
    expect(analysis.gainedAccess.map((g) => g.principalArn)).toEqual([arnOf.user('alice'), '*']);
  });

  it('4. a user of the same account added to an admin role: high, gains everything, opens an escalation path', () => {
    const account = new AccountBuilder()
      .user('alice', { policies: [STS] })
      .role('admin', trustText([]), { policies: ['AdministratorAccess'] });
    const analysis = analyse(account, 'admin', trustText([arnOf.user('alice')]));
    expect(analysis.riskLevel).toBe('high');
    expect(codes(analysis)).toEqual(['NewPrincipalOnPrivilegedRole', 'EscalationPathOpened']);
    expect(analysis.gainedAccess).toEqual([{ principalArn: arnOf.user('alice'), via: [], actions: ['*'] }]);
    expect(analysis.findings[1]!.message).toContain('AssumeAdministrativeRole');
  });

  it('5. a user added to a read-only role: low, gains only what it does not hold yet', () => {
    const account = new AccountBuilder()
      .policy('arms-get', policyText(['arms:Get*', '*']))
      .user('dave', { policies: [STS, 'arms-get'] })
      .role('reader', trustText([]), { policies: ['AliyunARMSReadOnlyAccess'] });
    const analysis = analyse(account, 'reader', trustText([arnOf.user('dave')]));
    expect(analysis.riskLevel).toBe('low');
    expect(codes(analysis)).toEqual(['PrincipalAdded']);
    const [gain] = analysis.gainedAccess;
    expect(gain!.actions).toEqual([
      'arms:List*',
      'arms:Describe*',
      'arms:Search*',
      'arms:Query*',
      'arms:Check*',
    ]);
  });

  it('6. removing a principal with an active session: the session is reported, older ones are not', () => {
    const account = new AccountBuilder()
      .user('bob', { policies: [STS] })
      .user('erin', { policies: [STS] })
      .role('ops', trustText([arnOf.user('bob'), arnOf.user('erin')]), {
        policies: ['AliyunARMSReadOnlyAccess'],
      })
      .session('ops', arnOf.user('bob'), new Date(NOW.getTime() - 30 * 60_000), 'recent')
      .session('ops', arnOf.user('bob'), new Date(NOW.getTime() - 25 * 3600_000), 'yesterday')
      .session('ops', arnOf.user('erin'), new Date(NOW.getTime() - 10 * 60_000), 'kept');
    const analysis = analyse(account, 'ops', trustText([arnOf.user('erin')]));
    expect(analysis.riskLevel).toBe('low');
    expect(codes(analysis)).toEqual(['PrincipalRemoved', 'ActiveSessionsAffected']);
    expect(analysis.lostAccess.map((l) => l.principalArn)).toEqual([arnOf.user('bob')]);
    expect(analysis.activeSessionsAffected.map((s) => s.sessionId)).toEqual(['recent']);
  });

  it('7. a role chain A → B → admin: trusting B lets B, A and A’s user in, through the chain', () => {
    const account = new AccountBuilder()
      .user('ursula', { policies: [STS] })
      .role('a', trustText([arnOf.user('ursula')]), { policies: [STS] })
      .role('b', trustText([arnOf.role('a')]), { policies: [STS] })
      .role('admin', trustText([]), { policies: ['AdministratorAccess'] });
    const analysis = analyse(account, 'admin', trustText([arnOf.role('b')]));
    expect(analysis.riskLevel).toBe('high');
    expect(analysis.gainedAccess).toEqual([
      { principalArn: arnOf.user('ursula'), via: [arnOf.role('a'), arnOf.role('b')], actions: ['*'] },
      { principalArn: arnOf.role('a'), via: [arnOf.role('b')], actions: ['*'] },
      { principalArn: arnOf.role('b'), via: [], actions: ['*'] },
    ]);
    expect(codes(analysis).filter((c) => c === 'EscalationPathOpened')).toHaveLength(3);
  });

  it('8. a user added to a role with no power of its own that can assume an admin role: high', () => {
    const account = new AccountBuilder()
      .user('vic', { policies: [STS] })
      .role('hop', trustText([]), { policies: [STS] })
      .role('admin', trustText([arnOf.role('hop')]), { policies: ['AdministratorAccess'] });
    const analysis = analyse(account, 'hop', trustText([arnOf.user('vic')]));
    expect(analysis.riskLevel).toBe('high');
    expect(codes(analysis)).toEqual(['NewPrincipalOnPrivilegedRole', 'EscalationPathOpened']);
    expect(analysis.gainedAccess.find((g) => g.principalArn === arnOf.user('vic'))!.actions).toEqual(['*']);
  });

  it('9. a trusted user who already holds everything the role gives gains no action', () => {
    const account = new AccountBuilder()
      .user('root-like', { policies: ['AdministratorAccess'] })
      .role('reader', trustText([]), { policies: ['AliyunARMSReadOnlyAccess'] });
    const analysis = analyse(account, 'reader', trustText([arnOf.user('root-like')]));
    expect(analysis.riskLevel).toBe('low');
    expect(analysis.gainedAccess).toEqual([{ principalArn: arnOf.user('root-like'), via: [], actions: [] }]);
  });

  it('10. a trusted user without sts:AssumeRole permission does not gain the role', () => {
    const account = new AccountBuilder()
      .user('frank')
      .role('admin', trustText([]), { policies: ['AdministratorAccess'] });
    const analysis = analyse(account, 'admin', trustText([arnOf.user('frank')]));
    expect(analysis.riskLevel).toBe('high');
    expect(analysis.gainedAccess).toEqual([]);
    expect(codes(analysis)).toEqual(['NewPrincipalOnPrivilegedRole']);
  });

  it('11. this account’s root: every principal allowed sts:AssumeRole gains it; low on an unprivileged role', () => {
    const account = new AccountBuilder()
      .user('gina', { policies: [STS] })
      .user('hank')
      .role('reader', trustText([]), { policies: ['AliyunARMSReadOnlyAccess'] });
    const analysis = analyse(account, 'reader', trustText([`acs:ram::${ACCOUNT}:root`]));
    expect(analysis.riskLevel).toBe('low');
    expect(analysis.gainedAccess.map((g) => g.principalArn)).toEqual([arnOf.user('gina')]);
  });

  it('12. a cloud service principal: low, the service gains the role’s actions', () => {
    const account = new AccountBuilder().role('ecs', trustText([]), { policies: ['AliyunARMSFullAccess'] });
    const analysis = analyse(account, 'ecs', trustText([], undefined, ['ecs.aliyuncs.com']));
    expect(analysis.riskLevel).toBe('low');
    expect(analysis.gainedAccess).toEqual([
      { principalArn: 'ecs.aliyuncs.com', via: [], actions: ['arms:*'] },
    ]);
  });

  it('13. a role with RAM-write power is privileged: a new same-account principal is high', () => {
    const account = new AccountBuilder()
      .user('ivy', { policies: [STS] })
      .role('ram-admin', trustText([]), { policies: ['AliyunRAMFullAccess'] });
    const analysis = analyse(account, 'ram-admin', trustText([arnOf.user('ivy')]));
    expect(analysis.riskLevel).toBe('high');
    expect(codes(analysis)).toEqual(['NewPrincipalOnPrivilegedRole', 'EscalationPathOpened']);
    expect(analysis.gainedAccess.map((g) => g.principalArn)).toEqual([arnOf.user('ivy')]);
  });

  it('14. removing the trust entry of a user who is also eligible through an access request: no loss', () => {
    const account = new AccountBuilder()
      .user('bob', { policies: [STS] })
      .user('erin', { policies: [STS] })
      .role('ops', trustText([arnOf.user('bob'), arnOf.user('erin')]), {
        policies: ['AliyunARMSReadOnlyAccess'],
      })
      .eligible('ops', 'bob', new Date(NOW.getTime() + 3600_000))
      .session('ops', arnOf.user('bob'), new Date(NOW.getTime() - 5 * 60_000));
    const analysis = analyse(account, 'ops', trustText([arnOf.user('erin')]));
    expect(analysis.riskLevel).toBe('low');
    expect(codes(analysis)).toEqual(['PrincipalRemoved']);
    expect(analysis.lostAccess).toEqual([]);
    expect(analysis.activeSessionsAffected).toEqual([]);
  });

  it('tells whether a reviewer would gain the role (conflict of interest), directly or through a chain', () => {
    const account = new AccountBuilder()
      .user('ursula', { policies: [STS] })
      .user('rita', { policies: [STS] })
      .role('a', trustText([arnOf.user('ursula')]), { policies: [STS] })
      .role('admin', trustText([]), { policies: ['AdministratorAccess'] });
    const graph = account.graph();
    const role = graph.byArn(arnOf.role('admin'))!;
    const after = parseTrustPolicyDocument(trustText([arnOf.role('a')]));
    expect(gainsFromChange(graph, role, after, arnOf.user('ursula'))).toBe(true);
    expect(gainsFromChange(graph, role, after, `acs:ram::${ACCOUNT}:assumed-role/a/s1`)).toBe(true);
    expect(gainsFromChange(graph, role, after, arnOf.user('rita'))).toBe(false);
  });
});
