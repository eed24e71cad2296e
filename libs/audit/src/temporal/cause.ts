/** The event behind a change: who made it and, when the event says so, through which request, review or change. */
export interface Cause {
  eventId: string;
  type: string;
  position: number;
  occurredAt: string;
  actor: string;
  accessRequestId?: string;
  accessReviewId?: string;
  itemId?: string;
  changeId?: string;
  proposerArn?: string;
  approvers?: string[];
  /** Added at query time for a change made through an access request: who approved that request. */
  requestApproval?: { approvers: string[]; approvedAt: string };
}

/** A stored event, as much of it as the temporal projection reads. */
export interface EventLike {
  eventId: string;
  type: string;
  position: number;
  occurredAt: Date;
  metadata: { actorArn: string };
  data: unknown;
}

// Fields of event data that say through which workflow a change was made (common brief: events contract).
const CAUSE_FIELDS = ['accessRequestId', 'accessReviewId', 'itemId', 'changeId', 'proposerArn'] as const;

export function causeOf(event: EventLike): Cause {
  const data = event.data as Record<string, unknown>;
  const cause: Cause = {
    eventId: event.eventId,
    type: event.type,
    position: event.position,
    occurredAt: event.occurredAt.toISOString(),
    actor: event.metadata.actorArn,
  };
  for (const field of CAUSE_FIELDS) if (typeof data[field] === 'string') cause[field] = data[field];
  if (Array.isArray(data.approvers)) cause.approvers = data.approvers as string[];
  return cause;
}
