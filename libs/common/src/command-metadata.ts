/** What every command carries in from outside the domain: time, identity of the actor, request tracing. */
export interface CommandMetadata {
  now: Date;
  accountId: string;
  actorArn: string;
  requestId: string;
  correlationId: string;
  causationId?: string;
  sourceIp?: string;
}
