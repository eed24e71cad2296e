import type { CatalogueAction } from '../../libs/policy/testing/differential/aws-catalogue.js';
import { CORPUS_ACCOUNT } from '../../libs/policy/testing/differential/corpus.js';
import { Random } from '../../libs/policy/testing/differential/random.js';

export interface BenchRequest {
  readonly action: string;
  readonly resource: string;
  readonly context: Record<string, string>;
}

export const PRINCIPAL = `acs:ram::${CORPUS_ACCOUNT}:user/alice`;
const NAMES = ['alpha', 'beta', 'gamma', 'delta', 'prod-1', 'test-a'];

/** Request targets: real AWS actions (with one resource type) and ARNs, in RAM syntax. */
export function requestTargets(
  catalogue: readonly CatalogueAction[],
  count: number,
  random: Random,
): BenchRequest[] {
  const withArn = catalogue.filter((action) => action.arnTemplate);
  return Array.from({ length: count }, () => {
    const target = random.pick(withArn);
    const arn = target
      .arnTemplate!.replace('${Partition}', 'aws')
      .replace('${Region}', 'us-east-1')
      .replace('${Account}', CORPUS_ACCOUNT)
      .replace(/\$\{[^}]+\}/g, () => random.pick(NAMES));
    return {
      action: `${target.service}:${target.name}`,
      resource: `acs:${arn.slice('arn:aws:'.length)}`,
      context: {
        'acs:SourceIp': random.pick(['10.1.2.3', '203.0.113.9']),
        'acs:MFAPresent': random.pick(['true', 'false']),
      },
    };
  });
}

const CONDITIONS = [
  { IpAddress: { 'acs:SourceIp': ['10.0.0.0/8', '192.168.0.0/16'] } },
  { Bool: { 'acs:MFAPresent': 'true' } },
  { DateLessThan: { 'acs:CurrentTime': '2030-01-01T00:00:00Z' } },
  { StringLike: { 'acs:PrincipalARN': `acs:ram::${CORPUS_ACCOUNT}:user/*` } },
];

/** One statement about a target: 30 % wildcards, 20 % conditions, 10 % Deny. */
function statement(target: BenchRequest, random: Random): object {
  const [service, operation] = target.action.split(':') as [string, string];
  const wildcard = random.chance(0.3);
  const cut = 1 + random.int(Math.max(1, operation.length - 2));
  const action = wildcard
    ? random.pick([`${service}:${operation.slice(0, cut)}*`, `${service}:*`])
    : target.action;
  const resource = wildcard
    ? `${target.resource.slice(0, target.resource.lastIndexOf('/') + 1 || undefined)}*`
    : target.resource;
  return {
    Effect: random.chance(0.1) ? 'Deny' : 'Allow',
    Action: action,
    Resource: resource,
    ...(random.chance(0.2) ? { Condition: random.pick(CONDITIONS) } : {}),
  };
}

/** A policy with one statement about each target. */
export function policyDocument(targets: readonly BenchRequest[], random: Random): object {
  return { Version: '1', Statement: targets.map((target) => statement(target, random)) };
}

/** Zipf-distributed indexes (rank k drawn with probability ∝ 1/k), so a few requests dominate. */
export function zipfSequence(length: number, ranks: number, random: Random, exponent = 1): number[] {
  const cumulative: number[] = [];
  let total = 0;
  for (let k = 1; k <= ranks; k++) cumulative.push((total += 1 / k ** exponent));
  return Array.from({ length }, () => {
    const u = random.next() * total;
    let low = 0;
    let high = ranks - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (cumulative[mid]! < u) low = mid + 1;
      else high = mid;
    }
    return low;
  });
}
