import { Query } from '@nestjs/cqrs';
import type { PolicyVersionView } from '../policy.view.js';

export class ListPolicyVersions extends Query<{ versions: PolicyVersionView[] }> {
  constructor(
    readonly policyType: string,
    readonly policyName: string,
  ) {
    super();
  }
}
