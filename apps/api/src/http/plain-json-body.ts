import type { IncomingMessage } from 'node:http';

/** Shaped as body-parser's errors, so that `mapError` words them the same way. */
const bodyError = (status: number, type: string) => Object.assign(new Error(type), { status, type });

const PLAIN_JSON = /^application\/json\s*(?:;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

/**
 * Reads the body of the decision endpoints in its one common shape — `application/json` (UTF-8), not
 * content-encoded, with a Content-Length within `limit` — without body-parser's per-request machinery.
 * Any other shape answers undefined and goes to body-parser, which then accepts or refuses it exactly as on
 * every other route. Strict like body-parser's: only an object or an array is a body.
 */
export function readPlainJson(req: IncomingMessage, limit: number): Promise<unknown> | undefined {
  const length = Number(req.headers['content-length']);
  if (
    !(length > 0 && length <= limit) ||
    req.headers['content-encoding'] !== undefined ||
    !PLAIN_JSON.test(req.headers['content-type'] ?? '')
  )
    return undefined;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    // A client that goes away mid-body: 'close' without a complete message (settling twice is harmless).
    req.on('close', () => req.complete || reject(bodyError(400, 'request.aborted')));
    req.on('end', () => {
      const text = (chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)).toString('utf8');
      let parsed: unknown;
      try {
        parsed = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
      } catch {
        return reject(bodyError(400, 'entity.parse.failed'));
      }
      if (typeof parsed !== 'object' || parsed === null) return reject(bodyError(400, 'entity.parse.failed'));
      resolve(parsed);
    });
  });
}
