import { loadCatalogue } from '../../testing/differential/aws-catalogue.js';
import { generateCorpus } from '../../testing/differential/corpus.js';
import { ourInputs, ourResult, peerOutcome } from '../../testing/differential/engines.js';
import { KNOWN_DIFFERENCES, explainDifference } from '../../testing/differential/known-differences.js';

const CORPUS_SIZE = 10_000;

/**
 * Differential test against @cloud-copilot/iam-simulate (AGPL; a test-only dependency). Every pair is
 * translated RAM → IAM and evaluated by both engines; each disagreement must be explained, statement
 * by statement, by one of the documented intentional differences.
 */
describe('differential: RAM engine vs iam-simulate', () => {
  it(`agrees on ${CORPUS_SIZE} generated pairs of real AWS actions and ARNs, except documented differences`, async () => {
    const corpus = generateCorpus(await loadCatalogue(), CORPUS_SIZE, 7);
    const decisions: Record<string, number> = {};
    const explained: Record<string, number> = {};
    const unexplained: string[] = [];
    for (const pair of corpus) {
      const inputs = ourInputs(pair);
      const ours = ourResult(pair, inputs);
      const peer = await peerOutcome(pair);
      decisions[peer.decision] = (decisions[peer.decision] ?? 0) + 1;
      if (ours.decision === peer.decision) continue;
      const reasons = explainDifference(pair, inputs, peer.analysis);
      if (!reasons) unexplained.push(`pair ${pair.id}: ours ${ours.decision}, iam-simulate ${peer.decision}`);
      for (const reason of reasons ?? []) explained[reason] = (explained[reason] ?? 0) + 1;
    }
    expect(unexplained).toEqual([]);
    expect(Object.keys(explained).every((reason) => reason in KNOWN_DIFFERENCES)).toBe(true);
    const disagreements = Object.values(explained).reduce((sum, n) => sum + n, 0);
    expect(disagreements).toBeLessThan(CORPUS_SIZE * 0.03);
    // The corpus is not lopsided: each decision is well represented.
    for (const decision of ['Allow', 'ExplicitDeny', 'ImplicitDeny'])
      expect(decisions[decision]).toBeGreaterThan(CORPUS_SIZE * 0.05);
  }, 180_000);
});
