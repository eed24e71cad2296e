import fc from 'fast-check';
import type { AuthorizationRequest, PolicyType } from '#policy';
import { ALICE, user } from './cases/case-builders.js';
import type { CasePolicy } from './cases/case-builders.js';

/** A small vocabulary, so that random statements and requests actually meet. */
const ACTIONS = [
  'ram:ListUsers',
  'ram:GetUser',
  'ram:CreateUser',
  'ram:DeleteUser',
  'sts:AssumeRole',
  'audit:QueryEvents',
];
const ACTION_PATTERNS = [
  ...ACTIONS,
  'ram:*',
  'ram:List*',
  'ram:*User',
  '*',
  '*:Get*',
  'ram:?etUser',
  'sts:*',
  'RAM:getuser',
];
const RESOURCES = [user('alice'), user('bob'), user('admin-1'), 'acs:ram::1234567890123456:role/ops', '*'];
const RESOURCE_PATTERNS = [
  ...RESOURCES.slice(0, 4),
  user('*'),
  user('a*'),
  '*',
  'acs:ram:*',
  'acs:ram::*:role/*',
  user('b?b'),
];

const CONDITIONS: Record<string, Record<string, unknown>>[] = [
  { StringEquals: { 'ram:Team': 'blue' } },
  { StringNotEquals: { 'ram:Team': ['red', 'green'] } },
  { StringLike: { 'ram:Team': 'b*' } },
  { StringEqualsIgnoreCase: { 'ram:Team': 'BLUE' } },
  { IpAddress: { 'acs:SourceIp': '10.0.0.0/8' } },
  { NotIpAddress: { 'acs:SourceIp': ['10.0.0.0/8', '2001:db8::/32'] } },
  { Bool: { 'acs:MFAPresent': 'true' } },
  { BoolIfExists: { 'acs:MFAPresent': 'false' } },
  { DateLessThan: { 'acs:CurrentTime': '2024-06-15T00:00:00Z' } },
  { DateGreaterThanEquals: { 'acs:CurrentTime': '2024-06-01T12:00:00Z' } },
  { NumericLessThan: { 'acs:MFAAge': '3600' } },
  { NumericNotEquals: { 'acs:MFAAge': '0' } },
  { 'ForAnyValue:StringEquals': { 'ram:TagKeys': ['env', 'team'] } },
  { 'ForAllValues:StringLike': { 'ram:TagKeys': 'e*' } },
  { StringLikeIfExists: { 'acs:PrincipalARN': 'acs:ram::*:user/a*' } },
];

const CONTEXT_VALUES: Record<string, readonly (string | string[])[]> = {
  'ram:Team': ['blue', 'red', 'Blue', ['blue', 'red']],
  'acs:SourceIp': ['10.1.2.3', '192.168.0.1', '2001:db8::7', 'not-an-ip'],
  'acs:MFAPresent': ['true', 'false', 'maybe'],
  'acs:CurrentTime': ['2024-06-01T12:00:00Z', '2024-07-01T00:00:00Z', 'never'],
  'acs:MFAAge': ['0', '120', '7200', 'old'],
  'ram:TagKeys': [['env'], ['env', 'owner'], [], 'team'],
};

const oneOrMore = (items: readonly string[]) =>
  fc.oneof(
    fc.constantFrom(...items),
    fc.uniqueArray(fc.constantFrom(...items), { minLength: 1, maxLength: 3 }),
  );

export const statementArb = (effect?: 'Allow' | 'Deny') =>
  fc
    .record({
      Effect: effect ? fc.constant(effect) : fc.constantFrom('Allow', 'Allow', 'Deny'),
      actions: oneOrMore(ACTION_PATTERNS),
      notAction: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
      resources: oneOrMore(RESOURCE_PATTERNS),
      notResource: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
      conditions: fc.uniqueArray(fc.integer({ min: 0, max: CONDITIONS.length - 1 }), { maxLength: 2 }),
    })
    .map(({ Effect, actions, notAction, resources, notResource, conditions }) => ({
      Effect,
      [notAction ? 'NotAction' : 'Action']: actions,
      [notResource ? 'NotResource' : 'Resource']: resources,
      ...(conditions.length > 0
        ? { Condition: Object.assign({}, ...conditions.map((index) => structuredClone(CONDITIONS[index]!))) }
        : {}),
    }));

export const documentArb = fc
  .array(statementArb(), { minLength: 0, maxLength: 4 })
  .map((Statement) => ({ Version: '1', Statement }));

/** 1-4 identity policies and, one time in five, a session policy. */
export const policySetArb = fc
  .record({
    identity: fc.array(documentArb, { minLength: 1, maxLength: 4 }),
    session: fc.option(documentArb, { freq: 4 }),
  })
  .map(({ identity, session }): CasePolicy[] => [
    ...identity.map((document, index) => ({ name: `p${index}`, type: 'Custom' as PolicyType, document })),
    ...(session ? [{ name: 'SessionPolicy', type: 'Session' as PolicyType, document: session }] : []),
  ]);

export const requestArb: fc.Arbitrary<AuthorizationRequest> = fc
  .record({
    action: fc.constantFrom(...ACTIONS, 'RAM:LISTUSERS', 'ecs:StartInstance'),
    resource: fc.constantFrom(...RESOURCES),
    context: fc.dictionary(fc.constantFrom(...Object.keys(CONTEXT_VALUES)), fc.constant(null), {
      maxKeys: 4,
    }),
    seed: fc.nat(),
  })
  .map(({ action, resource, context, seed }) => ({
    principalArn: ALICE,
    action,
    resource,
    context: Object.fromEntries(
      Object.keys(context).map((key, index) => {
        const values = CONTEXT_VALUES[key]!;
        return [key, values[(seed + index) % values.length]!];
      }),
    ),
  }));
