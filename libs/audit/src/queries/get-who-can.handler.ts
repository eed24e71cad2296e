import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Database } from '#event-store';
import { CompiledPolicies } from './compiled-policies.js';
import { snapshotAt } from './snapshot-at.js';
import { type AllowedPrincipal, whoCan } from './who-can.js';

export class GetWhoCan {
  constructor(
    readonly action: string,
    readonly resource: string,
    readonly at: Date,
    readonly accountId: string,
  ) {}
}

export interface WhoCanView {
  action: string;
  resource: string;
  at: string;
  principals: AllowedPrincipal[];
}

/** GET /v1/audit/who-can: every principal allowed an action on a resource at an instant, with the path. */
@QueryHandler(GetWhoCan)
export class GetWhoCanHandler implements IQueryHandler<GetWhoCan> {
  private readonly compiled = new CompiledPolicies();

  constructor(private readonly db: Database) {}

  async execute({ action, resource, at, accountId }: GetWhoCan): Promise<WhoCanView> {
    const snapshot = await snapshotAt(this.db, at);
    const principals = whoCan(snapshot, { action, resource, at }, accountId, this.compiled);
    return { action, resource, at: at.toISOString(), principals };
  }
}
