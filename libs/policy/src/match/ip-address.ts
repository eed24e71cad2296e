/**
 * IPv4 and IPv6 addresses and CIDR ranges, parsed by hand (the library may not use node:net).
 * An address is 1 (IPv4) or 4 (IPv6) unsigned 32-bit words. IPv4 and IPv6 never match each other,
 * including IPv4-mapped IPv6 addresses.
 */
export interface IpAddress {
  readonly words: readonly number[];
}

export interface IpRange {
  readonly words: readonly number[];
  readonly prefixLength: number;
}

const HEXTET = /^[0-9a-fA-F]{1,4}$/;

export function parseIpAddress(text: string): IpAddress | undefined {
  const words = text.includes(':') ? parseIpv6(text) : parseIpv4(text);
  return words && { words };
}

/** `10.0.0.0/8`, `2001:db8::/32`, or a single address (a /32 or /128 range). Host bits are cleared. */
export function parseIpRange(text: string): IpRange | undefined {
  const slash = text.indexOf('/');
  const address = parseIpAddress(slash < 0 ? text : text.slice(0, slash));
  if (!address) return undefined;
  const maxLength = address.words.length * 32;
  const prefixText = slash < 0 ? String(maxLength) : text.slice(slash + 1);
  if (!/^(?:0|[1-9]\d{0,2})$/.test(prefixText)) return undefined;
  const prefixLength = Number(prefixText);
  if (prefixLength > maxLength) return undefined;
  return { words: address.words.map((word, index) => masked(word, index, prefixLength)), prefixLength };
}

export function ipInRange(address: IpAddress, range: IpRange): boolean {
  if (address.words.length !== range.words.length) return false;
  for (let index = 0; index < range.words.length; index++) {
    if (masked(address.words[index]!, index, range.prefixLength) !== range.words[index]) return false;
  }
  return true;
}

function masked(word: number, index: number, prefixLength: number): number {
  const bits = Math.max(0, Math.min(32, prefixLength - index * 32));
  return bits === 0 ? 0 : (word & (0xffffffff << (32 - bits))) >>> 0;
}

/** Exactly four dot-separated decimal octets of 1-3 digits, each at most 255, none with a leading zero. */
function parseIpv4(text: string): number[] | undefined {
  let word = 0;
  let octet = 0;
  let digits = 0;
  let octets = 0;
  let leadingZero = false;
  for (let i = 0; i <= text.length; i++) {
    const char = i < text.length ? text.charCodeAt(i) : 0x2e; /* . */
    if (char >= 0x30 && char <= 0x39) {
      if (digits === 0) leadingZero = char === 0x30;
      if (++digits > 3) return undefined;
      octet = octet * 10 + (char - 0x30);
    } else if (char === 0x2e) {
      // A leading zero reads as octal in some stacks; refuse the ambiguity.
      if (digits === 0 || (digits > 1 && leadingZero) || octet > 255 || ++octets > 4) return undefined;
      word = word * 256 + octet;
      octet = 0;
      digits = 0;
    } else return undefined;
  }
  return octets === 4 ? [word] : undefined;
}

function parseIpv6(text: string): number[] | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = hextets(halves[0]!);
  const tail = halves.length === 2 ? hextets(halves[1]!) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...head, ...new Array<number>(missing).fill(0), ...tail];
  return [0, 1, 2, 3].map((i) => (all[2 * i]! * 0x10000 + all[2 * i + 1]!) >>> 0);
}

/** The colon-separated groups of one side of `::`; a trailing dotted quad counts as two groups. */
function hextets(part: string): number[] | undefined {
  if (part === '') return [];
  const groups = part.split(':');
  const result: number[] = [];
  for (let i = 0; i < groups.length; i++) {
    const group = groups[i]!;
    if (i === groups.length - 1 && group.includes('.')) {
      const v4 = parseIpv4(group);
      if (!v4) return undefined;
      result.push(Math.floor(v4[0]! / 0x10000), v4[0]! % 0x10000);
    } else if (HEXTET.test(group)) result.push(parseInt(group, 16));
    else return undefined;
  }
  return result;
}
