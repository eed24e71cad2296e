import { Query } from '@nestjs/cqrs';

export type Provenance = ({ kind: 'direct' } | { kind: 'group'; groupName: string }) & { expiresAt?: string };

export interface EffectivePolicyView {
  policyType: 'System' | 'Custom';
  policyName: string;
  defaultVersion: string;
  /** The default version's document: what is in force now. */
  policyDocument: string;
  /** Every way the user holds it: directly and/or through each group. */
  via: Provenance[];
}

export class GetEffectivePolicies extends Query<{ policies: EffectivePolicyView[] }> {
  constructor(readonly userName: string) {
    super();
  }
}
