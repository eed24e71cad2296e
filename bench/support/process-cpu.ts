import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/**
 * CPU time (user + system) a process has used so far, in ms, from /proc. Per request it is steadier than
 * requests/s on a shared machine: it does not count the time a server spent waiting for a core.
 */
export function processCpuMs(pid: number): number {
  // The command name (field 2) may hold spaces; the fields after its closing parenthesis are fixed.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

/** Runs `work` and adds the process's CPU time meanwhile to `total` (per target). */
export async function withCpu<T>(pid: number, total: { ms: number }, work: () => Promise<T>): Promise<T> {
  const before = processCpuMs(pid);
  const result = await work();
  total.ms += processCpuMs(pid) - before;
  return result;
}
