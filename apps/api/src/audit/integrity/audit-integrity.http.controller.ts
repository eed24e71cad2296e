import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { parseBody } from '#common';
import { type AuditCheckpoint, GetAuditCheckpoint, VerifyAuditCheckpoint, VerifyIntegrity } from '#audit';
import { openApiSchema } from '../../http/openapi-schema.js';
import { RamAction } from '../../http/route-permission.js';

const INTEGRITY = 'acs:ram::{account}:audit/integrity';

const VERIFICATION_SCHEMA = { checkpoint: { type: 'object', required: true } } as const;

const CHECKPOINT_SCHEMA = {
  position: { type: 'integer', required: true, min: 0 },
  chainLength: { type: 'integer', required: true, min: 0 },
  headHash: { type: 'string', required: true, maxLength: 64 },
  time: { type: 'string', required: true, maxLength: 64 },
  keyId: { type: 'string', required: true, maxLength: 64 },
  algorithm: { type: 'string', required: true, enum: ['Ed25519'] },
  signature: { type: 'string', required: true, maxLength: 256 },
} as const;

/** Tamper evidence: the hash chain re-verified, signed checkpoints issued and checked. */
@ApiTags('audit')
@Controller('v1/audit')
export class AuditIntegrityController {
  constructor(private readonly queries: QueryBus) {}

  @Get('integrity')
  @RamAction('audit:VerifyIntegrity', INTEGRITY)
  integrity(@Query() query: Record<string, unknown>) {
    parseBody(query, {});
    return this.queries.execute(new VerifyIntegrity());
  }

  @Get('checkpoint')
  @RamAction('audit:GetCheckpoint', INTEGRITY)
  checkpoint(@Query() query: Record<string, unknown>) {
    parseBody(query, {});
    return this.queries.execute(new GetAuditCheckpoint(new Date()));
  }

  // Read-only: it writes nothing, so it is not under the write interceptor (no Idempotency-Key needed).
  @Post('integrity/verification')
  @HttpCode(200)
  @RamAction('audit:VerifyCheckpoint', INTEGRITY)
  @ApiBody({ schema: openApiSchema(VERIFICATION_SCHEMA) })
  verify(@Body() body: unknown) {
    const { checkpoint } = parseBody<{ checkpoint: unknown }>(body, VERIFICATION_SCHEMA);
    return this.queries.execute(
      new VerifyAuditCheckpoint(parseBody<AuditCheckpoint>(checkpoint, CHECKPOINT_SCHEMA)),
    );
  }
}
