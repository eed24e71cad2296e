import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore } from '#event-store';
import type { AccessReviewStarted } from '../domain/access-review.events.js';
import { startCampaign } from './start-campaign.js';
import { StartAccessReview } from './start-access-review.command.js';

@CommandHandler(StartAccessReview)
export class StartAccessReviewHandler implements ICommandHandler<
  StartAccessReview,
  { value: AccessReviewStarted['data']; position: number }
> {
  constructor(private readonly store: EventStore) {}

  async execute({ input, meta }: StartAccessReview) {
    const { campaign, position } = await this.store.transaction((tx) =>
      startCampaign(this.store, tx, input, meta),
    );
    return { value: campaign, position };
  }
}
