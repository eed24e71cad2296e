import { type AuthorizeCase, allow, deny, doc, kase, req, withSession } from './case-builders.js';

const sessionRequest = (action: string) => ({
  ...req(action),
  principalArn: 'acs:ram::1234567890123456:assumed-role/ops/alice-session',
});

export const sessionCases: AuthorizeCase[] = [
  kase(
    'session-both-allow',
    withSession([doc(allow('ram:*'))], doc(allow('ram:Get*'))),
    sessionRequest('ram:GetUser'),
    'Allow',
    ['p0#0', 'SessionPolicy#0'],
  ),
  kase(
    'session-narrows-role',
    withSession([doc(allow('ram:*'))], doc(allow('ram:Get*'))),
    sessionRequest('ram:DeleteUser'),
    'ImplicitDeny',
  ),
  kase(
    'session-cannot-widen-role',
    withSession([doc(allow('ram:Get*'))], doc(allow('*'))),
    sessionRequest('ram:DeleteUser'),
    'ImplicitDeny',
  ),
  kase(
    'session-deny-wins',
    withSession([doc(allow('*'))], doc(allow('*'), deny('ram:Delete*'))),
    sessionRequest('ram:DeleteUser'),
    'ExplicitDeny',
    ['SessionPolicy#1'],
  ),
  kase(
    'session-role-deny-wins',
    withSession([doc(allow('*'), deny('ram:Delete*'))], doc(allow('*'))),
    sessionRequest('ram:DeleteUser'),
    'ExplicitDeny',
    ['p0#1'],
  ),
  kase(
    'session-denies-from-both-layers',
    withSession([doc(deny('ram:*'))], doc(deny('*'))),
    sessionRequest('ram:DeleteUser'),
    'ExplicitDeny',
    ['p0#0', 'SessionPolicy#0'],
  ),
  kase(
    'session-empty-policy-denies-all',
    withSession([doc(allow('*'))], doc()),
    sessionRequest('ram:GetUser'),
    'ImplicitDeny',
  ),
  kase(
    'session-no-identity-allow',
    withSession([], doc(allow('*'))),
    sessionRequest('ram:GetUser'),
    'ImplicitDeny',
  ),
  kase(
    'session-multiple-identity-policies',
    withSession([doc(allow('ram:List*')), doc(allow('ram:ListUsers'))], doc(allow('ram:*'))),
    sessionRequest('ram:ListUsers'),
    'Allow',
    ['p0#0', 'p1#0', 'SessionPolicy#0'],
  ),
  kase(
    'session-notaction',
    withSession([doc(allow('*'))], doc({ Effect: 'Allow', NotAction: 'ram:*', Resource: '*' })),
    sessionRequest('ram:GetUser'),
    'ImplicitDeny',
  ),
  kase(
    'session-resource-narrowing',
    withSession(
      [doc(allow('ram:GetUser'))],
      doc(allow('ram:GetUser', 'acs:ram::1234567890123456:user/carol')),
    ),
    sessionRequest('ram:GetUser'),
    'ImplicitDeny',
  ),
];
