import type { Decision, RequestContext, TrustCaller } from '#policy';
import { ACCOUNT, role, user, when } from './case-builders.js';

export interface TrustCase {
  readonly name: string;
  readonly trust: object;
  readonly caller: TrustCaller;
  readonly context?: RequestContext;
  readonly expect: Decision;
  readonly matched: readonly number[];
}

const OTHER = '9999888877776666';
const trust = (...Statement: object[]) => ({ Version: '1', Statement });
const trusts = (Principal: object, more: object = {}, Effect = 'Allow') => ({
  Effect,
  Action: 'sts:AssumeRole',
  Principal,
  ...more,
});
const ram = (arn: string): TrustCaller => ({ type: 'RAM', arn });
const session = (roleName: string, name = 's1', account = ACCOUNT) =>
  `acs:ram::${account}:assumed-role/${roleName}/${name}`;
const t = (
  name: string,
  document: object,
  caller: TrustCaller,
  expect: Decision,
  matched: number[] = [],
  context?: RequestContext,
): TrustCase => ({ name, trust: document, caller, expect, matched, ...(context ? { context } : {}) });

export const trustCases: TrustCase[] = [
  t('trust-user-exact', trust(trusts({ RAM: user('alice') })), ram(user('alice')), 'Allow', [0]),
  t(
    'trust-user-name-case-insensitive',
    trust(trusts({ RAM: user('Alice') })),
    ram(user('alice')),
    'Allow',
    [0],
  ),
  t('trust-other-user', trust(trusts({ RAM: user('alice') })), ram(user('bob')), 'ImplicitDeny'),
  t('trust-role-covers-its-sessions', trust(trusts({ RAM: role('ops') })), ram(session('ops')), 'Allow', [0]),
  t(
    'trust-role-not-other-role-sessions',
    trust(trusts({ RAM: role('ops') })),
    ram(session('dev')),
    'ImplicitDeny',
  ),
  t('trust-role-covers-role-itself', trust(trusts({ RAM: role('ops') })), ram(role('ops')), 'Allow', [0]),
  t(
    'trust-session-exact',
    trust(trusts({ RAM: session('ops', 'a') })),
    ram(session('ops', 'a')),
    'Allow',
    [0],
  ),
  t(
    'trust-session-other-session',
    trust(trusts({ RAM: session('ops', 'a') })),
    ram(session('ops', 'b')),
    'ImplicitDeny',
  ),
  t(
    'trust-own-account-root',
    trust(trusts({ RAM: `acs:ram::${ACCOUNT}:root` })),
    ram(user('anyone')),
    'Allow',
    [0],
  ),
  t(
    'trust-other-account-root-user',
    trust(trusts({ RAM: `acs:ram::${OTHER}:root` })),
    ram(`acs:ram::${OTHER}:user/x`),
    'Allow',
    [0],
  ),
  t(
    'trust-other-account-root-session',
    trust(trusts({ RAM: `acs:ram::${OTHER}:root` })),
    ram(session('r', 's', OTHER)),
    'Allow',
    [0],
  ),
  t(
    'trust-other-account-root-not-mine',
    trust(trusts({ RAM: `acs:ram::${OTHER}:root` })),
    ram(user('alice')),
    'ImplicitDeny',
  ),
  t('trust-bare-account-id', trust(trusts({ RAM: [OTHER] })), ram(`acs:ram::${OTHER}:user/x`), 'Allow', [0]),
  t('trust-star-ram-principal', trust(trusts({ RAM: '*' })), ram(`acs:ram::${OTHER}:user/x`), 'Allow', [0]),
  t(
    'trust-user-in-other-account-same-name',
    trust(trusts({ RAM: user('alice') })),
    ram(`acs:ram::${OTHER}:user/alice`),
    'ImplicitDeny',
  ),
  t(
    'trust-service',
    trust(trusts({ Service: ['ecs.aliyuncs.com'] })),
    { type: 'Service', service: 'ecs.aliyuncs.com' },
    'Allow',
    [0],
  ),
  t(
    'trust-service-other',
    trust(trusts({ Service: ['ecs.aliyuncs.com'] })),
    { type: 'Service', service: 'fc.aliyuncs.com' },
    'ImplicitDeny',
  ),
  t(
    'trust-service-does-not-cover-ram',
    trust(trusts({ Service: ['ecs.aliyuncs.com'] })),
    ram(user('alice')),
    'ImplicitDeny',
  ),
  t(
    'trust-ram-does-not-cover-service',
    trust(trusts({ RAM: '*' })),
    { type: 'Service', service: 'ecs.aliyuncs.com' },
    'ImplicitDeny',
  ),
  t(
    'trust-federated',
    trust(trusts({ Federated: `acs:ram::${ACCOUNT}:saml-provider/okta` })),
    { type: 'Federated', providerArn: `acs:ram::${ACCOUNT}:saml-provider/okta` },
    'Allow',
    [0],
  ),
  t(
    'trust-federated-other-provider',
    trust(trusts({ Federated: `acs:ram::${ACCOUNT}:saml-provider/okta` })),
    { type: 'Federated', providerArn: `acs:ram::${ACCOUNT}:saml-provider/adfs` },
    'ImplicitDeny',
  ),
  t(
    'trust-external-id-match',
    trust(trusts({ RAM: `acs:ram::${OTHER}:root` }, when({ StringEquals: { 'sts:ExternalId': 'abc-123' } }))),
    ram(`acs:ram::${OTHER}:user/x`),
    'Allow',
    [0],
    { 'sts:ExternalId': 'abc-123' },
  ),
  t(
    'trust-external-id-wrong',
    trust(trusts({ RAM: `acs:ram::${OTHER}:root` }, when({ StringEquals: { 'sts:ExternalId': 'abc-123' } }))),
    ram(`acs:ram::${OTHER}:user/x`),
    'ImplicitDeny',
    [],
    { 'sts:ExternalId': 'abc-999' },
  ),
  t(
    'trust-external-id-absent',
    trust(trusts({ RAM: `acs:ram::${OTHER}:root` }, when({ StringEquals: { 'sts:ExternalId': 'abc-123' } }))),
    ram(`acs:ram::${OTHER}:user/x`),
    'ImplicitDeny',
  ),
  t(
    'trust-mfa-required',
    trust(trusts({ RAM: user('alice') }, when({ Bool: { 'acs:MFAPresent': 'true' } }))),
    ram(user('alice')),
    'Allow',
    [0],
    { 'acs:MFAPresent': 'true' },
  ),
  t(
    'trust-principal-arn-condition',
    trust(
      trusts(
        { RAM: `acs:ram::${ACCOUNT}:root` },
        when({ StringLike: { 'acs:PrincipalARN': `acs:ram::${ACCOUNT}:role/*` } }),
      ),
    ),
    ram(session('ops')),
    'ImplicitDeny',
  ),
  t(
    'trust-principal-arn-condition-role',
    trust(
      trusts(
        { RAM: `acs:ram::${ACCOUNT}:root` },
        when({ StringLike: { 'acs:PrincipalARN': `acs:ram::${ACCOUNT}:user/*` } }),
      ),
    ),
    ram(user('alice')),
    'Allow',
    [0],
  ),
  t(
    'trust-deny-beats-allow',
    trust(trusts({ RAM: `acs:ram::${ACCOUNT}:root` }), trusts({ RAM: user('mallory') }, {}, 'Deny')),
    ram(user('mallory')),
    'ExplicitDeny',
    [1],
  ),
  t(
    'trust-deny-other-principal',
    trust(trusts({ RAM: `acs:ram::${ACCOUNT}:root` }), trusts({ RAM: user('mallory') }, {}, 'Deny')),
    ram(user('alice')),
    'Allow',
    [0],
  ),
  t(
    'trust-other-action-not-assume-role',
    trust({ Effect: 'Allow', Action: 'sts:GetCallerIdentity', Principal: { RAM: user('alice') } }),
    ram(user('alice')),
    'ImplicitDeny',
  ),
  t(
    'trust-sts-wildcard-action',
    trust({ Effect: 'Allow', Action: 'sts:*', Principal: { RAM: user('alice') } }),
    ram(user('alice')),
    'Allow',
    [0],
  ),
  t(
    'trust-lists-every-allowing-statement',
    trust(trusts({ RAM: user('alice') }), trusts({ RAM: `acs:ram::${ACCOUNT}:root` })),
    ram(user('alice')),
    'Allow',
    [0, 1],
  ),
  t(
    'trust-malformed-caller-arn',
    trust(trusts({ RAM: `acs:ram::${ACCOUNT}:root` })),
    ram('not-an-arn'),
    'ImplicitDeny',
  ),
];
