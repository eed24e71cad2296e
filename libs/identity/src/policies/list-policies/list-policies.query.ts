import { Query } from '@nestjs/cqrs';
import type { PageRequest } from '#common';
import type { PolicyView } from '../policy.view.js';

export class ListPolicies extends Query<{ policies: PolicyView[]; nextCursor?: string }> {
  constructor(
    readonly policyType: string | undefined,
    readonly page: PageRequest,
  ) {
    super();
  }
}
