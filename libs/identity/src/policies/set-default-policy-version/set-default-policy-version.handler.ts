import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore } from '#event-store';
import type { WriteResult } from '../../users/create-user/create-user.command.js';
import { changePolicy } from '../policy-stream.js';
import { type PolicyVersionView, versionView } from '../policy.view.js';
import { SetDefaultPolicyVersion } from './set-default-policy-version.command.js';

@CommandHandler(SetDefaultPolicyVersion)
export class SetDefaultPolicyVersionHandler implements ICommandHandler<
  SetDefaultPolicyVersion,
  WriteResult<PolicyVersionView>
> {
  constructor(private readonly store: EventStore) {}

  async execute({ policyName, versionId, meta }: SetDefaultPolicyVersion) {
    const { state, position } = await changePolicy(this.store, policyName, meta, () => ({
      type: 'SetDefaultPolicyVersion',
      versionId,
    }));
    return { position, value: versionView(state, versionId) };
  }
}
