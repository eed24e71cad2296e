import { parseTrustPolicyDocument, trustedPrincipals } from '#policy';
import { withoutTrustedPrincipal } from './trust-document.js';

const ALICE = 'acs:ram::1234567890123456:user/alice';
const BOB = 'acs:ram::1234567890123456:user/bob';
const trust = (statements: unknown) => JSON.stringify({ Version: '1', Statement: statements });
const allow = (principal: unknown) => ({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: principal });
const principalsOf = (text: string) =>
  trustedPrincipals(parseTrustPolicyDocument(text)).map((p) => `${p.type}:${p.principal}`);

describe('removing a trusted principal from a trust policy', () => {
  it('removes it from a list and keeps the others', () => {
    const after = withoutTrustedPrincipal(trust([allow({ RAM: [ALICE, BOB] })]), 'RAM', ALICE.toUpperCase());
    expect(principalsOf(after)).toEqual([`RAM:${BOB}`]);
  });

  it('drops a statement that trusted only it, keeps other principal kinds and Deny statements', () => {
    const deny = { Effect: 'Deny', Action: 'sts:AssumeRole', Principal: { RAM: ALICE } };
    const before = trust([allow({ RAM: ALICE }), allow({ RAM: ALICE, Service: 'ecs.aliyuncs.com' }), deny]);
    const after = withoutTrustedPrincipal(before, 'RAM', ALICE);
    expect(principalsOf(after)).toEqual(['Service:ecs.aliyuncs.com']);
    expect(JSON.parse(after).Statement).toHaveLength(2);
  });

  it('leaves a policy that trusts nobody when the last principal goes', () => {
    const after = withoutTrustedPrincipal(trust(allow({ RAM: [ALICE] })), 'RAM', ALICE);
    expect(principalsOf(after)).toEqual([]);
  });
});
