import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { waitFor } from '#messaging';

export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

export interface LogLine {
  msg?: string;
  [field: string]: unknown;
}

export interface TsProcess {
  readonly pid: number;
  /** JSON lines the process wrote to stdout (pino), parsed. */
  readonly logs: LogLine[];
  readonly output: () => string;
  waitForLog(message: string, timeoutMs?: number): Promise<LogLine>;
  kill(signal: NodeJS.Signals): void;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Runs a TypeScript entry of this repository as one node process (the tsx loader in-process, not the
 * npx -> tsx -> node chain), so that its pid is the process a signal must reach.
 */
export function spawnTs(entry: string, env: Record<string, string>, args: string[] = []): TsProcess {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=source', entry, ...args],
    {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const logs: LogLine[] = [];
  let text = '';
  let partial = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    text += chunk.toString();
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop()!;
    for (const line of lines) {
      try {
        logs.push(JSON.parse(line) as LogLine);
      } catch {
        logs.push({ msg: line });
      }
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    pid: child.pid!,
    logs,
    output: () => text,
    exited,
    kill: (signal) => child.kill(signal),
    waitForLog: async (message, timeoutMs = 60_000) => {
      let done = false;
      void exited.then(() => (done = true));
      const waiting = waitFor(
        () => {
          if (done && !logs.some((line) => line.msg === message)) {
            throw new Error(`${entry} exited before logging "${message}":\n${text}`);
          }
          return logs.some((line) => line.msg === message);
        },
        timeoutMs,
        `"${message}" from ${entry}`,
      );
      await waiting.catch((error: Error) => {
        throw new Error(`${error.message}\n${text}`);
      });
      return logs.find((line) => line.msg === message)!;
    },
  };
}
