import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DomainError } from '#common';
import { EventStore } from '#event-store';
import { accessRequestView } from '../access-request.view.js';
import { type AccessRequestEvent, accessRequestStreamId } from '../domain/access-request.events.js';
import { evolveAccessRequest, initialAccessRequestState } from '../domain/access-request.state.js';
import { type AccessRequestDetail, GetAccessRequest } from './get-access-request.query.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A request and its full history, read from its own stream (the source of truth, never behind). */
@QueryHandler(GetAccessRequest)
export class GetAccessRequestHandler implements IQueryHandler<GetAccessRequest, AccessRequestDetail> {
  constructor(private readonly store: EventStore) {}

  async execute({ requestId }: GetAccessRequest): Promise<AccessRequestDetail> {
    const events = UUID.test(requestId) ? await this.store.readStream(accessRequestStreamId(requestId)) : [];
    const state = events.reduce(
      (s, e) => evolveAccessRequest(s, e as unknown as AccessRequestEvent, e.occurredAt),
      initialAccessRequestState,
    );
    if (state.status === 'absent') {
      throw new DomainError(
        'EntityNotExist.AccessRequest',
        `The access request ${requestId.slice(0, 64)} does not exist`,
        404,
      );
    }
    const history = events.map((e) => ({
      type: e.type,
      position: e.position,
      occurredAt: e.occurredAt.toISOString(),
      actorArn: e.metadata.actorArn,
      data: e.data,
    }));
    return { ...accessRequestView(state), history };
  }
}
