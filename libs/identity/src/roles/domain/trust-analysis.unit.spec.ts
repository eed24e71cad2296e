import { parseTrustPolicyDocument } from '#policy';
import { analyzeTrust } from './trust-analysis.js';

const ACCOUNT = '1111111111111111';
const OTHER = '2222222222222222';
const trust = (principal: Record<string, string[]>, condition?: object) =>
  parseTrustPolicyDocument(
    JSON.stringify({
      Version: '1',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Principal: principal,
          ...(condition && { Condition: condition }),
        },
      ],
    }),
  );

describe('trust analysis', () => {
  it('rates a wildcard principal critical', () => {
    const analysis = analyzeTrust({
      accountId: ACCOUNT,
      after: trust({ RAM: ['*'] }),
      rolePrivileged: false,
    });
    expect(analysis.riskLevel).toBe('critical');
    expect(analysis.findings.map((f) => f.code)).toEqual(['WildcardPrincipal']);
  });

  it('rates another account root critical without ExternalId and high with it', () => {
    const root = `acs:ram::${OTHER}:root`;
    expect(
      analyzeTrust({ accountId: ACCOUNT, after: trust({ RAM: [root] }), rolePrivileged: false }).riskLevel,
    ).toBe('critical');
    const withId = trust({ RAM: [root] }, { StringEquals: { 'sts:ExternalId': 'abc-123' } });
    const analysis = analyzeTrust({ accountId: ACCOUNT, after: withId, rolePrivileged: false });
    expect(analysis.riskLevel).toBe('high');
    expect(analysis.findings[0].code).toBe('CrossAccountTrust');
  });

  it('rates a same-account user low, or high on a privileged role', () => {
    const user = trust({ RAM: [`acs:ram::${ACCOUNT}:user/alice`] });
    expect(analyzeTrust({ accountId: ACCOUNT, after: user, rolePrivileged: false }).riskLevel).toBe('low');
    expect(analyzeTrust({ accountId: ACCOUNT, after: user, rolePrivileged: true }).riskLevel).toBe('high');
  });

  it('lists added and removed principals against the previous policy', () => {
    const before = trust({ RAM: [`acs:ram::${ACCOUNT}:user/alice`], Service: ['ecs.aliyuncs.com'] });
    const after = trust({ RAM: [`acs:ram::${ACCOUNT}:user/bob`], Service: ['ecs.aliyuncs.com'] });
    const analysis = analyzeTrust({ accountId: ACCOUNT, before, after, rolePrivileged: false });
    expect(analysis.addedPrincipals).toEqual([{ type: 'RAM', principal: `acs:ram::${ACCOUNT}:user/bob` }]);
    expect(analysis.removedPrincipals).toEqual([
      { type: 'RAM', principal: `acs:ram::${ACCOUNT}:user/alice` },
    ]);
    expect(analysis.riskLevel).toBe('low');
  });
});
