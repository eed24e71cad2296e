import { Command } from '@nestjs/cqrs';
import type { CommandMetadata } from '#common';

export interface LoginInput {
  userName: string;
  password: string;
  mfaCode?: string;
}

export interface LoginResult {
  securityToken: string;
  expiration: string;
  /** The login profile requires an MFA device and none is bound yet: the console should enrol one. */
  mfaBindRequired?: true;
}

/** `POST /v1/login`: a console session for a user with a login profile (and an MFA code once bound). */
export class Login extends Command<LoginResult> {
  constructor(
    readonly input: LoginInput,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}
