/**
 * Field names under which a secret would travel: a password, an AccessKey secret, a token, an MFA seed, a
 * private key, or a hash of one. Events never carry these (the credentials table does); the audit output
 * still blanks any such field, so a future event type that broke the rule would not leak through exports.
 */
const SECRET_FIELD =
  /^(password|secret|token|seed|privatekey)$|(password|secret|token|seed|privatekey|passwordhash|secrethash)$/i;

export const REDACTED = '[REDACTED]';

export function isSecretField(name: string): boolean {
  return SECRET_FIELD.test(name);
}

/** A copy of `value` with every secret-named field replaced, at any depth. */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, field]) => [key, isSecretField(key) ? REDACTED : redactSecrets(field)]),
  );
}
