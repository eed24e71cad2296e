import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore } from '#event-store';
import type { WriteResult } from '../../users/create-user/create-user.command.js';
import { changePolicy } from '../policy-stream.js';
import { DeletePolicyVersion } from './delete-policy-version.command.js';

@CommandHandler(DeletePolicyVersion)
export class DeletePolicyVersionHandler implements ICommandHandler<
  DeletePolicyVersion,
  WriteResult<undefined>
> {
  constructor(private readonly store: EventStore) {}

  async execute({ policyName, versionId, meta }: DeletePolicyVersion): Promise<WriteResult<undefined>> {
    const { position } = await changePolicy(this.store, policyName, meta, () => ({
      type: 'DeletePolicyVersion',
      versionId,
    }));
    return { position, value: undefined };
  }
}
