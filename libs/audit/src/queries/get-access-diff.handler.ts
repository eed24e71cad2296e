import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DomainError } from '#common';
import { Database } from '#event-store';
import { type AccessDiff, diffHeld } from './access-diff.js';
import type { PrincipalRef } from './audit-parameters.js';
import { heldAt, principalAt } from './held-at.js';
import { withRequestApprovals } from './request-approvals.js';

export class GetAccessDiff {
  constructor(
    readonly principal: PrincipalRef,
    readonly from: Date,
    readonly to: Date,
  ) {}
}

export interface AccessDiffView extends AccessDiff {
  principalArn: string;
  from: string;
  to: string;
}

/** GET /v1/audit/diff: the access a principal gained and lost between two instants, each with its cause. */
@QueryHandler(GetAccessDiff)
export class GetAccessDiffHandler implements IQueryHandler<GetAccessDiff> {
  constructor(private readonly db: Database) {}

  async execute({ principal, from, to }: GetAccessDiff): Promise<AccessDiffView> {
    // The ARN at each instant: a name deleted and re-created between them is compared as the ARN saw it.
    const [before, after] = await Promise.all([
      principalAt(this.db, principal.kind, principal.name, from),
      principalAt(this.db, principal.kind, principal.name, to),
    ]);
    if (!before && !after) {
      throw new DomainError(
        `EntityNotExist.${principal.kind}`,
        `The ${principal.kind.toLowerCase()} ${principal.name} existed neither at ${from.toISOString()} nor at ${to.toISOString()}`,
        404,
      );
    }
    const [heldBefore, heldAfter] = await Promise.all([
      before ? heldAt(this.db, before.id, from) : [],
      after ? heldAt(this.db, after.id, to) : [],
    ]);
    const diff = diffHeld(heldBefore, heldAfter, from, to);
    const changes = [...diff.appeared, ...diff.disappeared];
    await withRequestApprovals(
      this.db,
      changes.flatMap((c) => (c.cause ? [c.cause] : [])),
    );
    return { principalArn: principal.arn, from: from.toISOString(), to: to.toISOString(), ...diff };
  }
}
