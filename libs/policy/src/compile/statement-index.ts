import type { CompiledStatement } from './compile-policy.js';

/**
 * Statements by the service prefix of their actions, so that a check of `ram:ListUsers` only looks at
 * statements that name `ram:` actions plus those that may match any service (`*`, `*:Get*`, NotAction).
 * Each list keeps the original statement order, so explanations come out in policy order.
 */
export class StatementIndex {
  private readonly byService = new Map<string, readonly CompiledStatement[]>();
  private readonly anyService: readonly CompiledStatement[];

  constructor(statements: readonly CompiledStatement[]) {
    this.anyService = statements.filter((statement) => statement.services === null);
    const services = new Set(statements.flatMap((statement) => statement.services ?? []));
    for (const service of services) {
      this.byService.set(
        service,
        statements.filter((statement) => statement.services === null || statement.services.includes(service)),
      );
    }
  }

  /** `service` is the lower-cased prefix of the requested action. */
  candidates(service: string): readonly CompiledStatement[] {
    return this.byService.get(service) ?? this.anyService;
  }
}
