import { readdirSync, readFileSync } from 'node:fs';
import { ticksPerSecond } from './cpu-usage.ts';

/** CPU seconds used so far by each thread of a process, keyed by "tid name" (Linux only; empty elsewhere). */
export function threadCpuSeconds(pid: number): Map<string, number> {
  const threads = new Map<string, number>();
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      threads.set(`${tid} ${name}`, (Number(fields[11]) + Number(fields[12])) / ticksPerSecond);
    }
  } catch {
    // not Linux, or the process is gone
  }
  return threads;
}

/** CPU seconds each thread used between two readings, busiest first, threads that used none left out. */
export function threadCpuBetween(before: ReadonlyMap<string, number>, after: ReadonlyMap<string, number>): [string, number][] {
  return [...after]
    .map(([thread, seconds]): [string, number] => [thread, seconds - (before.get(thread) ?? 0)])
    .filter(([, seconds]) => seconds > 0)
    .sort((a, b) => b[1] - a[1]);
}

/**
 * The threads of a process running at a lowered priority (nice above 0), keyed as threadCpuSeconds
 * keys them. In a Ballast server that is the SQLite prediction-log thread, which lowers its own
 * priority (src/store/lower-thread-priority.ts); Linux only, empty elsewhere.
 */
export function lowPriorityThreads(pid: number): Set<string> {
  const threads = new Set<string>();
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
      // Fields after the command: state is the first, nice the seventeenth (proc(5)).
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]) > 0) threads.add(`${tid} ${name}`);
    }
  } catch {
    // not Linux, or the process is gone
  }
  return threads;
}
