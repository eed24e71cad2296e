/**
 * A policy document that cannot be accepted. The HTTP layer maps `code` to a 400 response.
 * `path` is a JSONPath into the document (`$.Statement[0].Effect`); `reason` says what is wrong.
 * Neither ever carries more than a short, escaped excerpt of the input.
 */
export class MalformedPolicyDocument extends Error {
  readonly code = 'MalformedPolicyDocument' as const;

  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
    this.name = 'MalformedPolicyDocument';
  }
}
