import { readFileSync } from 'node:fs';

/** What /proc says about a process; undefined fields where /proc is not available (not Linux). */
interface ProcStat {
  state: string;
  startTicks: string;
}

function procStat(pid: number): ProcStat | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name in parentheses may contain spaces; the fixed fields follow the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '', startTicks: fields[19] ?? '' };
  } catch {
    return undefined;
  }
}

/** True while `pid` runs. A zombie counts as gone: it will never serve anything again. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  const state = procStat(pid)?.state;
  return state !== 'Z' && state !== 'X';
}

/** The argv of a process, or undefined where it cannot be read (no /proc, or gone). */
export function processArguments(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return undefined;
  }
}

/**
 * A process identity that survives pid reuse: the pid plus its start time where /proc tells it.
 * Written to a file by one process and checked by a later one.
 */
export function processIdentity(pid: number = process.pid): string {
  const ticks = procStat(pid)?.startTicks;
  return ticks ? `${pid}@${ticks}` : String(pid);
}

/** True if the process named by an identity from {@link processIdentity} still runs. */
export function isIdentityAlive(identity: string): boolean {
  const pid = Number.parseInt(identity, 10);
  if (!Number.isInteger(pid) || pid <= 0 || !isProcessAlive(pid)) return false;
  const recorded = identity.split('@')[1];
  const current = procStat(pid)?.startTicks;
  return recorded === undefined || current === undefined || recorded === current;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
