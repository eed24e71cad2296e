import { Query } from '@nestjs/cqrs';
import type { PageRequest } from '#common';
import type { TrustChangeStatus } from '../domain/trust-change.events.js';
import type { ExistingTrustChange } from '../domain/trust-change.state.js';

export class GetTrustChange extends Query<ExistingTrustChange> {
  constructor(readonly changeId: string) {
    super();
  }
}

export interface TrustChangeFilter {
  status?: TrustChangeStatus;
  roleName?: string;
}

export class ListTrustChanges extends Query<{
  trustPolicyChanges: ExistingTrustChange[];
  nextCursor?: string;
}> {
  constructor(
    readonly filter: TrustChangeFilter,
    readonly page: PageRequest,
  ) {
    super();
  }
}
