import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore } from '#event-store';
import { attachmentView } from '../attachment.view.js';
import { changeGrants } from '../change-grants.js';
import { policyKey } from '../domain/attachment.events.js';
import { AttachPolicy, type AttachPolicyResult } from './attach-policy.command.js';

/** Grant: AttachPolicyToUser / Group / Role. */
@CommandHandler(AttachPolicy)
export class AttachPolicyHandler implements ICommandHandler<AttachPolicy, AttachPolicyResult> {
  constructor(private readonly store: EventStore) {}

  async execute({ target, expiresAt, meta }: AttachPolicy): Promise<AttachPolicyResult> {
    const attachmentId = randomUUID();
    const { events, state, policy, position } = await changeGrants(
      this.store,
      target,
      meta,
      (principal, policy) => ({
        type: 'AttachPolicy',
        principal,
        policy,
        attachmentId,
        expiresAt,
        now: meta.now,
      }),
    );
    const attachment = state.attachments.attachments.get(policyKey(policy))!;
    return {
      created: events.length > 0,
      position,
      value: attachmentView(
        attachment,
        state.attachDates.get(attachment.attachmentId) ?? meta.now.toISOString(),
      ),
    };
  }
}
