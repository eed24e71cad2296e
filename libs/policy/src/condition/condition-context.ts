import type { AuthorizationRequest, EvaluateOptions } from '../model/evaluation.js';

export const PRINCIPAL_ARN_KEY = 'acs:principalarn';
export const CURRENT_TIME_KEY = 'acs:currenttime';

/** Condition-key lookup for one request: keys are case-insensitive, values always a list. */
export interface ConditionContext {
  values(lowerCaseKey: string): readonly string[] | undefined;
}

/**
 * The request's context with the two keys the service owns: `acs:PrincipalARN` is always the
 * principal's (a caller cannot claim another), `acs:CurrentTime` defaults to `options.now`.
 * Built lazily, because most checks never read a condition key.
 */
export class RequestConditionContext implements ConditionContext {
  private byKey: Map<string, readonly string[]> | undefined;

  constructor(
    private readonly request: {
      readonly principalArn?: string;
      readonly context?: AuthorizationRequest['context'];
    },
    private readonly options: EvaluateOptions,
  ) {}

  values(lowerCaseKey: string): readonly string[] | undefined {
    this.byKey ??= this.build();
    return this.byKey.get(lowerCaseKey);
  }

  private build(): Map<string, readonly string[]> {
    const byKey = new Map<string, readonly string[]>();
    const context = this.request.context ?? {};
    for (const key of Object.keys(context)) {
      const value = context[key];
      if (typeof value === 'string') byKey.set(key.toLowerCase(), [value]);
      else if (Array.isArray(value))
        byKey.set(
          key.toLowerCase(),
          value.filter((item) => typeof item === 'string'),
        );
    }
    if (this.request.principalArn !== undefined) byKey.set(PRINCIPAL_ARN_KEY, [this.request.principalArn]);
    if (!byKey.has(CURRENT_TIME_KEY) && this.options.now) {
      byKey.set(CURRENT_TIME_KEY, [isoString(this.options.now)]);
    }
    return byKey;
  }
}

/** The last instant formatted: a batch of checks shares one `now`, and formatting a date is not free. */
let lastTime = Number.NaN;
let lastIso = '';

function isoString(date: Date): string {
  const time = date.getTime();
  if (time !== lastTime) {
    lastIso = date.toISOString(); // throws for an invalid date, which is then never remembered
    lastTime = time;
  }
  return lastIso;
}
