import { Writable } from 'node:stream';

/** A stream for the service's logs (`startTestService(transport, stream)`) that keeps every line. */
export function captureLogs(): { stream: Writable; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { stream, lines };
}
