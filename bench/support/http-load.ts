import { connect, type Socket } from 'node:net';

export interface LoadTarget {
  url: string;
  headers: Record<string, string>;
}

export interface LoadResult {
  perSecond: number;
  p50: number;
  p99: number;
  /** What the figures come from, for pooling several runs (`compareInRounds`). */
  seconds: number;
  latencies: number[];
}

const HEADER_END = Buffer.from('\r\n\r\n');

/**
 * A closed-loop HTTP/1.1 load generator over raw keep-alive sockets, in the manner of wrk/autocannon: requests
 * are pre-encoded and responses are framed by Content-Length or chunked encoding, so the client costs a
 * fraction of node:http's and the servers under test, not the client, set the figures. Each connection has
 * one request in flight (no pipelining), so `concurrency` is the number of concurrent clients.
 */
export async function runLoad(
  target: LoadTarget,
  path: string,
  bodies: readonly string[],
  total: number,
  concurrency: number,
): Promise<LoadResult> {
  const { hostname, port } = new URL(target.url);
  const requests = bodies.map((body) => encodeRequest(hostname, path, body, target.headers));
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, total) }, async () => {
      const connection = await Connection.open(hostname, Number(port));
      try {
        while (next < total) {
          const request = requests[next++ % requests.length];
          latencies.push(await connection.exchange(request));
        }
      } finally {
        connection.close();
      }
    }),
  );
  return loadResult([{ seconds: (performance.now() - started) / 1000, latencies }]);
}

/** The figures of one or more runs taken together: all their requests over all their time. */
export function loadResult(runs: readonly Pick<LoadResult, 'seconds' | 'latencies'>[]): LoadResult {
  const latencies = runs.flatMap((run) => run.latencies).sort((a, b) => a - b);
  const seconds = runs.reduce((sum, run) => sum + run.seconds, 0);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { perSecond: latencies.length / seconds, p50: at(0.5), p99: at(0.99), seconds, latencies };
}

function encodeRequest(host: string, path: string, body: string, headers: Record<string, string>): Buffer {
  const lines = [
    `POST ${path} HTTP/1.1`,
    `host: ${host}`,
    'connection: keep-alive',
    'content-type: application/json',
    `content-length: ${Buffer.byteLength(body)}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${body}`);
}

class Connection {
  private buffer: Buffer = Buffer.alloc(0);
  private pending:
    { resolve: (ms: number) => void; reject: (error: Error) => void; started: number } | undefined;

  private constructor(private readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', (error) => this.fail(error));
    socket.on('close', () => this.fail(new Error('connection closed by the server')));
  }

  static open(host: string, port: number): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port }, () => resolve(new Connection(socket)));
      socket.once('error', reject);
    });
  }

  exchange(request: Buffer): Promise<number> {
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject, started: performance.now() };
      this.socket.write(request);
    });
  }

  close(): void {
    this.pending = undefined;
    this.socket.destroy();
  }

  private fail(error: Error): void {
    const pending = this.pending;
    this.pending = undefined;
    pending?.reject(error);
  }

  private receive(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const length = responseLength(this.buffer);
    if (length === undefined || !this.pending) return;
    const status = (this.buffer[9] - 0x30) * 100 + (this.buffer[10] - 0x30) * 10 + (this.buffer[11] - 0x30);
    this.buffer = this.buffer.subarray(length);
    const { resolve, reject, started } = this.pending;
    this.pending = undefined;
    if (status === 200) resolve(performance.now() - started);
    else reject(new Error(`HTTP ${status}`));
  }
}

const CONTENT_LENGTH = [Buffer.from('\r\ncontent-length:'), Buffer.from('\r\nContent-Length:')];
const CHUNKED = [
  Buffer.from('\r\ntransfer-encoding: chunked'),
  Buffer.from('\r\nTransfer-Encoding: chunked'),
];
const LAST_CHUNK = Buffer.from('\r\n0\r\n\r\n');

/**
 * The byte length of the first complete response in `data`, or undefined while it is incomplete. Scans bytes
 * without decoding the head into strings: the generator's own allocations (and so its garbage collection
 * pauses) would otherwise show up in every server's latency tail. Header names as node and Express write them.
 */
function responseLength(data: Buffer): number | undefined {
  const headerEnd = data.indexOf(HEADER_END);
  if (headerEnd < 0) return undefined;
  const bodyStart = headerEnd + HEADER_END.length;
  const field = findIn(data, CONTENT_LENGTH, headerEnd);
  if (field >= 0) {
    let length = 0;
    for (let i = field + CONTENT_LENGTH[0].length; i < headerEnd; i++) {
      const byte = data[i];
      if (byte === 0x20) continue;
      if (byte < 0x30 || byte > 0x39) break;
      length = length * 10 + (byte - 0x30);
    }
    const end = bodyStart + length;
    return data.length >= end ? end : undefined;
  }
  if (findIn(data, CHUNKED, headerEnd) >= 0) {
    const terminator = data.indexOf(LAST_CHUNK, bodyStart - 2);
    return terminator < 0 ? undefined : terminator + LAST_CHUNK.length;
  }
  return bodyStart;
}

/** The first of `needles` found in `data` before `end`, or -1. */
function findIn(data: Buffer, needles: readonly Buffer[], end: number): number {
  for (const needle of needles) {
    const at = data.indexOf(needle);
    if (at >= 0 && at < end) return at;
  }
  return -1;
}
