/**
 * The logger the messaging adapters write to. Its shape is pino's (`logger.warn(fields, message)`), so a pino
 * logger can be passed as it is. Adapters never put message keys' payloads (values) or header values in fields.
 */
export interface MessagingLogger {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

export type MessagingLogLevel = 'debug' | 'info' | 'warn' | 'error';

const ORDER: Record<MessagingLogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** One JSON line per entry on stderr, at `minLevel` and above. The default when no logger is given. */
export function createStderrLogger(minLevel: MessagingLogLevel = 'info'): MessagingLogger {
  const write = (level: MessagingLogLevel) => (fields: Record<string, unknown>, message: string) => {
    if (ORDER[level] < ORDER[minLevel]) return;
    process.stderr.write(
      `${JSON.stringify({ time: new Date().toISOString(), level, msg: message, ...fields })}\n`,
    );
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

/** A logger that drops everything (tests that provoke failures on purpose). */
export const silentLogger: MessagingLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** `name: message` of an error and of its causes, without stack or payloads. */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 4; depth++) {
    if (current instanceof Error) {
      parts.push(`${current.name}: ${current.message}`);
      current = (current as { cause?: unknown }).cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  return [...new Set(parts)].join(' <- ');
}
