import { Command } from '@nestjs/cqrs';
import type { CommandMetadata } from '#common';
import type { WriteResult } from '../../users/create-user/create-user.command.js';

export interface MfaEnrollmentView {
  serialNumber: string;
  /** The TOTP seed: shown in this response only, kept encrypted. */
  secretBase32: string;
  otpauthUri: string;
}

/** `POST /v1/users/{userName}/mfa-device`: a virtual (TOTP) MFA device, not yet bound. */
export class CreateMfaDevice extends Command<WriteResult<MfaEnrollmentView>> {
  constructor(
    readonly userName: string,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}
