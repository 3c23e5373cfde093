import type { LoadResult } from './load-test.ts';

/** All runs of one server under one load; the benchmark interleaves servers run by run. */
export interface Measurement {
  readonly model: string;
  readonly server: string;
  readonly connections: number;
  readonly runs: LoadResult[];
}

export interface Summary {
  readonly rps: number;
  /** (max - min) / median of req/s over the runs: how far to trust a ratio. */
  readonly spread: number;
  readonly p50: number;
  readonly p99: number;
  /** Server CPU per answered request, in µs (all its threads). */
  readonly cpuUs: number | undefined;
  /** Load generator CPU per answered request, in µs. */
  readonly clientCpuUs: number;
  /** Share of the machine's cores busy with neither server nor load generator. */
  readonly otherLoad: number | undefined;
  readonly failed: number;
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export function summarize(measurement: Measurement, seconds: number, cores: number): Summary {
  const { runs } = measurement;
  const rps = median(runs.map((r) => r.rps));
  const perRequest = (cpu: number | undefined, run: LoadResult) => (cpu === undefined || run.answered === 0 ? undefined : (cpu / run.answered) * 1e6);
  const defined = (values: (number | undefined)[]) => (values.every((v) => v !== undefined) ? median(values as number[]) : undefined);
  return {
    rps,
    spread: (Math.max(...runs.map((r) => r.rps)) - Math.min(...runs.map((r) => r.rps))) / rps,
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    cpuUs: defined(runs.map((r) => perRequest(r.cpu.server, r))),
    clientCpuUs: median(runs.map((r) => perRequest(r.cpu.loadGenerator, r)!)),
    otherLoad: defined(runs.map((r) => (r.cpu.other === undefined ? undefined : r.cpu.other / seconds / cores))),
    failed: runs.reduce((sum, r) => sum + r.failed, 0),
  };
}

/**
 * A over B, run by run: runs of the same round were measured back to back, so they saw about the
 * same background load; the median of these ratios is steadier than a ratio of medians.
 */
export function pairedRatio(a: Measurement, b: Measurement): { value: number; range: readonly [number, number] } {
  const ratios = a.runs.map((run, i) => run.rps / b.runs[i]!.rps);
  return { value: median(ratios), range: [Math.min(...ratios), Math.max(...ratios)] };
}

export interface Check {
  readonly what: string;
  readonly value: number;
  /** Lowest and highest run-by-run ratio, for ratios. */
  readonly range?: readonly [number, number];
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

export const atLeast = (what: string, ratio: { value: number; range: readonly [number, number] }, limit: number): Check => ({
  what,
  value: ratio.value,
  range: ratio.range,
  unit: '×',
  target: `≥ ${limit.toFixed(2)}`,
  met: ratio.value >= limit,
  gap: ratio.value >= limit ? undefined : `short by ${(((limit - ratio.value) / limit) * 100).toFixed(0)} %`,
});

const pad = (text: string, width: number) => (text.length >= width ? text : text + ' '.repeat(width - text.length));
const padStart = (text: string, width: number) => (text.length >= width ? text : ' '.repeat(width - text.length) + text);

export function formatMeasurements(rows: readonly { measurement: Measurement; summary: Summary }[]): string {
  const lines = [
    `${pad('model', 9)}${pad('server', 30)}${padStart('conc', 5)}${padStart('req/s', 9)}${padStart('spread', 8)}${padStart('p50 ms', 9)}${padStart('p99 ms', 9)}${padStart('srv µs/req', 11)}${padStart('gen µs/req', 11)}${padStart('other', 7)}${padStart('fail', 6)}`,
  ];
  for (const { measurement: m, summary: s } of rows) {
    lines.push(
      `${pad(m.model, 9)}${pad(m.server, 30)}${padStart(String(m.connections), 5)}${padStart(Math.round(s.rps).toLocaleString('en'), 9)}${padStart(`${(s.spread * 100).toFixed(0)} %`, 8)}${padStart(s.p50.toFixed(2), 9)}${padStart(s.p99.toFixed(2), 9)}${padStart(s.cpuUs === undefined ? '-' : s.cpuUs.toFixed(0), 11)}${padStart(s.clientCpuUs.toFixed(0), 11)}${padStart(s.otherLoad === undefined ? '-' : `${(s.otherLoad * 100).toFixed(0)} %`, 7)}${padStart(String(s.failed), 6)}`,
    );
  }
  return lines.join('\n');
}

export function formatChecks(checks: readonly Check[]): string {
  const lines = [`${pad('check', 58)}${padStart('measured', 10)}${padStart('runs', 13)}  ${pad('target', 10)}result`];
  for (const c of checks) {
    const value = c.unit === 'ms' ? `${c.value.toFixed(2)} ms` : `${c.value.toFixed(2)}×`;
    const range = c.range ? `${c.range[0].toFixed(2)}–${c.range[1].toFixed(2)}` : '';
    lines.push(`${pad(c.what, 58)}${padStart(value, 10)}${padStart(range, 13)}  ${pad(c.target, 10)}${c.met ? 'met' : `MISSED (${c.gap})`}`);
  }
  return lines.join('\n');
}
