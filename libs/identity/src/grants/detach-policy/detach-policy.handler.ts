import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore } from '#event-store';
import type { WriteResult } from '../../users/create-user/create-user.command.js';
import { changeGrants } from '../change-grants.js';
import { DetachPolicy } from './detach-policy.command.js';

/** Revoke: DetachPolicyFromUser / Group / Role. */
@CommandHandler(DetachPolicy)
export class DetachPolicyHandler implements ICommandHandler<DetachPolicy, WriteResult<undefined>> {
  constructor(private readonly store: EventStore) {}

  async execute({ target, meta }: DetachPolicy): Promise<WriteResult<undefined>> {
    const { position } = await changeGrants(this.store, target, meta, (principal, policy) => ({
      type: 'DetachPolicy',
      principal,
      policy,
    }));
    return { position, value: undefined };
  }
}
