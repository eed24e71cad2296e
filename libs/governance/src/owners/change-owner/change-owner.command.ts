import { Command } from '@nestjs/cqrs';
import type { CommandMetadata } from '#common';
import type { OwnerTargetType } from '../domain/owner.events.js';
import type { OwnerView } from '../owner.view.js';

export interface ChangeOwnerResult {
  value: OwnerView;
  position: number;
  /** false: nothing changed (already an owner): HTTP 200 instead of 201. */
  changed: boolean;
}

/** AddGroupOwner / RemoveGroupOwner and their role and policy counterparts. */
export class ChangeOwner extends Command<ChangeOwnerResult> {
  constructor(
    readonly change: 'AddOwner' | 'RemoveOwner',
    readonly targetType: OwnerTargetType,
    readonly targetName: string,
    readonly userName: string,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}
