import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DomainError } from '#common';
import { Database } from '#event-store';
import type { Cause } from '../temporal/interval-changes.js';
import { type AccessExplanation, explainAccess } from './access-at.js';
import type { PrincipalRef } from './audit-parameters.js';
import { CompiledPolicies } from './compiled-policies.js';
import { heldAt, principalAt } from './held-at.js';
import { withRequestApprovals } from './request-approvals.js';

export class GetAccessAt {
  constructor(
    readonly principal: PrincipalRef,
    readonly action: string,
    readonly resource: string,
    readonly at: Date,
  ) {}
}

export interface AccessAtView extends AccessExplanation {
  principalArn: string;
  principalType: 'User' | 'Role';
  principalId: string;
  action: string;
  resource: string;
  at: string;
}

/** GET /v1/audit/access: the decision as it stood at an instant, from the temporal projection (no replay). */
@QueryHandler(GetAccessAt)
export class GetAccessAtHandler implements IQueryHandler<GetAccessAt> {
  private readonly compiled = new CompiledPolicies();

  constructor(private readonly db: Database) {}

  async execute({ principal, action, resource, at }: GetAccessAt): Promise<AccessAtView> {
    const found = await principalAt(this.db, principal.kind, principal.name, at);
    if (!found) throw notThere(principal, at);
    const held = await heldAt(this.db, found.id, at);
    const explanation = explainAccess(
      { principalArn: principal.arn, action, resource, at },
      held,
      this.compiled,
    );
    const causes: Cause[] = [
      ...explanation.events,
      ...explanation.grants.flatMap((g) =>
        [g.attached, g.membership, g.version].filter((c) => c !== undefined),
      ),
    ];
    await withRequestApprovals(this.db, causes);
    return {
      principalArn: principal.arn,
      principalType: principal.kind,
      principalId: found.id,
      action,
      resource,
      at: at.toISOString(),
      ...explanation,
    };
  }
}

export const notThere = (principal: PrincipalRef, at: Date) =>
  new DomainError(
    `EntityNotExist.${principal.kind}`,
    `The ${principal.kind.toLowerCase()} ${principal.name} did not exist at ${at.toISOString()}`,
    404,
  );
