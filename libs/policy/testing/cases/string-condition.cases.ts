import { type AuthorizeCase, allow, doc, kase, req, when } from './case-builders.js';

const tagged = (operator: string, values: unknown) =>
  doc(allow('ram:GetUser', '*', when({ [operator]: { 'ram:TagValue': values } })));
const withTag = (value: string | string[]) => req('ram:GetUser', undefined, { 'ram:TagValue': value });

export const stringConditionCases: AuthorizeCase[] = [
  kase('string-equals-match', tagged('StringEquals', 'prod'), withTag('prod'), 'Allow', ['p0#0']),
  kase('string-equals-case-sensitive', tagged('StringEquals', 'prod'), withTag('Prod'), 'ImplicitDeny'),
  kase('string-equals-any-value', tagged('StringEquals', ['dev', 'prod']), withTag('prod'), 'Allow', [
    'p0#0',
  ]),
  kase('string-equals-no-value', tagged('StringEquals', ['dev', 'test']), withTag('prod'), 'ImplicitDeny'),
  kase('string-equals-no-wildcards', tagged('StringEquals', 'pr*'), withTag('prod'), 'ImplicitDeny'),
  kase('condition-key-absent-is-false', tagged('StringEquals', 'prod'), req('ram:GetUser'), 'ImplicitDeny'),
  kase(
    'condition-key-is-case-insensitive',
    tagged('StringEquals', 'prod'),
    req('ram:GetUser', undefined, { 'RAM:TAGVALUE': 'prod' }),
    'Allow',
    ['p0#0'],
  ),
  kase('string-not-equals-other', tagged('StringNotEquals', 'prod'), withTag('dev'), 'Allow', ['p0#0']),
  kase('string-not-equals-same', tagged('StringNotEquals', 'prod'), withTag('prod'), 'ImplicitDeny'),
  kase(
    'string-not-equals-any-listed',
    tagged('StringNotEquals', ['dev', 'prod']),
    withTag('prod'),
    'ImplicitDeny',
  ),
  kase(
    'string-not-equals-absent-key-is-true',
    tagged('StringNotEquals', 'prod'),
    req('ram:GetUser'),
    'Allow',
    ['p0#0'],
  ),
  kase(
    'string-equals-ignore-case-match',
    tagged('StringEqualsIgnoreCase', 'PROD'),
    withTag('prod'),
    'Allow',
    ['p0#0'],
  ),
  kase(
    'string-equals-ignore-case-no-match',
    tagged('StringEqualsIgnoreCase', 'PROD'),
    withTag('production'),
    'ImplicitDeny',
  ),
  kase(
    'string-equals-ignore-case-absent',
    tagged('StringEqualsIgnoreCase', 'PROD'),
    req('ram:GetUser'),
    'ImplicitDeny',
  ),
  kase(
    'string-not-equals-ignore-case-same',
    tagged('StringNotEqualsIgnoreCase', 'PROD'),
    withTag('Prod'),
    'ImplicitDeny',
  ),
  kase(
    'string-not-equals-ignore-case-other',
    tagged('StringNotEqualsIgnoreCase', 'PROD'),
    withTag('dev'),
    'Allow',
    ['p0#0'],
  ),
  kase(
    'string-not-equals-ignore-case-absent',
    tagged('StringNotEqualsIgnoreCase', 'PROD'),
    req('ram:GetUser'),
    'Allow',
    ['p0#0'],
  ),
  kase('string-like-star', tagged('StringLike', 'pro*'), withTag('production'), 'Allow', ['p0#0']),
  kase('string-like-question', tagged('StringLike', 'pro?'), withTag('prod'), 'Allow', ['p0#0']),
  kase('string-like-question-too-long', tagged('StringLike', 'pro?'), withTag('produ'), 'ImplicitDeny'),
  kase('string-like-case-sensitive', tagged('StringLike', 'pro*'), withTag('Prod'), 'ImplicitDeny'),
  kase('string-like-no-wildcard-is-equality', tagged('StringLike', 'prod'), withTag('prod'), 'Allow', [
    'p0#0',
  ]),
  kase('string-like-any-of-list', tagged('StringLike', ['dev*', '*prod']), withTag('preprod'), 'Allow', [
    'p0#0',
  ]),
  kase('string-like-absent', tagged('StringLike', '*'), req('ram:GetUser'), 'ImplicitDeny'),
  kase('string-like-star-matches-empty', tagged('StringLike', '*'), withTag(''), 'Allow', ['p0#0']),
  kase('string-not-like-match-denies', tagged('StringNotLike', 'pro*'), withTag('prod'), 'ImplicitDeny'),
  kase('string-not-like-other', tagged('StringNotLike', 'pro*'), withTag('dev'), 'Allow', ['p0#0']),
  kase('string-not-like-absent-is-true', tagged('StringNotLike', 'pro*'), req('ram:GetUser'), 'Allow', [
    'p0#0',
  ]),
  kase('multi-valued-key-positive-any', tagged('StringEquals', 'prod'), withTag(['dev', 'prod']), 'Allow', [
    'p0#0',
  ]),
  kase(
    'multi-valued-key-negated-none',
    tagged('StringNotEquals', 'prod'),
    withTag(['dev', 'prod']),
    'ImplicitDeny',
  ),
  kase(
    'multi-valued-key-negated-all-differ',
    tagged('StringNotEquals', 'prod'),
    withTag(['dev', 'test']),
    'Allow',
    ['p0#0'],
  ),
  kase('empty-list-value-positive-false', tagged('StringEquals', 'prod'), withTag([]), 'ImplicitDeny'),
  kase('empty-list-value-negated-true', tagged('StringNotEquals', 'prod'), withTag([]), 'Allow', ['p0#0']),
  kase(
    'principal-arn-is-always-the-principal',
    doc(
      allow('*', '*', when({ StringEquals: { 'acs:PrincipalARN': 'acs:ram::1234567890123456:user/admin' } })),
    ),
    req('ram:GetUser', undefined, { 'acs:PrincipalARN': 'acs:ram::1234567890123456:user/admin' }),
    'ImplicitDeny',
  ),
  kase(
    'principal-arn-matches-requester',
    doc(allow('*', '*', when({ StringLike: { 'acs:PrincipalARN': 'acs:ram::*:user/ali*' } }))),
    req('ram:GetUser'),
    'Allow',
    ['p0#0'],
  ),
  kase(
    'two-keys-are-and-both',
    doc(allow('*', '*', when({ StringEquals: { 'ram:TagValue': 'prod', 'ram:Team': 'blue' } }))),
    req('ram:GetUser', undefined, { 'ram:TagValue': 'prod', 'ram:Team': 'blue' }),
    'Allow',
    ['p0#0'],
  ),
  kase(
    'two-keys-are-and-one-fails',
    doc(allow('*', '*', when({ StringEquals: { 'ram:TagValue': 'prod', 'ram:Team': 'blue' } }))),
    req('ram:GetUser', undefined, { 'ram:TagValue': 'prod', 'ram:Team': 'red' }),
    'ImplicitDeny',
  ),
  kase(
    'two-operators-are-and',
    doc(
      allow('*', '*', when({ StringEquals: { 'ram:TagValue': 'prod' }, StringLike: { 'ram:Team': 'b*' } })),
    ),
    req('ram:GetUser', undefined, { 'ram:TagValue': 'prod', 'ram:Team': 'red' }),
    'ImplicitDeny',
  ),
  kase(
    'two-operators-both-hold',
    doc(
      allow('*', '*', when({ StringEquals: { 'ram:TagValue': 'prod' }, StringLike: { 'ram:Team': 'b*' } })),
    ),
    req('ram:GetUser', undefined, { 'ram:TagValue': 'prod', 'ram:Team': 'blue' }),
    'Allow',
    ['p0#0'],
  ),
  kase('json-number-value-compares-as-text', tagged('StringEquals', 42), withTag('42'), 'Allow', ['p0#0']),
  kase('json-boolean-value-compares-as-text', tagged('StringEquals', true), withTag('true'), 'Allow', [
    'p0#0',
  ]),
];
