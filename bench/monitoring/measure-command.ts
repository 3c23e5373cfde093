import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { machineBusySeconds } from '../serving/cpu-usage.ts';

/**
 * Runs one command as a child process and measures it the same way whatever it is (Node or
 * Python): wall time from this process, and the child's peak RSS and CPU time as the kernel
 * accounts them (GNU time reads them from wait4's rusage, so interpreter start, imports and every
 * thread are counted for all sides alike). The machine's busy CPU over the same interval, minus the
 * child's own CPU, says how much other work shared the two cores during the run.
 */

export const GNU_TIME = '/usr/bin/time';

export const canMeasureMemory = existsSync(GNU_TIME);

export interface CommandRun {
  readonly ok: boolean;
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly wallSeconds: number;
  /** User + system CPU seconds of the child (undefined without GNU time). */
  readonly cpuSeconds: number | undefined;
  /** Peak resident set size of the child, in KiB (undefined without GNU time). */
  readonly peakRssKb: number | undefined;
  /** CPU seconds the machine spent on other work during the run, over both cores. */
  readonly foreignCpuSeconds: number | undefined;
}

let sequence = 0;

export function measureCommand(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): CommandRun {
  const report = path.join(tmpdir(), `ballast-drift-bench-time-${process.pid}-${sequence++}.txt`);
  const [file, fileArgs] = canMeasureMemory ? [GNU_TIME, ['-f', '%U %S %M', '-o', report, command, ...args]] : [command, [...args]];
  const busyBefore = machineBusySeconds();
  const started = process.hrtime.bigint();
  const child = spawnSync(file, fileArgs, { encoding: 'utf8', env, maxBuffer: 256 * 1024 * 1024 });
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const busyAfter = machineBusySeconds();

  let cpuSeconds: number | undefined;
  let peakRssKb: number | undefined;
  if (canMeasureMemory && existsSync(report)) {
    // GNU time writes "Command exited with non-zero status N" before the format line on failure.
    const last = readFileSync(report, 'utf8').trim().split('\n').at(-1) ?? '';
    const [user, system, rss] = last.split(' ').map(Number);
    if (Number.isFinite(user) && Number.isFinite(system)) cpuSeconds = user! + system!;
    if (Number.isFinite(rss)) peakRssKb = rss;
    rmSync(report, { force: true });
  }
  const foreignCpuSeconds =
    busyBefore === undefined || busyAfter === undefined || cpuSeconds === undefined
      ? undefined
      : Math.max(0, busyAfter - busyBefore - cpuSeconds);
  return {
    ok: child.status === 0,
    status: child.status,
    stdout: child.stdout ?? '',
    stderr: child.stderr ?? String(child.error ?? ''),
    wallSeconds,
    cpuSeconds,
    peakRssKb,
    foreignCpuSeconds,
  };
}

/**
 * Waits (up to `maxSeconds`) until the machine has been under `busyShare` of its cores busy for one
 * second, so a run does not start in the middle of someone else's test suite. Returns the last
 * measured share (undefined where /proc/stat cannot be read, and then it does not wait).
 */
export function waitForQuiet(maxSeconds: number, cores: number, busyShare = 0.15): number | undefined {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  let share: number | undefined;
  for (let waited = 0; waited < maxSeconds; waited++) {
    const before = machineBusySeconds();
    Atomics.wait(pause, 0, 0, 1000);
    const after = machineBusySeconds();
    if (before === undefined || after === undefined) return undefined;
    share = (after - before) / cores;
    if (share < busyShare) break;
  }
  return share;
}
