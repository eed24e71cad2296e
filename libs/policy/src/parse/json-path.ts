/** Rendering of JSON paths and input excerpts that are safe to put in an error message. */

export type JsonPathSegment = string | number;

const EXCERPT_LIMIT = 64;
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A short, printable excerpt: at most 64 characters, and anything outside printable ASCII shown as
 * `\uXXXX` so that look-alike letters are visible and control characters cannot reach a log line.
 */
export function excerpt(text: string): string {
  const clipped = text.length > EXCERPT_LIMIT ? text.slice(0, EXCERPT_LIMIT) : text;
  let out = '';
  for (let i = 0; i < clipped.length; i++) {
    const code = clipped.charCodeAt(i);
    if (code >= 0x20 && code < 0x7f && code !== 0x22 && code !== 0x5c) out += clipped[i];
    else out += `\\u${code.toString(16).padStart(4, '0')}`;
  }
  return text.length > EXCERPT_LIMIT ? `${out}...` : out;
}

export function quoted(text: string): string {
  return `"${excerpt(text)}"`;
}

export function renderPath(segments: readonly JsonPathSegment[]): string {
  let out = '$';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment) && segment.length <= EXCERPT_LIMIT) out += `.${segment}`;
    else out += `[${quoted(segment)}]`;
  }
  return out;
}
