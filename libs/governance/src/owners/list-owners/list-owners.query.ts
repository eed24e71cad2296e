import { Query } from '@nestjs/cqrs';
import type { PageRequest } from '#common';
import type { OwnerTargetType } from '../domain/owner.events.js';
import type { OwnerView } from '../owner.view.js';

export interface OwnerPage {
  owners: OwnerView[];
  nextCursor?: string;
}

export class ListOwners extends Query<OwnerPage> {
  constructor(
    readonly targetType: OwnerTargetType,
    readonly targetName: string,
    readonly page: PageRequest,
  ) {
    super();
  }
}
