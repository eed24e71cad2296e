import { runSimulation } from '@cloud-copilot/iam-simulate';
import {
  type Decision,
  type EvaluationResult,
  type PolicyInput,
  evaluate,
  parsePolicyDocument,
} from '#policy';
import { CORPUS_NOW, type CorpusPair } from './corpus.js';
import { toIamArn, toIamContext, toIamPolicy } from './translate.js';

export type PeerAnalysis = Extract<
  Awaited<ReturnType<typeof runSimulation>>,
  { resultType: 'single' }
>['result']['analysis'];

export interface PeerOutcome {
  readonly decision: Decision;
  readonly analysis: PeerAnalysis | undefined;
}

const PEER_DECISIONS: Record<string, Decision> = {
  Allowed: 'Allow',
  ExplicitlyDenied: 'ExplicitDeny',
  ImplicitlyDenied: 'ImplicitDeny',
};

export function ourInputs(pair: CorpusPair): PolicyInput[] {
  const parse = (document: object) => parsePolicyDocument(JSON.stringify(document), { maxLength: 100_000 });
  return [
    ...pair.identity.map((document, index) => ({
      policyType: 'Custom' as const,
      policyName: `p${index}`,
      versionId: 'v1',
      document: parse(document),
    })),
    ...(pair.session
      ? [
          {
            policyType: 'Session' as const,
            policyName: 'SessionPolicy',
            versionId: 'v1',
            document: parse(pair.session),
          },
        ]
      : []),
  ];
}

export function ourResult(pair: CorpusPair, inputs = ourInputs(pair)): EvaluationResult {
  const { principalArn, action, resource, context } = pair;
  return evaluate({ principalArn, action, resource, context }, inputs, { now: CORPUS_NOW });
}

/** The same pair in IAM syntax, in the shape iam-simulate's runSimulation takes. */
export function peerSimulation(pair: CorpusPair) {
  return {
    request: {
      principal: toIamArn(pair.principalArn),
      action: pair.action,
      resource: { resource: toIamArn(pair.resource), accountId: pair.accountId },
      contextVariables: toIamContext({ 'acs:CurrentTime': CORPUS_NOW.toISOString(), ...pair.context }),
    },
    identityPolicies: pair.identity.map((document, index) => ({
      name: `p${index}`,
      policy: toIamPolicy(document as never),
    })),
    ...(pair.session ? { sessionPolicy: toIamPolicy(pair.session as never) } : {}),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
  };
}

export async function peerOutcome(pair: CorpusPair): Promise<PeerOutcome> {
  const result = await runSimulation(peerSimulation(pair), {});
  if (result.resultType === 'error')
    throw new Error(`iam-simulate rejected pair ${pair.id}: ${JSON.stringify(result.errors)}`);
  const analysis = result.resultType === 'single' ? result.result.analysis : undefined;
  return { decision: PEER_DECISIONS[result.overallResult]!, analysis };
}
