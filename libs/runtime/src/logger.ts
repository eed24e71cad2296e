import { pino, type Logger } from 'pino';

/** Paths that could carry a credential; pino replaces their values before anything is written. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  '*.password',
  '*.accessKeySecret',
  '*.securityToken',
  '*.secretBase32',
  '*.rootToken',
  '*.code1',
  '*.code2',
  '*.mfaCode',
];

export function createLogger(level = 'info', destination?: NodeJS.WritableStream): Logger {
  return pino(
    { level, base: { service: 'access-ledger' }, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
    destination as never,
  );
}

export type { Logger };
