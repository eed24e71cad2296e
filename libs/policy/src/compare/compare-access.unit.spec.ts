import fc from 'fast-check';
import { documentArb, requestArb } from '../../testing/arbitraries.js';
import { NOW, allow, deny, doc, when } from '../../testing/cases/case-builders.js';
import { evaluate } from '../evaluate/evaluate.js';
import { parsePolicyDocument } from '../parse/parse-policy-document.js';
import { compareAccess } from './compare-access.js';

const parse = (document: object) => parsePolicyDocument(JSON.stringify(document));
const findings = (before: object, after: object) =>
  compareAccess(parse(before), parse(after)).map(({ statementIndex, action, resource, reason, notActions }) =>
    [statementIndex, action, resource, reason, ...(notActions ? [notActions.join(',')] : [])].join(' '),
  );
const mfa = when({ Bool: { 'acs:MFAPresent': 'true' } });

describe('compareAccess', () => {
  it.each([
    ['identical documents', doc(allow('ram:Get*')), doc(allow('ram:Get*')), []],
    [
      'a new action',
      doc(allow('ram:GetUser')),
      doc(allow(['ram:GetUser', 'ram:CreateUser'])),
      ['0 ram:CreateUser * NotGrantedBefore'],
    ],
    ['narrower wildcard', doc(allow('ram:*')), doc(allow('ram:List*')), []],
    ['broader wildcard', doc(allow('ram:List*')), doc(allow('ram:*')), ['0 ram:* * NotGrantedBefore']],
    ['case-insensitive actions', doc(allow('RAM:LIST*')), doc(allow('ram:ListUsers')), []],
    ['specific action under an old wildcard', doc(allow('ram:*User')), doc(allow('ram:GetUser')), []],
    [
      'broader resource',
      doc(allow('ram:GetUser', 'acs:ram::1:user/a*')),
      doc(allow('ram:GetUser', 'acs:ram::1:user/*')),
      ['0 ram:GetUser acs:ram::1:user/* NotGrantedBefore'],
    ],
    [
      'narrower resource',
      doc(allow('ram:GetUser', '*')),
      doc(allow('ram:GetUser', 'acs:ram::1:user/bob')),
      [],
    ],
    [
      'a grant split across two old statements',
      doc(allow('ram:Get*'), allow('ram:List*')),
      doc(allow(['ram:GetUser', 'ram:ListUsers'])),
      [],
    ],
    [
      'a new allow fully denied in the new document',
      doc(),
      doc(allow('ram:DeleteUser'), deny('ram:Delete*')),
      [],
    ],
    [
      'a new allow partly denied',
      doc(),
      doc(allow('ram:*'), deny('ram:Delete*')),
      ['0 ram:* * NotGrantedBefore'],
    ],
    [
      'a removed deny',
      doc(allow('ram:*'), deny('ram:Delete*')),
      doc(allow('ram:*')),
      ['0 ram:* * DenyRemoved'],
    ],
    [
      'a narrowed deny',
      doc(allow('ram:*'), deny('ram:Delete*')),
      doc(allow('ram:*'), deny('ram:DeleteUser')),
      ['0 ram:* * DenyRemoved'],
    ],
    [
      'a widened deny',
      doc(allow('ram:*'), deny('ram:DeleteUser')),
      doc(allow('ram:*'), deny('ram:Delete*')),
      [],
    ],
    [
      'a deny that never touched the grant',
      doc(allow('ram:Get*'), deny('sts:*')),
      doc(allow('ram:Get*')),
      [],
    ],
    [
      'a dropped condition',
      doc(allow('ram:*', '*', mfa)),
      doc(allow('ram:*')),
      ['0 ram:* * NotGrantedBefore'],
    ],
    ['an added condition', doc(allow('ram:*')), doc(allow('ram:*', '*', mfa)), []],
    [
      'fewer condition values',
      doc(allow('*', '*', when({ IpAddress: { 'acs:SourceIp': ['10.0.0.0/8', '192.168.0.0/16'] } }))),
      doc(allow('*', '*', when({ IpAddress: { 'acs:SourceIp': '10.0.0.0/8' } }))),
      [],
    ],
    [
      'more condition values',
      doc(allow('*', '*', when({ IpAddress: { 'acs:SourceIp': '10.0.0.0/8' } }))),
      doc(allow('*', '*', when({ IpAddress: { 'acs:SourceIp': ['10.0.0.0/8', '0.0.0.0/0'] } }))),
      ['0 * * NotGrantedBefore'],
    ],
    [
      'a conditional deny removed',
      doc(allow('*'), deny('*', '*', when({ NotIpAddress: { 'acs:SourceIp': '10.0.0.0/8' } }))),
      doc(allow('*')),
      ['0 * * DenyRemoved'],
    ],
    [
      'NotAction under an old star',
      doc(allow('*')),
      doc({ Effect: 'Allow', NotAction: 'ram:*', Resource: '*' }),
      [],
    ],
    [
      'NotAction broader than old NotAction',
      doc({ Effect: 'Allow', NotAction: 'ram:*', Resource: '*' }),
      doc({ Effect: 'Allow', NotAction: 'ram:Delete*', Resource: '*' }),
      ['0 * * NotGrantedBefore ram:Delete*'],
    ],
    [
      'NotAction narrower than old NotAction',
      doc({ Effect: 'Allow', NotAction: 'ram:Delete*', Resource: '*' }),
      doc({ Effect: 'Allow', NotAction: 'ram:*', Resource: '*' }),
      [],
    ],
    [
      'an action outside an old NotAction',
      doc({ Effect: 'Allow', NotAction: 'ram:*', Resource: '*' }),
      doc(allow('ecs:Start*')),
      [],
    ],
    [
      'an action inside an old NotAction',
      doc({ Effect: 'Allow', NotAction: 'ram:*', Resource: '*' }),
      doc(allow('ram:GetUser')),
      ['0 ram:GetUser * NotGrantedBefore'],
    ],
    ['a new deny alone', doc(allow('*')), doc(allow('*'), deny('ram:*')), []],
  ])('%s', (_name, before, after, expected) => expect(findings(before, after)).toEqual(expected));

  it('is sound: a request the new document allows and the old did not is always reported', () => {
    fc.assert(
      fc.property(documentArb, documentArb, requestArb, (before, after, request) => {
        const oldDocument = parse(before);
        const newDocument = parse(after);
        const input = (document: typeof oldDocument) => [
          { policyType: 'Custom' as const, policyName: 'p', versionId: 'v1', document },
        ];
        const now = evaluate(request, input(newDocument), { now: NOW });
        if (
          now.decision !== 'Allow' ||
          evaluate(request, input(oldDocument), { now: NOW }).decision === 'Allow'
        )
          return;
        const reported = new Set(compareAccess(oldDocument, newDocument).map((f) => f.statementIndex));
        expect(now.matched.some((m) => reported.has(m.statementIndex))).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});
