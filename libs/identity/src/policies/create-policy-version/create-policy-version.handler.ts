import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore } from '#event-store';
import type { WriteResult } from '../../users/create-user/create-user.command.js';
import { changePolicy } from '../policy-stream.js';
import { type PolicyVersionView, versionView } from '../policy.view.js';
import { CreatePolicyVersion } from './create-policy-version.command.js';

@CommandHandler(CreatePolicyVersion)
export class CreatePolicyVersionHandler implements ICommandHandler<
  CreatePolicyVersion,
  WriteResult<PolicyVersionView>
> {
  constructor(private readonly store: EventStore) {}

  async execute({ policyName, input, meta }: CreatePolicyVersion): Promise<WriteResult<PolicyVersionView>> {
    const { state, events, position } = await changePolicy(this.store, policyName, meta, () => ({
      type: 'CreatePolicyVersion',
      policyDocument: input.policyDocument,
      setAsDefault: input.setAsDefault ?? false,
    }));
    const { versionId } = events[0].data as { versionId: string };
    return { position, value: versionView(state, versionId) };
  }
}
