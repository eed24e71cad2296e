import type { CatalogueAction } from './aws-catalogue.js';
import { Random } from './random.js';

/** One generated (policy set, request) pair, in RAM syntax. */
export interface CorpusPair {
  readonly id: number;
  readonly principalArn: string;
  readonly action: string;
  /** A RAM ARN, or `*` for a wildcard-only action. */
  readonly resource: string;
  readonly accountId: string;
  readonly context: Record<string, string | string[]>;
  readonly identity: object[];
  readonly session: object | null;
}

export const CORPUS_ACCOUNT = '123456789012';
export const CORPUS_NOW = new Date('2024-06-01T12:00:00Z');
const NAMES = ['alpha', 'beta', 'prod-1', 'test-a'];
const REGIONS = ['us-east-1', 'eu-west-1'];

const CONTEXT_VALUES: Record<string, readonly (string | string[])[]> = {
  'acs:SourceIp': ['10.1.2.3', '192.168.5.5', '203.0.113.9', '2001:db8::1'],
  'acs:MFAPresent': ['true', 'false'],
  'acs:MFAAge': ['30', '3600', '86400'],
  'acs:SecureTransport': ['true', 'false'],
  'acs:CurrentTime': ['2024-06-01T12:00:00Z', '2025-01-01T00:00:00Z'],
  'acs:RequestedRegion': REGIONS,
  'acs:PrincipalTag/team': ['blue', 'red', 'Blue'],
  'acs:CalledVia': [
    ['athena.amazonaws.com'],
    ['athena.amazonaws.com', 'glue.amazonaws.com'],
    ['glue.amazonaws.com'],
  ],
};

type Condition = [operator: string, key: string, values: string[]];
const CONDITIONS: Condition[] = [
  ['StringEquals', 'acs:PrincipalTag/team', ['blue']],
  ['StringNotEquals', 'acs:PrincipalTag/team', ['blue', 'red']],
  ['StringLike', 'acs:PrincipalTag/team', ['b*']],
  ['StringNotLike', 'acs:PrincipalTag/team', ['r?d']],
  ['StringEqualsIgnoreCase', 'acs:PrincipalTag/team', ['BLUE']],
  ['StringNotEqualsIgnoreCase', 'acs:PrincipalTag/team', ['RED']],
  ['StringEquals', 'acs:RequestedRegion', ['us-east-1']],
  ['IpAddress', 'acs:SourceIp', ['10.0.0.0/8']],
  ['IpAddress', 'acs:SourceIp', ['192.168.0.0/16', '2001:db8::/32']],
  ['NotIpAddress', 'acs:SourceIp', ['10.0.0.0/8', '192.168.0.0/16']],
  ['Bool', 'acs:MFAPresent', ['true']],
  ['Bool', 'acs:SecureTransport', ['false']],
  ['NumericLessThan', 'acs:MFAAge', ['3600']],
  ['NumericLessThanEquals', 'acs:MFAAge', ['3600']],
  ['NumericGreaterThan', 'acs:MFAAge', ['3600']],
  ['NumericGreaterThanEquals', 'acs:MFAAge', ['30']],
  ['NumericEquals', 'acs:MFAAge', ['30', '86400']],
  ['NumericNotEquals', 'acs:MFAAge', ['30']],
  ['DateLessThan', 'acs:CurrentTime', ['2024-12-01T00:00:00Z']],
  ['DateLessThanEquals', 'acs:CurrentTime', ['2024-06-01T12:00:00Z']],
  ['DateGreaterThan', 'acs:CurrentTime', ['2024-06-01T12:00:00Z']],
  ['DateGreaterThanEquals', 'acs:CurrentTime', ['2024-12-01T00:00:00Z']],
  ['DateEquals', 'acs:CurrentTime', ['2024-06-01T12:00:00Z']],
  ['DateNotEquals', 'acs:CurrentTime', ['2025-01-01T00:00:00Z']],
  ['StringLike', 'acs:PrincipalARN', [`acs:ram::${CORPUS_ACCOUNT}:user/*`]],
  ['StringNotLike', 'acs:PrincipalARN', [`acs:ram::${CORPUS_ACCOUNT}:user/a*`]],
  ['ForAnyValue:StringEquals', 'acs:CalledVia', ['athena.amazonaws.com']],
  ['ForAllValues:StringLike', 'acs:CalledVia', ['athena.*']],
  ['ForAnyValue:StringNotEquals', 'acs:CalledVia', ['glue.amazonaws.com']],
  ['ForAllValues:StringNotEquals', 'acs:CalledVia', ['glue.amazonaws.com']],
];

/**
 * Builds `count` pairs from real AWS actions and ARNs. Statements are derived from the request (exact,
 * prefix, suffix, `?`, service-wide and global wildcards, neighbouring actions and resources) so that
 * roughly half of them apply; a few percent are probes of the documented RAM/IAM differences.
 */
export function generateCorpus(catalogue: readonly CatalogueAction[], count: number, seed = 1): CorpusPair[] {
  const random = new Random(seed);
  return Array.from({ length: count }, (_, id) => generatePair(random, catalogue, id));
}

function generatePair(random: Random, catalogue: readonly CatalogueAction[], id: number): CorpusPair {
  const target = random.pick(catalogue);
  const resource = target.arnTemplate ? fillTemplate(random, target.arnTemplate) : '*';
  const session = random.chance(0.15);
  const principalArn = session
    ? `acs:ram::${CORPUS_ACCOUNT}:assumed-role/ops/session-1`
    : `acs:ram::${CORPUS_ACCOUNT}:user/${random.pick(['alice', 'bob'])}`;
  const context: Record<string, string | string[]> = {};
  for (const [key, values] of Object.entries(CONTEXT_VALUES))
    if (random.chance(0.5)) context[key] = random.pick(values);
  if (random.chance(0.02)) context['acs:PrincipalTag/team'] = ['red', 'blue'];
  if (random.chance(0.02)) context['acs:MFAAge'] = '30s';
  context['acs:PrincipalARN'] = principalArn;
  const policy = () => ({
    Version: '1',
    Statement: Array.from({ length: 1 + random.int(4) }, () =>
      statementFor(random, catalogue, target, resource),
    ),
  });
  return {
    id,
    principalArn,
    action: `${target.service}:${target.name}`,
    resource,
    accountId: CORPUS_ACCOUNT,
    context,
    identity: Array.from({ length: 1 + random.int(3) }, policy),
    session: session ? policy() : null,
  };
}

function statementFor(
  random: Random,
  catalogue: readonly CatalogueAction[],
  target: CatalogueAction,
  resource: string,
) {
  const actions = random.some([0, 0, 0], 2).map(() => actionPattern(random, catalogue, target));
  const resources = random.some([0, 0], 2).map(() => resourcePattern(random, catalogue, target, resource));
  const conditions = random.chance(0.3) ? random.some(CONDITIONS, 2) : [];
  const condition: Record<string, Record<string, string[]>> = {};
  for (const [operator, key, values] of conditions) {
    const name = random.chance(0.15) && !operator.startsWith('For') ? `${operator}IfExists` : operator;
    (condition[name] ??= {})[key] = values;
  }
  return {
    Effect: random.chance(0.2) ? 'Deny' : 'Allow',
    [random.chance(0.1) ? 'NotAction' : 'Action']: actions,
    [random.chance(0.1) ? 'NotResource' : 'Resource']: resources,
    ...(conditions.length > 0 ? { Condition: condition } : {}),
  };
}

function actionPattern(
  random: Random,
  catalogue: readonly CatalogueAction[],
  target: CatalogueAction,
): string {
  const { service, name } = target;
  const sameService = catalogue.filter((a) => a.service === service);
  const cut = 1 + random.int(Math.max(1, name.length - 1));
  const roll = random.next();
  if (roll < 0.3) return `${service}:${name}`;
  if (roll < 0.35) return `${service}:${name}`.toUpperCase();
  if (roll < 0.45) return `${service}:${random.pick(sameService).name}`;
  if (roll < 0.6) return `${service}:${name.slice(0, cut)}*`;
  if (roll < 0.65) return `${service}:*${name.slice(cut)}`;
  if (roll < 0.7) return `${service}:*${name.slice(1, cut + 1)}*`;
  if (roll < 0.77) return `${service}:${name.slice(0, cut - 1)}?${name.slice(cut)}`;
  if (roll < 0.85) return `${service}:*`;
  if (roll < 0.9) return '*';
  const other = random.pick(catalogue);
  return `${other.service}:${other.name}`;
}

function resourcePattern(
  random: Random,
  catalogue: readonly CatalogueAction[],
  target: CatalogueAction,
  resource: string,
): string {
  if (resource === '*' || !target.arnTemplate) return random.chance(0.6) ? '*' : anyArn(random, catalogue);
  const [header, body] = splitArn(resource);
  const product = productLength(body);
  const roll = random.next();
  if (roll < 0.3) return resource;
  if (roll < 0.45) return `${header}${body.slice(0, product + random.int(body.length - product + 1))}*`;
  if (roll < 0.55) return '*';
  if (roll < 0.62) return header.replace(/:[^:]*:$/, ':*:') + body;
  if (roll < 0.66) return header.replace(/^(acs:[^:]*:)[^:]*:/, '$1*:') + body;
  if (roll < 0.73 && body.length > product) {
    const at = product + random.int(body.length - product);
    return `${header}${body.slice(0, at)}?${body.slice(at + 1)}`;
  }
  if (roll < 0.82) return fillTemplate(random, target.arnTemplate);
  if (roll < 0.9) return anyArn(random, catalogue);
  return differenceProbe(random, header, body, product);
}

/** Patterns IAM reads differently on purpose (see the README's allow-list). */
function differenceProbe(random: Random, header: string, body: string, product: number): string {
  const probes = [
    `${header
      .toUpperCase()
      .replace(/^ACS:/, 'acs:')
      .replace(/^(acs:[^:]*)/, (s) => s.toLowerCase())}${body}`,
    product > 1 ? `${header}${body.slice(0, 1)}*${body.slice(product)}` : `${header}*`,
    header.split(':').slice(0, 2).join(':') + ':*',
    `${header.split(':').slice(0, 2).join(':')}:*${body.slice(Math.max(0, product - 1))}`,
  ];
  return random.pick(probes);
}

function anyArn(random: Random, catalogue: readonly CatalogueAction[]): string {
  const other = random.pick(catalogue.filter((a) => a.arnTemplate));
  return fillTemplate(random, other.arnTemplate!);
}

/** `acs:service:region:account:` and the rest. */
export function splitArn(arn: string): [string, string] {
  let colons = 0;
  for (let i = 0; i < arn.length; i++)
    if (arn[i] === ':' && ++colons === 4) return [arn.slice(0, i + 1), arn.slice(i + 1)];
  return [arn, ''];
}

/** Length of the resource-type prefix IAM matches literally: up to the first `/` or `:`. */
export function productLength(body: string): number {
  const at = body.search(/[/:]/);
  return at < 0 ? 0 : at + 1;
}

function fillTemplate(random: Random, template: string): string {
  const arn = template
    .replace('${Partition}', 'aws')
    .replace('${Region}', random.pick(REGIONS))
    .replace('${Account}', CORPUS_ACCOUNT)
    .replace(/\$\{[^}]+\}/g, () => random.pick(NAMES));
  return `acs:${arn.slice('arn:aws:'.length)}`;
}
