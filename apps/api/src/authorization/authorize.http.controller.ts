import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { DomainError, invalidParameter, parseBody } from '#common';
import { ConsistencyService } from '../http/consistency.service.js';
import { openApiSchema } from '../http/openapi-schema.js';
import { RamAction } from '../http/route-permission.js';
import { SkipReadModelWait } from '../http/consistency.interceptor.js';
import { type AuthorizationQuery, PermissionService } from './permission.service.js';

const REQUEST_SCHEMA = {
  principalArn: { type: 'string', required: true, maxLength: 512 },
  action: { type: 'string', required: true, maxLength: 256 },
  resource: { type: 'string', required: true, maxLength: 2048 },
  context: { type: 'object' },
} as const;

/** Both decision routes are authorized as this action (the resource is the account). */
export const AUTHORIZE_PERMISSION = { action: 'ram:Authorize', resource: 'acs:ram::{account}:*' };

const BATCH_SCHEMA = { requests: { type: 'array', required: true, maxItems: 1000 } } as const;

@ApiTags('authorization')
@Controller('v1/authorize')
export class AuthorizeController {
  constructor(private readonly permissions: PermissionService) {}

  @Post()
  @HttpCode(200)
  @SkipReadModelWait()
  @RamAction(AUTHORIZE_PERMISSION.action, AUTHORIZE_PERMISSION.resource)
  @ApiBody({ schema: openApiSchema(REQUEST_SCHEMA) })
  authorize(@Body() body: unknown, @Headers('ledger-min-position') minPosition?: string) {
    return this.atPosition(minPosition, () => this.decide(parseQuery(body)));
  }

  @Post('batch')
  @HttpCode(200)
  @SkipReadModelWait()
  @RamAction(AUTHORIZE_PERMISSION.action, AUTHORIZE_PERMISSION.resource)
  @ApiBody({ schema: openApiSchema(BATCH_SCHEMA) })
  batch(@Body() body: unknown, @Headers('ledger-min-position') minPosition?: string) {
    const { requests } = parseBody<{ requests: unknown[] }>(body, BATCH_SCHEMA);
    return this.atPosition(minPosition, () => this.decideAll(requests));
  }

  /**
   * `decide` once the permission state has reached `Ledger-Min-Position`. Without a position to wait for, in
   * this tick (the common case of a hot route).
   */
  private atPosition<T>(minPosition: string | undefined, decide: () => T): T | Promise<T> {
    const position = ConsistencyService.parse(minPosition);
    if (position === undefined) return decide();
    return this.permissions.waitFor(position).then(decide);
  }

  /** Each item's decision, or its own error: a malformed item does not fail its neighbours. */
  private decideAll(requests: readonly unknown[]) {
    const now = new Date();
    return {
      results: requests.map((request) => {
        try {
          return this.decide(parseQuery(request), now);
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          return { error: { code: error.code, message: error.message } };
        }
      }),
    };
  }

  private decide(query: AuthorizationQuery, now = new Date()) {
    const result = this.permissions.evaluate(query, now);
    return {
      decision: result.decision,
      matchedStatements: result.matched,
      position: this.permissions.position,
    };
  }
}

function parseQuery(body: unknown): AuthorizationQuery {
  const query = wellFormedQuery(body) ?? parseBody<AuthorizationQuery>(body, REQUEST_SCHEMA);
  if (query.context !== undefined) {
    for (const [key, value] of Object.entries(query.context)) {
      const ok =
        typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string'));
      if (!ok || key.length > 128)
        throw invalidParameter('Context', 'context values must be strings or arrays of strings');
    }
  }
  return query;
}

/**
 * The common case of a batch item, checked without parseBody's allocations: exactly the schema's fields, of
 * the right types and lengths. Anything else (undefined here) goes through parseBody, which words the error.
 */
function wellFormedQuery(body: unknown): AuthorizationQuery | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const { principalArn, action, resource, context } = body as Record<string, unknown>;
  if (
    typeof principalArn !== 'string' ||
    principalArn.length > REQUEST_SCHEMA.principalArn.maxLength ||
    typeof action !== 'string' ||
    action.length > REQUEST_SCHEMA.action.maxLength ||
    typeof resource !== 'string' ||
    resource.length > REQUEST_SCHEMA.resource.maxLength
  )
    return undefined;
  if (context !== undefined && (typeof context !== 'object' || context === null || Array.isArray(context)))
    return undefined;
  const keys = Object.keys(body);
  if (keys.length !== (context === undefined ? 3 : 4)) return undefined;
  for (const key of keys) if (!Object.hasOwn(REQUEST_SCHEMA, key)) return undefined;
  return context === undefined
    ? { principalArn, action, resource }
    : { principalArn, action, resource, context: context as AuthorizationQuery['context'] };
}
