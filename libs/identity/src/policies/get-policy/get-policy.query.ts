import { Query } from '@nestjs/cqrs';
import type { PolicyView } from '../policy.view.js';

export class GetPolicy extends Query<PolicyView> {
  constructor(
    readonly policyType: string,
    readonly policyName: string,
  ) {
    super();
  }
}
