import { type PermissionStatement, type PolicyInput, evaluate } from '#policy';
import { CORPUS_NOW, type CorpusPair, productLength, splitArn } from './corpus.js';
import type { PeerAnalysis } from './engines.js';

/**
 * The documented, intentional differences between this engine (RAM semantics) and IAM as
 * iam-simulate implements it. libs/policy/README.md lists the same classes.
 */
export const KNOWN_DIFFERENCES = {
  'arn-header-case':
    'RAM compares the whole resource ARN case-sensitively; IAM ignores case in the partition, service, region and account.',
  'wildcard-across-arn-segments':
    'A wildcard in a RAM resource pattern matches across ":" (the ARN is one string); IAM matches each ARN segment on its own and pads short ARNs.',
  'wildcard-in-resource-type':
    'A wildcard in the resource type (the "user/" of "user/alice") matches in RAM; IAM compares the resource-type prefix literally.',
  'wildcard-only-action-resource':
    'For a wildcard-only action (request resource "*"), RAM matches "*" like any other resource string; IAM only lets a "*" statement apply and treats NotResource specially.',
  'multi-valued-key-without-qualifier':
    'RAM evaluates a multi-valued key under a plain operator as ForAnyValue (positive) / ForAllValues (negated); IAM takes the first value or fails the condition.',
  'lenient-number-parsing':
    'RAM accepts only plain decimals ("30"); IAM parses a prefix ("30s" reads as 30).',
} as const;

export type KnownDifference = keyof typeof KNOWN_DIFFERENCES;

interface StatementRef {
  readonly policyName: string;
  readonly statementIndex: number;
  readonly statement: PermissionStatement;
}

/**
 * Explains a disagreement: finds the statements that apply in one engine and not in the other, and
 * names, for each, the known difference it exhibits. Returns undefined if any is unexplained.
 */
export function explainDifference(
  pair: CorpusPair,
  inputs: readonly PolicyInput[],
  peer: PeerAnalysis | undefined,
): KnownDifference[] | undefined {
  const peerApplies = new Set(
    [peer?.identityAnalysis, peer?.sessionAnalysis].flatMap((layer) =>
      [...(layer?.allowStatements ?? []), ...(layer?.denyStatements ?? [])].map(
        (s) => `${s.policyId}#${s.statement.index() - 1}`,
      ),
    ),
  );
  const differing = statements(inputs).filter(
    (ref) => appliesHere(pair, ref) !== peerApplies.has(peerKey(ref)),
  );
  if (differing.length === 0) return undefined;
  const reasons = differing.map((ref) => classify(pair, ref.statement));
  return reasons.every((reason) => reason !== undefined) ? [...new Set(reasons)] : undefined;
}

function statements(inputs: readonly PolicyInput[]): StatementRef[] {
  return inputs.flatMap((input) =>
    input.document.statements.map((statement, statementIndex) => ({
      policyName: input.policyName,
      statementIndex,
      statement,
    })),
  );
}

/** iam-simulate names the session policy "SessionPolicy", as the corpus does. */
function peerKey(ref: StatementRef): string {
  return `${ref.policyName}#${ref.statementIndex}`;
}

function appliesHere(pair: CorpusPair, ref: StatementRef): boolean {
  const alone: PolicyInput = {
    policyType: 'Custom',
    policyName: 'x',
    versionId: 'v1',
    document: { version: '1', statements: [ref.statement] },
  };
  const { principalArn, action, resource, context } = pair;
  return (
    evaluate({ principalArn, action, resource, context }, [alone], { now: CORPUS_NOW }).decision !==
    'ImplicitDeny'
  );
}

function classify(pair: CorpusPair, statement: PermissionStatement): KnownDifference | undefined {
  const patterns = statement.resource.patterns.filter((pattern) => pattern !== '*');
  const header = (pattern: string) => splitArn(pattern)[0];
  if (pair.resource === '*' && (statement.resource.negated || patterns.length > 0))
    return 'wildcard-only-action-resource';
  if (patterns.some((p) => header(p) !== header(p).toLowerCase())) return 'arn-header-case';
  if (patterns.some((p) => /[*?]/.test(header(p)) || p.split(':').length < 5))
    return 'wildcard-across-arn-segments';
  if (patterns.some((p) => /[*?]/.test(splitArn(p)[1].slice(0, productLength(splitArn(p)[1])))))
    return 'wildcard-in-resource-type';
  const plainOnArray = statement.conditions.some((c) => !c.qualifier && Array.isArray(pair.context[c.key]));
  if (plainOnArray) return 'multi-valued-key-without-qualifier';
  const lenientNumber = statement.conditions.some((c) => {
    const value = pair.context[c.key];
    return (
      c.baseOperator.startsWith('Numeric') && typeof value === 'string' && !/^-?\d+(\.\d+)?$/.test(value)
    );
  });
  return lenientNumber ? 'lenient-number-parsing' : undefined;
}
