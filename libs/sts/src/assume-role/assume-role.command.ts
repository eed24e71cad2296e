import { Command } from '@nestjs/cqrs';
import type { CommandMetadata } from '#common';
import type { WriteResult } from '#identity';
import type { AssumingCaller } from './domain/caller-trust.js';

export interface AssumeRoleInput {
  roleName: string;
  roleSessionName: string;
  durationSeconds?: number;
  policy?: string;
  externalId?: string;
}

/** RAM's AssumeRole response: the credentials (secret and token shown only here) and the session's ids. */
export interface AssumedRoleCredentials {
  credentials: { accessKeyId: string; accessKeySecret: string; securityToken: string; expiration: string };
  assumedRoleUser: { arn: string; assumedRoleId: string };
}

export class AssumeRole extends Command<WriteResult<AssumedRoleCredentials>> {
  constructor(
    readonly input: AssumeRoleInput,
    readonly caller: AssumingCaller,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}
