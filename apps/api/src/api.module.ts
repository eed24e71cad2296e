import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { Database, EventStore } from '#event-store';
import { MfaSeedCipher } from '#identity';
import { StsTokens } from '#sts';
import { CheckpointSigner } from '#audit';
import type { Logger } from '#runtime';
import type { Projection } from '#projections';
import { AuthGuard } from './http/auth.guard.js';
import { ConsistencyInterceptor } from './http/consistency.interceptor.js';
import { ConsistencyService } from './http/consistency.service.js';
import { ErrorFilter } from './http/error.filter.js';
import { IdempotencyStore } from './http/idempotency.store.js';
import { WriteInterceptor } from './http/write.interceptor.js';
import { ServiceMetrics } from './ops/metrics.js';
import { OpsController } from './ops/ops.http.controller.js';
import { ReadinessChecks } from './ops/readiness.js';
import { AccountContext } from './runtime/account-context.js';
import { FEATURE_AUTHENTICATORS, FEATURE_CONTROLLERS, FEATURE_PROVIDERS } from './features.js';
import { AUTHENTICATORS, AUTHORIZER, type Authenticator, type Authorizer } from './http/caller.js';
import { RequestAuthorization } from './http/request-authorization.js';
import { HandlerAuthorization } from './http/handler-authorization.js';
import { PermissionService } from './authorization/permission.service.js';
import { PolicyAuthorizer } from './authorization/policy.authorizer.js';

export interface ApiModuleDependencies {
  db: Database;
  store: EventStore;
  account: AccountContext;
  log: Logger;
  metrics: ServiceMetrics;
  readiness: ReadinessChecks;
  /** The read models a `Ledger-Min-Position` read waits for. */
  projections: readonly Pick<Projection, 'name' | 'handles'>[];
  permissions: PermissionService;
  /** Seals MFA seeds at rest, under the key from configuration. */
  mfaCipher: MfaSeedCipher;
  /** Signs and verifies STS tokens, under the key from configuration. */
  stsTokens: StsTokens;
  /** Signs audit checkpoints, under the key kept in DATA_DIR. */
  auditSigner: CheckpointSigner;
}

@Module({})
export class ApiModule {
  static register(deps: ApiModuleDependencies): DynamicModule {
    return {
      module: ApiModule,
      imports: [CqrsModule.forRoot()],
      controllers: [...FEATURE_CONTROLLERS, OpsController],
      providers: [
        { provide: Database, useValue: deps.db },
        { provide: EventStore, useValue: deps.store },
        { provide: AccountContext, useValue: deps.account },
        { provide: ServiceMetrics, useValue: deps.metrics },
        { provide: ReadinessChecks, useValue: deps.readiness },
        { provide: IdempotencyStore, useValue: new IdempotencyStore(deps.db) },
        { provide: ConsistencyService, useValue: new ConsistencyService(deps.store, deps.projections) },
        { provide: APP_FILTER, useValue: new ErrorFilter(deps.log) },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_INTERCEPTOR, useClass: ConsistencyInterceptor },
        { provide: PermissionService, useValue: deps.permissions },
        { provide: MfaSeedCipher, useValue: deps.mfaCipher },
        { provide: StsTokens, useValue: deps.stsTokens },
        { provide: CheckpointSigner, useValue: deps.auditSigner },
        { provide: AUTHORIZER, useValue: new PolicyAuthorizer(deps.permissions) },
        ...FEATURE_AUTHENTICATORS,
        {
          provide: AUTHENTICATORS,
          useFactory: (...authenticators: unknown[]) => authenticators,
          inject: FEATURE_AUTHENTICATORS,
        },
        {
          provide: RequestAuthorization,
          useFactory: (authenticators: Authenticator[], authorizer: Authorizer) =>
            new RequestAuthorization(deps.account.accountId, authenticators, authorizer),
          inject: [AUTHENTICATORS, AUTHORIZER],
        },
        HandlerAuthorization,
        WriteInterceptor,
        ...FEATURE_PROVIDERS,
      ],
    };
  }
}
