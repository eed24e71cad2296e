/**
 * npm run bench:policy — our evaluator against @cloud-copilot/iam-simulate in the same process, on the
 * same policies and requests; per-check latency; compile time and heap for 50,000 policies.
 * Set PEER_REQUESTS to run the (slow) peer on fewer than all 100,000 requests.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { createValidatedPolicy, validateIdentityPolicy } from '@cloud-copilot/iam-policy';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { CompiledPolicySet, type PolicyInput, compilePolicy, parsePolicyDocument } from '#policy';
import { loadCatalogue } from '../../libs/policy/testing/differential/aws-catalogue.js';
import { CORPUS_ACCOUNT } from '../../libs/policy/testing/differential/corpus.js';
import { Random } from '../../libs/policy/testing/differential/random.js';
import { toIamArn, toIamContext, toIamPolicy } from '../../libs/policy/testing/differential/translate.js';
import { PRINCIPAL, policyDocument, requestTargets, zipfSequence } from './scenario.js';

const REQUESTS = 100_000;
const PEER_REQUESTS = Math.min(REQUESTS, Number(process.env.PEER_REQUESTS ?? REQUESTS));
const COMPILE_POLICIES = 50_000;
const NOW = new Date('2024-06-01T12:00:00Z');

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const random = new Random(42);
const catalogue = await loadCatalogue();
const targets = requestTargets(catalogue, 200, random);
const popular = (count: number) =>
  zipfSequence(count, targets.length, random).map((index) => targets[index]!);
// Statements are written about the requests people make: both follow the same Zipf popularity.
const documents = Array.from({ length: 10 }, () => policyDocument(popular(5), random));
const requests = popular(REQUESTS);

// Ours: parse and compile once, then check.
const inputs: PolicyInput[] = documents.map((document, index) => ({
  policyType: 'Custom',
  policyName: `p${index}`,
  versionId: 'v1',
  document: parsePolicyDocument(JSON.stringify(document)),
}));
const set = new CompiledPolicySet(inputs.map((input) => compilePolicy(input.document, input)));
const check = (request: (typeof requests)[number]) =>
  set.evaluate({ principalArn: PRINCIPAL, ...request }, { now: NOW }).decision;
for (let i = 0; i < 20_000; i++) check(requests[i % requests.length]!);

const latencies = new Float64Array(REQUESTS);
const ourDecisions: string[] = [];
for (let i = 0; i < REQUESTS; i++) {
  const start = process.hrtime.bigint();
  ourDecisions.push(check(requests[i]!));
  latencies[i] = Number(process.hrtime.bigint() - start) / 1000;
}
let start = performance.now();
for (let round = 0; round < 5; round++) for (const request of requests) check(request);
const ourPerSecond = (5 * REQUESTS) / ((performance.now() - start) / 1000);
const decisionMix = Object.fromEntries(
  ['Allow', 'ExplicitDeny', 'ImplicitDeny'].map((d) => [
    d,
    `${((100 * ourDecisions.filter((x) => x === d).length) / REQUESTS).toFixed(1)} %`,
  ]),
);

const PEER_DECISIONS: Record<string, string> = {
  Allowed: 'Allow',
  ExplicitlyDenied: 'ExplicitDeny',
  ImplicitlyDenied: 'ImplicitDeny',
};

// Peer: the same documents in IAM syntax, validated once (its fastest documented path).
const identityPolicies = documents.map((document, index) => ({
  name: `p${index}`,
  policy: createValidatedPolicy(toIamPolicy(document as never), validateIdentityPolicy),
}));
let agree = 0;
start = performance.now();
for (let i = 0; i < PEER_REQUESTS; i++) {
  const request = requests[i]!;
  const result = await runSimulation(
    {
      request: {
        principal: toIamArn(PRINCIPAL),
        action: request.action,
        resource: { resource: toIamArn(request.resource), accountId: CORPUS_ACCOUNT },
        contextVariables: toIamContext({
          ...request.context,
          'acs:PrincipalARN': PRINCIPAL,
          'acs:CurrentTime': NOW.toISOString(),
        }),
      },
      identityPolicies,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  );
  if (result.resultType !== 'error' && PEER_DECISIONS[result.overallResult] === ourDecisions[i]) agree++;
}
const peerPerSecond = PEER_REQUESTS / ((performance.now() - start) / 1000);

// Compile time and heap for 50,000 policies of 5 statements.
const texts = Array.from({ length: COMPILE_POLICIES }, () =>
  JSON.stringify(policyDocument(popular(5), random)),
);
gc();
const heapBefore = process.memoryUsage().heapUsed;
start = performance.now();
let parsed = texts.map((text) => parsePolicyDocument(text));
const parseMs = performance.now() - start;
start = performance.now();
const compiled = parsed.map((document, index) =>
  compilePolicy(document, { policyType: 'Custom', policyName: `c${index}`, versionId: 'v1' }),
);
const compileMs = performance.now() - start;
gc();
const heapBothMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
parsed = [];
gc();
const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;

const sorted = [...latencies].sort((a, b) => a - b);
const percentile = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
const results = {
  scenario: {
    policies: 10,
    statementsPerPolicy: 5,
    requests: REQUESTS,
    peerRequests: PEER_REQUESTS,
    distinctRequests: targets.length,
    decisionMix,
  },
  throughput: {
    oursChecksPerSecond: Math.round(ourPerSecond),
    iamSimulateChecksPerSecond: Math.round(peerPerSecond),
    ratio: Math.round((ourPerSecond / peerPerSecond) * 10) / 10,
    decisionsAgree: `${((100 * agree) / PEER_REQUESTS).toFixed(2)} %`,
  },
  latencyMicroseconds: {
    median: round2(percentile(0.5)),
    p99: round2(percentile(0.99)),
    max: round2(sorted[sorted.length - 1]!),
  },
  compile50k: {
    parseMs: Math.round(parseMs),
    compileMs: Math.round(compileMs),
    compiledHeapMb: round2(heapMb),
    parsedAndCompiledHeapMb: round2(heapBothMb),
    policies: compiled.length,
  },
  node: process.version,
};

console.log('decision mix', decisionMix);
console.table({
  'ours (checks/s)': results.throughput.oursChecksPerSecond,
  'iam-simulate (checks/s)': results.throughput.iamSimulateChecksPerSecond,
  'ratio (goal >= 20x)': `${results.throughput.ratio}x`,
  'decisions agree': results.throughput.decisionsAgree,
  'median µs (goal <= 10)': results.latencyMicroseconds.median,
  'p99 µs (goal <= 50)': results.latencyMicroseconds.p99,
  '50k policies: parse ms': results.compile50k.parseMs,
  '50k policies: compile ms': results.compile50k.compileMs,
  '50k policies: heap MB, compiled': results.compile50k.compiledHeapMb,
  '50k policies: heap MB, parsed + compiled': results.compile50k.parsedAndCompiledHeapMb,
});
mkdirSync(new URL('../results/', import.meta.url), { recursive: true });
writeFileSync(new URL('../results/policy.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
