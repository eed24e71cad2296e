/**
 * A refusal the caller can act on, with a RAM-style code (`EntityNotExist.User`, `InvalidParameter.UserName`).
 * The HTTP layer maps `status` straight through; messages never contain secrets or internals.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 429 | 503 = 400,
  ) {
    super(message);
  }
}

export const invalidParameter = (field: string, message: string) =>
  new DomainError(`InvalidParameter.${field}`, message, 400);

export const missingParameter = (field: string) =>
  new DomainError(`MissingParameter.${field}`, `The parameter ${field} is required`, 400);

export const entityNotExist = (kind: string, name: string) =>
  new DomainError(`EntityNotExist.${kind}`, `The ${kind.toLowerCase()} ${name} does not exist`, 404);

export const entityAlreadyExists = (kind: string, name: string) =>
  new DomainError(`EntityAlreadyExists.${kind}`, `The ${kind.toLowerCase()} ${name} already exists`, 409);
