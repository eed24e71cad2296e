import { Query } from '@nestjs/cqrs';
import type { PageRequest } from '#common';
import type { AttachmentView } from '../attachment.view.js';

/** ListEntitiesForPolicy: who holds a policy. */
export class ListPolicyAttachments extends Query<{ attachments: AttachmentView[]; nextCursor?: string }> {
  constructor(
    readonly policyType: string,
    readonly policyName: string,
    readonly page: PageRequest,
  ) {
    super();
  }
}
