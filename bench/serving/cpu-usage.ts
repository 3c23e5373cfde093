import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * CPU time from Linux's /proc, so each measurement can say how much CPU the server used per
 * request (a figure that the machine's other load disturbs far less than requests/s) and how busy
 * the machine was with work that was neither the server nor the load generator. Elsewhere every
 * reading is undefined and the benchmark prints "-".
 */

export const ticksPerSecond = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** User + system CPU seconds a process has used so far, all its threads included. */
export function processCpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which is in parentheses and may contain spaces): utime is the 12th, stime the 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  } catch {
    return undefined;
  }
}

/** CPU seconds the whole machine has spent busy (not idle, not waiting for I/O), over all cores. */
export function machineBusySeconds(): number | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
    const [, ...ticks] = line.trim().split(/\s+/).map(Number);
    // user nice system idle iowait irq softirq steal (guest time is already counted in user).
    const total = ticks.slice(0, 8).reduce((sum, t) => sum + t, 0);
    return (total - ticks[3]! - ticks[4]!) / ticksPerSecond;
  } catch {
    return undefined;
  }
}

export interface CpuSample {
  readonly server: number | undefined;
  readonly self: number;
  readonly machine: number | undefined;
}

/**
 * CPU seconds of this process's children that have ended and been waited for (cutime + cstime in
 * /proc/self/stat): wrk, run as a child for each measurement, is counted there once it exits. The
 * servers are children too, but they do not end during a measurement.
 */
function endedChildrenCpuSeconds(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) / ticksPerSecond;
  } catch {
    return 0;
  }
}

/** `self` is the load generator: this process (autocannon) and the children that ended meanwhile (wrk). */
export function sampleCpu(serverPid: number): CpuSample {
  const usage = process.cpuUsage();
  return {
    server: processCpuSeconds(serverPid),
    self: (usage.user + usage.system) / 1e6 + endedChildrenCpuSeconds(),
    machine: machineBusySeconds(),
  };
}

export interface CpuSpent {
  /** CPU seconds of the server process over the interval. */
  readonly server: number | undefined;
  /** CPU seconds of the load generator (this process with autocannon, or wrk). */
  readonly loadGenerator: number;
  /** CPU seconds the machine spent on everything else (other people's work). */
  readonly other: number | undefined;
}

export function cpuBetween(before: CpuSample, after: CpuSample): CpuSpent {
  const server = before.server !== undefined && after.server !== undefined ? after.server - before.server : undefined;
  const loadGenerator = after.self - before.self;
  const machine = before.machine !== undefined && after.machine !== undefined ? after.machine - before.machine : undefined;
  const other = machine !== undefined && server !== undefined ? Math.max(0, machine - server - loadGenerator) : undefined;
  return { server, loadGenerator, other };
}

/**
 * Waits (at most `maxWaitMs`) until the machine's busy share over a half-second window is below
 * `threshold` of all cores, while this benchmark's own servers are idle, so a run starts when other
 * people's work is not saturating the machine. Resolves with the last busy share seen (undefined off Linux).
 */
export async function waitForQuietMachine(cores: number, threshold: number, maxWaitMs: number): Promise<number | undefined> {
  const deadline = Date.now() + maxWaitMs;
  for (;;) {
    const before = machineBusySeconds();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const after = machineBusySeconds();
    if (before === undefined || after === undefined) return undefined;
    const busy = (after - before) / 0.5 / cores;
    if (busy < threshold || Date.now() >= deadline) return busy;
  }
}
