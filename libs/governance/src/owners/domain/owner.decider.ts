import { DomainError, entityNotExist } from '#common';
import type { OwnerEvent, OwnerTargetType } from './owner.events.js';
import type { TargetOwners } from './owner.state.js';

/** Enough approvers for any team; more is a sign the target should be split. */
export const MAX_OWNERS = 10;

export interface OwnerUser {
  userId: string;
  userName: string;
}

export interface OwnerCommand {
  type: 'AddOwner' | 'RemoveOwner';
  /** The kind named in the route, for the 404 when the target is gone. */
  targetType: OwnerTargetType;
  user: OwnerUser;
}

/**
 * Owners of one group, role or custom policy: the default approvers of access requests for it. Adding an
 * owner twice changes nothing (the HTTP layer answers 200, as for a repeated join); removing a non-owner
 * is `EntityNotExist.Owner`. The user's existence is checked by the handler under the user's name lock.
 */
export function decideOwner(command: OwnerCommand, state: TargetOwners): OwnerEvent[] {
  if (state.status !== 'active')
    throw entityNotExist(command.targetType, state.status === 'absent' ? '' : state.targetName);
  const { targetType, targetId, targetName } = state;
  const data = { targetType, targetId, targetName, ...command.user };
  const owner = state.owners.has(command.user.userId);
  switch (command.type) {
    case 'AddOwner':
      if (owner) return [];
      if (state.owners.size >= MAX_OWNERS) {
        throw new DomainError(
          'LimitExceeded.Owner',
          `The ${targetType.toLowerCase()} ${targetName} already has ${MAX_OWNERS} owners, the most allowed`,
          409,
        );
      }
      return [{ type: 'OwnerAdded', schemaVersion: 1, data }];
    case 'RemoveOwner':
      if (!owner) {
        throw new DomainError(
          'EntityNotExist.Owner',
          `The user ${command.user.userName} is not an owner of the ${targetType.toLowerCase()} ${targetName}`,
          404,
        );
      }
      return [{ type: 'OwnerRemoved', schemaVersion: 1, data }];
  }
}
