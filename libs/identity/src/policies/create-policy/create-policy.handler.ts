import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore } from '#event-store';
import { createNamed } from '../../names/create-named.js';
import type { WriteResult } from '../../users/create-user/create-user.command.js';
import { decidePolicy } from '../domain/policy.decider.js';
import { type PolicyCreated, policyStreamId } from '../domain/policy.events.js';
import { initialPolicyState } from '../domain/policy.state.js';
import type { PolicyView } from '../policy.view.js';
import { CreatePolicy } from './create-policy.command.js';

@CommandHandler(CreatePolicy)
export class CreatePolicyHandler implements ICommandHandler<CreatePolicy, WriteResult<PolicyView>> {
  constructor(private readonly store: EventStore) {}

  async execute({ input, meta }: CreatePolicy): Promise<WriteResult<PolicyView>> {
    const policyId = randomUUID();
    const [created] = decidePolicy(
      { type: 'CreatePolicy', policyId, accountId: meta.accountId, now: meta.now, ...input },
      initialPolicyState,
    ) as [PolicyCreated];
    const position = await createNamed(
      this.store,
      { kind: 'Policy', name: input.policyName, id: policyId, streamId: policyStreamId(policyId) },
      [created],
      meta,
    );
    const { policyName, description, versionId, policyDocument, createDate } = created.data;
    return {
      position,
      value: {
        policyType: 'Custom',
        policyName,
        policyId,
        ...(description !== undefined && { description }),
        defaultVersion: versionId,
        attachmentCount: 0,
        createDate,
        updateDate: createDate,
        policyDocument,
      },
    };
  }
}
