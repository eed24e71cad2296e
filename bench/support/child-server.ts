import { type ChildProcess, spawn } from 'node:child_process';

/**
 * Starts a server as a child process and resolves with its URL once it prints `LISTENING <url>` (a bare
 * server) or `listening on <url>` (the service). Kill the child to stop it.
 */
export function startChildServer(
  command: string[],
  env: Record<string, string>,
): Promise<{ url: string; child: ChildProcess }> {
  const [program, ...args] = command;
  const child = spawn(program, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /(?:LISTENING|listening on) (http\S+)/.exec(output);
      if (match) resolve({ url: match[1], child });
    });
    child.on('exit', (code) => reject(new Error(`${command.join(' ')} exited with ${code}`)));
  });
}
