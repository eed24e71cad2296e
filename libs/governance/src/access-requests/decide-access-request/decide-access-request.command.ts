import { Command } from '@nestjs/cqrs';
import type { CommandMetadata } from '#common';
import type { AccessRequestView } from '../access-request.view.js';
import type { Person } from '../domain/access-request.events.js';

export type AccessRequestDecision =
  { type: 'approve'; comment?: string } | { type: 'deny'; reason?: string } | { type: 'cancel' };

/** Approve, deny or cancel a request. */
export class DecideAccessRequest extends Command<{ value: AccessRequestView; position: number }> {
  constructor(
    readonly requestId: string,
    readonly decision: AccessRequestDecision,
    readonly caller: Person,
    /**
     * Whether the caller holds `ram:ApproveAccessRequest` on the request's target: what lets them decide a
     * request whose target has no owners (the API checks it with its policy engine).
     */
    readonly mayApproveByPolicy: (targetArn: string) => Promise<boolean>,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}
