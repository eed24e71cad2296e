import { createServer } from 'node:http';

/**
 * A benchmark baseline: a bare node:http server answering each JSON body with `answer(path, body)`, no
 * framework, no checks. It prints `LISTENING <url>` for `startChildServer` and stops on SIGTERM.
 */
export function serveJson(answer: (path: string, body: unknown) => unknown): void {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      void Promise.resolve(answer(req.url ?? '/', body)).then((result) => {
        const text = JSON.stringify(result);
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
        res.end(text);
      });
    });
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address() as { port: number };
    process.stdout.write(`LISTENING http://127.0.0.1:${address.port}\n`);
  });
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}
