import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore, stampEvents } from '#event-store';
import { reserveName } from '../../names/name-reservations.js';
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
    const stored = await this.store.transaction(async (tx) => {
      await reserveName(tx.client, 'Policy', input.policyName, policyId);
      return tx.append(policyStreamId(policyId), 'none', stampEvents([created], meta));
    });
    const { policyName, description, versionId, policyDocument, createDate } = created.data;
    return {
      position: stored[stored.length - 1].position,
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
