import type { Request } from 'express';
import { DomainError } from '#common';
import type { Person } from '#governance';
import { HandlerAuthorization } from '../http/handler-authorization.js';

/**
 * The caller as a party to a request. Requests, approvals and denials are a RAM user's own acts: the root
 * and role sessions are refused (403 `NoPermission.NotRamUser`), so every decision names a person.
 */
export function callerPerson(req: Request): Person {
  const caller = HandlerAuthorization.caller(req);
  if (caller.kind !== 'user' || !caller.principalId || !caller.principalName) {
    throw new DomainError(
      'NoPermission.NotRamUser',
      'Access requests are made and decided by RAM users in person, not by the root or a role session',
      403,
    );
  }
  return { userId: caller.principalId, userName: caller.principalName, arn: caller.arn };
}

/** Whether the caller holds `ram:ApproveAccessRequest` on the target (the approvers of an unowned target). */
export function approverByPolicy(authorization: HandlerAuthorization, req: Request) {
  return async (targetArn: string): Promise<boolean> => {
    try {
      await authorization.require(req, 'ram:ApproveAccessRequest', targetArn);
      return true;
    } catch (error) {
      if (error instanceof DomainError && error.code === 'NoPermission') return false;
      throw error;
    }
  };
}
