import type { Store } from '../../store/store.ts';
import { DEFAULT_WINDOW_MS } from '../monitoring/window-profiler.ts';

export interface CountedViolation {
  readonly column: string;
  readonly code: string;
  readonly policy: string;
}

/**
 * Counts contract violations per deployment, window, column, code and policy in memory, and adds
 * them to the store when asked (the server flushes every few seconds and on shutdown). A window
 * can be flushed more than once: the store adds counts, so nothing is counted twice or lost.
 * Windows are the server's base monitoring window (one minute unless `serve --monitoring-window`
 * says otherwise), so the monitoring answer of a window holds that window's violations and no
 * other's: counted per minute, a 10-second window would show a whole minute's violations, or none.
 */
export class ViolationWindows {
  private counts = new Map<string, number>();

  constructor(
    private readonly store: Pick<Store, 'contracts'>,
    private readonly windowMs: number = DEFAULT_WINDOW_MS,
  ) {}

  record(deployment: string, at: Date, violations: readonly CountedViolation[]): void {
    const windowStart = new Date(Math.floor(at.getTime() / this.windowMs) * this.windowMs).toISOString();
    for (const v of violations) {
      const key = JSON.stringify([deployment, windowStart, v.column, v.code, v.policy]);
      this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    }
  }

  get pending(): number {
    return this.counts.size;
  }

  async flush(): Promise<void> {
    if (this.counts.size === 0) return;
    const taken = this.counts;
    this.counts = new Map();
    const rows = [...taken].map(([key, count]) => {
      const [deployment, windowStart, column, code, policy] = JSON.parse(key) as string[];
      return { deployment: deployment!, windowStart: windowStart!, column: column!, code: code!, policy: policy!, count };
    });
    try {
      await this.store.contracts.addViolationCounts(rows);
    } catch (error) {
      // Keep the counts for the next flush rather than lose them.
      for (const [key, count] of taken) this.counts.set(key, (this.counts.get(key) ?? 0) + count);
      throw error;
    }
  }
}
