import type { TestBound, TestCheck, TestRun } from '../api/model-tests-client.ts';
import { formatNumber } from '../lib/format.ts';

/** How a run reads in one word and one count: what the runs table and the run's header show. */
export function runSummary(run: TestRun): { verdict: 'passed' | 'failed'; text: string } {
  const failed = run.checks.filter((c) => !c.passed && c.severity === 'error').length;
  const warned = run.checks.filter((c) => !c.passed && c.severity === 'warning').length;
  const passed = run.checks.length - failed - warned;
  const parts = [`${passed}/${run.checks.length} passed`];
  if (failed > 0) parts.push(`${failed} failed`);
  if (warned > 0) parts.push(`${warned} warning${warned === 1 ? '' : 's'}`);
  return { verdict: run.passed ? 'passed' : 'failed', text: parts.join(', ') };
}

export function boundLabel(bound: TestBound | undefined): string {
  if (bound === undefined) return '';
  if (bound.min !== undefined && bound.max !== undefined) return `${formatNumber(bound.min)} – ${formatNumber(bound.max)}`;
  if (bound.min !== undefined) return `≥ ${formatNumber(bound.min)}`;
  return bound.max === undefined ? '' : `≤ ${formatNumber(bound.max)}`;
}

const valueLabel = (value: number | null | undefined) => (value === null || value === undefined ? '–' : formatNumber(value));

/** A check's values with the bound and interval of each, in the order the check gave them. */
export function valueRows(check: TestCheck): { name: string; value: string; bound: string; interval: string }[] {
  return Object.entries(check.values).map(([name, value]) => {
    const interval = check.intervals?.[name];
    return {
      name,
      value: valueLabel(value),
      bound: boundLabel(check.bounds[name]),
      interval: interval ? `${valueLabel(interval[0])} – ${valueLabel(interval[1])}` : '',
    };
  });
}

/** A fairness check's per-group rates as a table: one row per group, one column per metric any group has. */
export function groupTable(check: TestCheck): { metrics: string[]; rows: { group: string; cells: string[] }[] } | undefined {
  const groups = Object.entries(check.by_group ?? {});
  if (groups.length === 0) return undefined;
  const metrics = [...new Set(groups.flatMap(([, values]) => Object.keys(values)))];
  return { metrics, rows: groups.map(([group, values]) => ({ group, cells: metrics.map((m) => valueLabel(values[m])) })) };
}
