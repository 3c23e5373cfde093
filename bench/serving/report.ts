import type { LoadResult } from './load-test.ts';

/** All runs of one server under one load; the benchmark interleaves servers run by run. */
export interface Measurement {
  readonly model: string;
  readonly server: string;
  readonly connections: number;
  readonly runs: LoadResult[];
}

/** A run counts as quiet when other people's work kept less than this share of all cores busy during it. */
export const QUIET_SHARE = 0.2;
/** Figures use only the quiet runs when there are at least this many, else every run. */
const MIN_QUIET_RUNS = 3;

const isQuiet = (run: LoadResult) => run.otherShare !== undefined && run.otherShare < QUIET_SHARE;

export interface Summary {
  /** Runs the figures below are taken from: the quiet ones if there are enough, else all. */
  readonly used: number;
  readonly quiet: boolean;
  readonly rps: number;
  /** (max - min) / median of req/s over the runs used: how far to trust a ratio. */
  readonly spread: number;
  readonly p50: number;
  readonly p99: number;
  /** Server CPU per answered request, in µs (all its threads). */
  readonly cpuUs: number | undefined;
  /** Load generator CPU per answered request, in µs. */
  readonly clientCpuUs: number;
  /** Share of the machine's cores busy with neither server nor load generator, median over the runs used. */
  readonly otherLoad: number | undefined;
  readonly failed: number;
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export function summarize(measurement: Measurement): Summary {
  const quietRuns = measurement.runs.filter(isQuiet);
  const quiet = quietRuns.length >= MIN_QUIET_RUNS;
  const runs = quiet ? quietRuns : measurement.runs;
  const rps = median(runs.map((r) => r.rps));
  const perRequest = (cpu: number | undefined, run: LoadResult) =>
    cpu === undefined || run.answered === 0 ? undefined : (cpu / run.answered) * 1e6;
  const defined = (values: (number | undefined)[]) => (values.every((v) => v !== undefined) ? median(values as number[]) : undefined);
  return {
    used: runs.length,
    quiet,
    rps,
    spread: (Math.max(...runs.map((r) => r.rps)) - Math.min(...runs.map((r) => r.rps))) / rps,
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    cpuUs: defined(runs.map((r) => perRequest(r.cpu.server, r))),
    clientCpuUs: median(runs.map((r) => perRequest(r.cpu.loadGenerator, r)!)),
    otherLoad: defined(runs.map((r) => r.otherShare)),
    failed: measurement.runs.reduce((sum, r) => sum + r.failed, 0),
  };
}

export interface Ratio {
  readonly value: number;
  readonly range: readonly [number, number];
  readonly pairs: number;
  /** Whether only pairs of quiet runs were used. */
  readonly quiet: boolean;
}

/**
 * A over B, run by run: runs of the same round were measured back to back, so they saw about the
 * same background load, and the median of these ratios is steadier than a ratio of medians. Pairs
 * where both runs were quiet are used when there are enough of them.
 */
export function pairedRatio(a: Measurement, b: Measurement): Ratio {
  const all = a.runs.map((run, i) => ({ ratio: run.rps / b.runs[i]!.rps, quiet: isQuiet(run) && isQuiet(b.runs[i]!) }));
  const quietPairs = all.filter((pair) => pair.quiet);
  const quiet = quietPairs.length >= MIN_QUIET_RUNS;
  const ratios = (quiet ? quietPairs : all).map((pair) => pair.ratio);
  return { value: median(ratios), range: [Math.min(...ratios), Math.max(...ratios)], pairs: ratios.length, quiet };
}

export interface Check {
  readonly what: string;
  readonly value: number;
  /** For ratios: the run-by-run ratios it is the median of. */
  readonly ratio?: Ratio;
  readonly unit: 'ms' | '×';
  readonly target: string;
  readonly met: boolean;
  /** How far from the target when missed, e.g. "needs 1.29× more". */
  readonly gap?: string;
}

export const atMost = (what: string, value: number, limit: number, unit: Check['unit']): Check => ({
  what,
  value,
  unit,
  target: `≤ ${limit}${unit === 'ms' ? ' ms' : ''}`,
  met: value <= limit,
  gap: value <= limit ? undefined : `${(value / limit).toFixed(2)}× over`,
});

export const atLeast = (what: string, ratio: Ratio, limit: number): Check => ({
  what,
  value: ratio.value,
  ratio,
  unit: '×',
  target: `≥ ${limit.toFixed(2)}`,
  met: ratio.value >= limit,
  gap: ratio.value >= limit ? undefined : `short by ${(((limit - ratio.value) / limit) * 100).toFixed(0)} %`,
});

const pad = (text: string, width: number) => (text.length >= width ? text : text + ' '.repeat(width - text.length));
const padStart = (text: string, width: number) => (text.length >= width ? text : ' '.repeat(width - text.length) + text);

export function formatMeasurements(rows: readonly { measurement: Measurement; summary: Summary }[]): string {
  const lines = [
    `${pad('model', 9)}${pad('server', 30)}${padStart('conc', 5)}${padStart('req/s', 9)}${padStart('spread', 8)}${padStart('p50 ms', 9)}${padStart('p99 ms', 9)}${padStart('srv µs/req', 11)}${padStart('gen µs/req', 11)}${padStart('other', 7)}${padStart('runs', 11)}${padStart('fail', 6)}`,
  ];
  for (const { measurement: m, summary: s } of rows) {
    lines.push(
      `${pad(m.model, 9)}${pad(m.server, 30)}${padStart(String(m.connections), 5)}${padStart(Math.round(s.rps).toLocaleString('en'), 9)}${padStart(`${(s.spread * 100).toFixed(0)} %`, 8)}${padStart(s.p50.toFixed(2), 9)}${padStart(s.p99.toFixed(2), 9)}${padStart(s.cpuUs === undefined ? '-' : s.cpuUs.toFixed(0), 11)}${padStart(s.clientCpuUs.toFixed(0), 11)}${padStart(s.otherLoad === undefined ? '-' : `${(s.otherLoad * 100).toFixed(0)} %`, 7)}${padStart(`${s.used} ${s.quiet ? 'quiet' : 'any'}`, 11)}${padStart(String(s.failed), 6)}`,
    );
  }
  return lines.join('\n');
}

export function formatChecks(checks: readonly Check[]): string {
  const lines = [`${pad('check', 58)}${padStart('measured', 10)}${padStart('run by run', 24)}  ${pad('target', 10)}result`];
  for (const c of checks) {
    const value = c.unit === 'ms' ? `${c.value.toFixed(2)} ms` : `${c.value.toFixed(2)}×`;
    const r = c.ratio;
    const range = r ? `${r.range[0].toFixed(2)}–${r.range[1].toFixed(2)} (${r.pairs} ${r.quiet ? 'quiet' : 'any'})` : '';
    lines.push(
      `${pad(c.what, 58)}${padStart(value, 10)}${padStart(range, 24)}  ${pad(c.target, 10)}${c.met ? 'met' : `MISSED (${c.gap})`}`,
    );
  }
  return lines.join('\n');
}
