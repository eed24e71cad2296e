import { type AuthorizeCase, allow, deny, doc, kase, req, when } from './case-builders.js';

const tags = (operator: string, values: unknown) =>
  doc(allow('*', '*', when({ [operator]: { 'ram:TagKeys': values } })));
const keys = (value: string | string[]) => req('ram:TagResource', undefined, { 'ram:TagKeys': value });
const absent = req('ram:TagResource');

export const qualifierCases: AuthorizeCase[] = [
  kase('if-exists-absent-is-true', tags('StringEqualsIfExists', 'env'), absent, 'Allow', ['p0#0']),
  kase('if-exists-present-match', tags('StringEqualsIfExists', 'env'), keys('env'), 'Allow', ['p0#0']),
  kase('if-exists-present-mismatch', tags('StringEqualsIfExists', 'env'), keys('team'), 'ImplicitDeny'),
  kase('if-exists-negated-absent', tags('StringNotEqualsIfExists', 'env'), absent, 'Allow', ['p0#0']),
  kase('if-exists-negated-present-same', tags('StringNotEqualsIfExists', 'env'), keys('env'), 'ImplicitDeny'),
  kase(
    'if-exists-ip-absent',
    doc(allow('*', '*', when({ IpAddressIfExists: { 'acs:SourceIp': '10.0.0.0/8' } }))),
    absent,
    'Allow',
    ['p0#0'],
  ),
  kase(
    'if-exists-bool-present-false',
    doc(allow('*', '*', when({ BoolIfExists: { 'acs:MFAPresent': 'true' } }))),
    req('ram:GetUser', undefined, { 'acs:MFAPresent': 'false' }),
    'ImplicitDeny',
  ),
  kase(
    'if-exists-numeric-present-match',
    doc(allow('*', '*', when({ NumericLessThanIfExists: { 'acs:MFAAge': '60' } }))),
    req('ram:GetUser', undefined, { 'acs:MFAAge': '30' }),
    'Allow',
    ['p0#0'],
  ),
  kase(
    'for-any-value-one-matches',
    tags('ForAnyValue:StringEquals', ['env', 'team']),
    keys(['owner', 'team']),
    'Allow',
    ['p0#0'],
  ),
  kase(
    'for-any-value-none-match',
    tags('ForAnyValue:StringEquals', ['env', 'team']),
    keys(['owner', 'cost']),
    'ImplicitDeny',
  ),
  kase('for-any-value-absent-is-false', tags('ForAnyValue:StringEquals', 'env'), absent, 'ImplicitDeny'),
  kase('for-any-value-empty-is-false', tags('ForAnyValue:StringEquals', 'env'), keys([]), 'ImplicitDeny'),
  kase('for-any-value-single-string', tags('ForAnyValue:StringEquals', 'env'), keys('env'), 'Allow', [
    'p0#0',
  ]),
  kase(
    'for-any-value-like',
    tags('ForAnyValue:StringLike', 'cost-*'),
    keys(['env', 'cost-center']),
    'Allow',
    ['p0#0'],
  ),
  kase(
    'for-any-value-negated-some-differ',
    tags('ForAnyValue:StringNotEquals', 'env'),
    keys(['env', 'team']),
    'Allow',
    ['p0#0'],
  ),
  kase(
    'for-any-value-negated-all-same',
    tags('ForAnyValue:StringNotEquals', 'env'),
    keys(['env']),
    'ImplicitDeny',
  ),
  kase(
    'for-any-value-negated-absent-is-false',
    tags('ForAnyValue:StringNotEquals', 'env'),
    absent,
    'ImplicitDeny',
  ),
  kase(
    'for-all-values-all-allowed',
    tags('ForAllValues:StringEquals', ['env', 'team']),
    keys(['team', 'env']),
    'Allow',
    ['p0#0'],
  ),
  kase(
    'for-all-values-one-not-allowed',
    tags('ForAllValues:StringEquals', ['env', 'team']),
    keys(['team', 'owner']),
    'ImplicitDeny',
  ),
  kase('for-all-values-absent-is-true', tags('ForAllValues:StringEquals', ['env']), absent, 'Allow', [
    'p0#0',
  ]),
  kase('for-all-values-empty-is-true', tags('ForAllValues:StringEquals', ['env']), keys([]), 'Allow', [
    'p0#0',
  ]),
  kase(
    'for-all-values-negated-none-listed',
    tags('ForAllValues:StringNotLike', 'secret*'),
    keys(['env', 'team']),
    'Allow',
    ['p0#0'],
  ),
  kase(
    'for-all-values-negated-one-listed',
    tags('ForAllValues:StringNotLike', 'secret*'),
    keys(['env', 'secret-x']),
    'ImplicitDeny',
  ),
  kase('for-all-values-if-exists-absent', tags('ForAllValues:StringEqualsIfExists', 'env'), absent, 'Allow', [
    'p0#0',
  ]),
  kase('for-any-value-if-exists-absent', tags('ForAnyValue:StringEqualsIfExists', 'env'), absent, 'Allow', [
    'p0#0',
  ]),
  kase(
    'for-any-value-ip',
    doc(allow('*', '*', when({ 'ForAnyValue:IpAddress': { 'acs:SourceIp': '10.0.0.0/8' } }))),
    req('ram:GetUser', undefined, { 'acs:SourceIp': ['8.8.8.8', '10.0.0.1'] }),
    'Allow',
    ['p0#0'],
  ),
  kase(
    'for-all-values-numeric',
    doc(allow('*', '*', when({ 'ForAllValues:NumericLessThan': { 'ram:Sizes': '10' } }))),
    req('ram:GetUser', undefined, { 'ram:Sizes': ['1', '9', '12'] }),
    'ImplicitDeny',
  ),
  kase(
    'deny-unless-only-approved-tags',
    doc(
      allow('*'),
      deny(
        'ram:TagResource',
        '*',
        when({ 'ForAnyValue:StringNotEquals': { 'ram:TagKeys': ['env', 'team'] } }),
      ),
    ),
    keys(['env', 'secret']),
    'ExplicitDeny',
    ['p0#1'],
  ),
  kase(
    'deny-unless-only-approved-tags-ok',
    doc(
      allow('*'),
      deny(
        'ram:TagResource',
        '*',
        when({ 'ForAnyValue:StringNotEquals': { 'ram:TagKeys': ['env', 'team'] } }),
      ),
    ),
    keys(['env']),
    'Allow',
    ['p0#0'],
  ),
  kase(
    'condition-on-deny-absent-key-negated-applies',
    doc(allow('*'), deny('*', '*', when({ StringNotEquals: { 'ram:Department': 'security' } }))),
    absent,
    'ExplicitDeny',
    ['p0#1'],
  ),
  kase(
    'condition-on-deny-absent-key-positive-skips',
    doc(allow('*'), deny('*', '*', when({ StringEquals: { 'ram:Department': 'contractors' } }))),
    absent,
    'Allow',
    ['p0#0'],
  ),
];
