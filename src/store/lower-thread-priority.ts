import { readFileSync } from 'node:fs';
import { setPriority } from 'node:os';

/**
 * Lowers the calling thread's scheduling priority (Linux: a thread's id is a valid target of
 * setpriority(2), and /proc/thread-self names it). Returns whether it could. For background threads
 * whose work no response waits for: on a machine whose cores are all busy, the request path gets
 * the CPU first and the background thread takes what is left, catching up whenever the request
 * path waits.
 */
export function lowerThisThreadPriority(nice: number): boolean {
  try {
    const tid = Number(readFileSync('/proc/thread-self/stat', 'utf8').split(' ', 1)[0]);
    if (!Number.isInteger(tid) || tid <= 0) return false;
    setPriority(tid, nice);
    return true;
  } catch {
    // Not Linux, or not allowed (priority is a nicety: the thread works the same without it).
    return false;
  }
}
