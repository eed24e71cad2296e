import { type CompiledPolicy, compilePolicy, findSystemPolicy, parsePolicyDocument } from '#policy';
import type { HeldPolicy } from './held-at.js';

/** Compiled versions kept before the memo starts over; a version never changes once written. */
const LIMIT = 10_000;

/**
 * Compiles each policy version once per process: a version's document is immutable (a new document is a new
 * version), so `policyKey@versionId` names one compiled policy forever.
 */
export class CompiledPolicies {
  private readonly memo = new Map<string, CompiledPolicy | null>();

  of(held: Pick<HeldPolicy, 'policyType' | 'policyName' | 'policyKey' | 'versionId' | 'document'>) {
    const key = `${held.policyKey}@${held.versionId}`;
    const known = this.memo.get(key);
    if (known !== undefined) return known ?? undefined;
    const compiled = compileHeld(held) ?? null;
    if (this.memo.size >= LIMIT) this.memo.clear();
    this.memo.set(key, compiled);
    return compiled ?? undefined;
  }
}

function compileHeld(
  held: Pick<HeldPolicy, 'policyType' | 'policyName' | 'versionId' | 'document'>,
): CompiledPolicy | undefined {
  if (held.policyType === 'System') {
    const system = findSystemPolicy(held.policyName);
    return (
      system &&
      compilePolicy(system.document, { policyType: 'System', policyName: system.policyName, versionId: 'v1' })
    );
  }
  if (held.document === undefined) return undefined; // a custom policy whose versions were never seen
  return compilePolicy(parsePolicyDocument(held.document), {
    policyType: 'Custom',
    policyName: held.policyName,
    versionId: held.versionId,
  });
}
