import { parseTrustPolicyDocument } from '../parse/parse-trust-policy.js';
import { compareTrust } from './compare-trust.js';

const trust = (...Statement: object[]) =>
  parseTrustPolicyDocument(JSON.stringify({ Version: '1', Statement }));
const allowing = (Principal: object, more: object = {}) => ({
  Effect: 'Allow',
  Action: 'sts:AssumeRole',
  Principal,
  ...more,
});

describe('compareTrust', () => {
  it('reports added and removed principals of every kind', () => {
    const before = trust(allowing({ RAM: ['acs:ram::1:root', 'acs:ram::2:user/a'] }));
    const after = trust(
      allowing({
        RAM: ['acs:ram::1:ROOT'.replace('ROOT', 'root'), 'acs:ram::3:root'],
        Service: 'ecs.aliyuncs.com',
      }),
      allowing(
        { Federated: 'acs:ram::1:saml-provider/idp' },
        { Condition: { StringEquals: { 'sts:ExternalId': 'x' } } },
      ),
    );
    expect(compareTrust(before, after)).toEqual({
      addedPrincipals: [
        { type: 'RAM', principal: 'acs:ram::3:root', conditional: false },
        { type: 'Service', principal: 'ecs.aliyuncs.com', conditional: false },
        { type: 'Federated', principal: 'acs:ram::1:saml-provider/idp', conditional: true },
      ],
      removedPrincipals: [{ type: 'RAM', principal: 'acs:ram::2:user/a', conditional: false }],
    });
  });

  it('ignores Deny statements and statements for other actions, and compares names case-insensitively', () => {
    const before = trust(allowing({ RAM: 'acs:ram::1:user/Alice' }));
    const after = trust(
      allowing({ RAM: 'acs:ram::1:user/alice' }),
      { Effect: 'Deny', Action: 'sts:AssumeRole', Principal: { RAM: 'acs:ram::9:root' } },
      { Effect: 'Allow', Action: 'sts:GetCallerIdentity', Principal: { RAM: 'acs:ram::8:root' } },
    );
    expect(compareTrust(before, after)).toEqual({ addedPrincipals: [], removedPrincipals: [] });
  });
});
