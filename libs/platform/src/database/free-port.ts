import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';

function listenOn(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : undefined;
      server.close(() => resolve(bound));
    });
  });
}

/**
 * The port to start on: a fixed one if given, else the one remembered in `portFile` while it is free,
 * else a new free port, remembered for next time so that a restart keeps its URL.
 */
export async function choosePort(fixed: number | undefined, portFile: string): Promise<number> {
  if (fixed !== undefined) return fixed;
  const remembered = Number.parseInt(await readFile(portFile, 'utf8').catch(() => ''), 10);
  if (Number.isInteger(remembered) && remembered > 0 && (await listenOn(remembered)) === remembered) {
    return remembered;
  }
  const port = await listenOn(0);
  if (port === undefined) throw new Error('Could not find a free TCP port on 127.0.0.1');
  await writeFile(portFile, `${port}\n`);
  return port;
}
