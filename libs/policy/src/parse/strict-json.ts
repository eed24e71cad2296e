import { type JsonPathSegment, excerpt, renderPath } from './json-path.js';
import { MalformedPolicyDocument } from './malformed-policy-document.js';

/** A JSON number, kept as its source text so that `1.0` stays `1.0` in condition values. */
export class JsonNumber {
  constructor(readonly raw: string) {}
}

/** Objects are Maps: no prototype, so `__proto__` and `constructor` are just keys. */
export type JsonObject = ReadonlyMap<string, JsonValue>;
export type JsonValue = string | boolean | null | JsonNumber | readonly JsonValue[] | JsonObject;

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/**
 * A strict JSON parser (RFC 8259) that, unlike JSON.parse, rejects duplicate keys and nesting deeper
 * than `maxDepth`. Recursion is bounded by `maxDepth`, so hostile nesting cannot exhaust the stack.
 */
export function parseStrictJson(text: string, maxDepth: number): JsonValue {
  return new StrictJsonParser(text, maxDepth).parseDocument();
}

class StrictJsonParser {
  private offset = 0;
  private readonly path: JsonPathSegment[] = [];

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {}

  parseDocument(): JsonValue {
    this.skipWhitespace();
    const value = this.parseValue(0);
    this.skipWhitespace();
    if (this.offset < this.text.length) this.fail('not JSON: unexpected text after the document');
    return value;
  }

  private parseValue(depth: number): JsonValue {
    const char = this.text[this.offset];
    if (char === '{' || char === '[') {
      if (depth >= this.maxDepth) this.fail(`nesting deeper than ${this.maxDepth} levels`);
      return char === '{' ? this.parseObject(depth + 1) : this.parseArray(depth + 1);
    }
    if (char === '"') return this.parseString();
    if (this.text.startsWith('true', this.offset)) return this.literal(4, true);
    if (this.text.startsWith('false', this.offset)) return this.literal(5, false);
    if (this.text.startsWith('null', this.offset)) return this.literal(4, null);
    NUMBER.lastIndex = this.offset;
    const number = NUMBER.exec(this.text);
    if (number) {
      this.offset += number[0].length;
      return new JsonNumber(number[0]);
    }
    return this.fail(this.unexpected());
  }

  private literal<T>(length: number, value: T): T {
    this.offset += length;
    return value;
  }

  private parseObject(depth: number): JsonObject {
    const entries = new Map<string, JsonValue>();
    this.offset++;
    this.skipWhitespace();
    if (this.text[this.offset] === '}') {
      this.offset++;
      return entries;
    }
    for (;;) {
      if (this.text[this.offset] !== '"') this.fail(this.unexpected('a key'));
      const key = this.parseString();
      if (entries.has(key)) {
        this.path.push(key);
        this.fail(`duplicate key "${excerpt(key)}"`);
      }
      this.skipWhitespace();
      if (this.text[this.offset] !== ':') this.fail(this.unexpected("':'"));
      this.offset++;
      this.skipWhitespace();
      this.path.push(key);
      entries.set(key, this.parseValue(depth));
      this.path.pop();
      if (this.endOfContainer('}')) return entries;
    }
  }

  private parseArray(depth: number): JsonValue[] {
    const items: JsonValue[] = [];
    this.offset++;
    this.skipWhitespace();
    if (this.text[this.offset] === ']') {
      this.offset++;
      return items;
    }
    for (;;) {
      this.path.push(items.length);
      items.push(this.parseValue(depth));
      this.path.pop();
      if (this.endOfContainer(']')) return items;
    }
  }

  /** After a member: `,` continues (true is never returned for it), the closing bracket ends. */
  private endOfContainer(close: '}' | ']'): boolean {
    this.skipWhitespace();
    const char = this.text[this.offset];
    this.offset++;
    if (char === close) return true;
    if (char !== ',') {
      this.offset--;
      this.fail(this.unexpected(`',' or '${close}'`));
    }
    this.skipWhitespace();
    return false;
  }

  private parseString(): string {
    const start = ++this.offset;
    let out = '';
    let chunkStart = start;
    for (;;) {
      const code = this.text.charCodeAt(this.offset);
      if (Number.isNaN(code)) this.fail('not JSON: unterminated string');
      if (code === 0x22) break;
      if (code < 0x20) this.fail('not JSON: control character in a string');
      if (code === 0x5c) {
        out += this.text.slice(chunkStart, this.offset) + this.parseEscape();
        chunkStart = this.offset;
      } else this.offset++;
    }
    out += this.text.slice(chunkStart, this.offset);
    this.offset++;
    return out;
  }

  private parseEscape(): string {
    const char = this.text[this.offset + 1];
    if (char === 'u') {
      const hex = this.text.slice(this.offset + 2, this.offset + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('not JSON: invalid \\u escape');
      this.offset += 6;
      return String.fromCharCode(parseInt(hex, 16));
    }
    const replacement = char === undefined ? undefined : ESCAPES[char];
    if (replacement === undefined) this.fail('not JSON: invalid escape');
    this.offset += 2;
    return replacement;
  }

  private skipWhitespace(): void {
    for (;;) {
      const code = this.text.charCodeAt(this.offset);
      if (code !== 0x20 && code !== 0x0a && code !== 0x0d && code !== 0x09) return;
      this.offset++;
    }
  }

  private unexpected(expected = 'a value'): string {
    if (this.offset >= this.text.length) return `not JSON: unexpected end, expected ${expected}`;
    const found = excerpt(this.text[this.offset] ?? '');
    return `not JSON: unexpected '${found}' at offset ${this.offset}, expected ${expected}`;
  }

  private fail(reason: string): never {
    throw new MalformedPolicyDocument(renderPath(this.path), reason);
  }
}
