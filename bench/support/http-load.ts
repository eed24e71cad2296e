import { connect, type Socket } from 'node:net';

export interface LoadTarget {
  url: string;
  headers: Record<string, string>;
}

export interface LoadResult {
  perSecond: number;
  p50: number;
  p99: number;
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
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { perSecond: total / seconds, p50: at(0.5), p99: at(0.99) };
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
    const status = Number(this.buffer.subarray(9, 12).toString('latin1'));
    this.buffer = this.buffer.subarray(length);
    const { resolve, reject, started } = this.pending;
    this.pending = undefined;
    if (status === 200) resolve(performance.now() - started);
    else reject(new Error(`HTTP ${status}`));
  }
}

/** The byte length of the first complete response in `data`, or undefined while it is incomplete. */
function responseLength(data: Buffer): number | undefined {
  const headerEnd = data.indexOf(HEADER_END);
  if (headerEnd < 0) return undefined;
  const head = data.subarray(0, headerEnd).toString('latin1').toLowerCase();
  const bodyStart = headerEnd + HEADER_END.length;
  const contentLength = /\r\ncontent-length: *(\d+)/.exec(head);
  if (contentLength) {
    const end = bodyStart + Number(contentLength[1]);
    return data.length >= end ? end : undefined;
  }
  if (/\r\ntransfer-encoding: *chunked/.test(head)) {
    const terminator = data.indexOf('\r\n0\r\n\r\n', bodyStart - 2);
    return terminator < 0 ? undefined : terminator + 7;
  }
  return bodyStart;
}
