import { Command } from '@nestjs/cqrs';
import type { CommandMetadata } from '#common';
import type { AccessRequestView } from '../access-request.view.js';
import type { Person } from '../domain/access-request.events.js';
import type { TargetInput } from '../target/resolve-target.js';

export interface SubmitAccessRequestInput {
  target: TargetInput;
  durationSeconds?: number;
  justification: string;
}

export class SubmitAccessRequest extends Command<{ value: AccessRequestView; position: number }> {
  constructor(
    readonly input: SubmitAccessRequestInput,
    /** The caller: nobody requests for another. */
    readonly requester: Person,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}
