import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '#common';
import { EventStore } from '#event-store';
import { lockName, retryOnConflict, userStreamId } from '#identity';
import { ACCESS_REQUEST_SETTINGS, type AccessRequestSettings } from '../access-request.settings.js';
import { changeAccessRequest } from '../access-request.stream.js';
import { accessRequestView, type AccessRequestView } from '../access-request.view.js';
import { refuseHeldAccess } from '../target/held-access.js';
import { requiredApprovalsFor } from '../target/required-approvals.js';
import { resolveTarget, targetArnOf } from '../target/resolve-target.js';
import { SubmitAccessRequest } from './submit-access-request.command.js';

/**
 * Submits a request on its own stream. The requester's and the target's name rows are held FOR SHARE while
 * what the requester already holds and how many approvals the target needs are read.
 */
@CommandHandler(SubmitAccessRequest)
export class SubmitAccessRequestHandler implements ICommandHandler<SubmitAccessRequest> {
  constructor(
    private readonly store: EventStore,
    @Inject(ACCESS_REQUEST_SETTINGS) private readonly settings: AccessRequestSettings,
  ) {}

  execute({
    input,
    requester,
    meta,
  }: SubmitAccessRequest): Promise<{ value: AccessRequestView; position: number }> {
    const requestId = randomUUID();
    return retryOnConflict(() =>
      this.store.transaction(async (tx) => {
        const userId = await lockName(tx.client, 'User', requester.userName, 'SHARE');
        if (userId !== requester.userId) {
          throw new DomainError('EntityNotExist.User', `The user ${requester.userName} does not exist`, 404);
        }
        const userEvents = await tx.readStream(userStreamId(userId));
        const target = await resolveTarget(tx, input.target);
        await refuseHeldAccess(tx, requester, userEvents, target, meta.now);
        const { after, position } = await changeAccessRequest(
          tx,
          requestId,
          {
            type: 'SubmitAccessRequest',
            requestId,
            requester,
            target,
            targetArn: targetArnOf(meta.accountId, target),
            durationSeconds: input.durationSeconds ?? this.settings.defaultDurationSeconds,
            justification: input.justification,
            requiredApprovals: await requiredApprovalsFor(tx, target, this.settings),
            rules: this.settings,
            now: meta.now,
          },
          meta,
        );
        return { value: accessRequestView(after), position };
      }),
    );
  }
}
