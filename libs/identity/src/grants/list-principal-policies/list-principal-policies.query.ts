import { Query } from '@nestjs/cqrs';
import type { AttachmentView } from '../attachment.view.js';
import type { PrincipalKind } from '../domain/attachment.events.js';

/** ListPoliciesForUser / Group / Role: at most 30 grants per principal, so one page. */
export class ListPrincipalPolicies extends Query<{ policies: AttachmentView[] }> {
  constructor(
    readonly principalType: PrincipalKind,
    readonly principalName: string,
  ) {
    super();
  }
}
