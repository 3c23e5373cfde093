import { describe, expect, it } from 'vitest';
import type { DeploymentMonitoring } from '../../app/monitoring/deployment-monitoring.ts';
import { formatMonitoring } from './monitoring.ts';

const base = {
  deployment: 'credit-risk',
  window: '1m',
  window_ms: 60_000,
  from: '2026-11-25T10:00:00.000Z',
  to: '2026-11-25T11:00:00.000Z',
};
const quality = { rows: 10, columns: [], violations: [], violations_total: 0 };

describe('formatMonitoring', () => {
  it('prints one line per window with its drifted columns, and says when there is no traffic', () => {
    const column = (name: string, drifted: boolean) =>
      ({ name, drifted }) as unknown as NonNullable<DeploymentMonitoring['windows'][number]['drift']>['columns'][number];
    const result = {
      ...base,
      reference: { model: 'credit-risk', version: 2, rows: 20_000 },
      windows: [
        {
          start: '2026-11-25T10:00:00.000Z',
          end: '2026-11-25T10:01:00.000Z',
          model: { name: 'credit-risk', version: 2 },
          rows: 1200,
          status: 'complete',
          quality,
          latency: null,
          drift: {
            dataset: { drifted: false, drifted_share: 0, columns: 2, drifted_columns: 0, share_threshold: 0.5 },
            columns: [column('age', false), column('income', false)],
          },
        },
        {
          start: '2026-11-25T10:01:00.000Z',
          end: '2026-11-25T10:02:00.000Z',
          model: { name: 'credit-risk', version: 2 },
          rows: 900,
          status: 'rebuilt',
          quality: { ...quality, violations_total: 3 },
          latency: null,
          drift: {
            dataset: { drifted: true, drifted_share: 1, columns: 2, drifted_columns: 2, share_threshold: 0.5 },
            columns: [column('age', true), column('income', true)],
          },
        },
        {
          start: '2026-11-25T10:02:00.000Z',
          end: '2026-11-25T10:03:00.000Z',
          model: { name: 'credit-risk', version: 3 },
          rows: 5,
          status: 'complete',
          quality,
          latency: null,
          drift: null,
        },
      ],
    } as DeploymentMonitoring;
    const lines = formatMonitoring(result).split('\n');
    expect(lines[0]).toBe(
      'credit-risk: 3 windows of 1m from 2026-11-25T10:00:00.000Z to 2026-11-25T11:00:00.000Z; reference credit-risk:2 (20000 rows)',
    );
    expect(lines[3]).toMatch(/^2026-11-25T10:00:00.000Z +credit-risk:2 +1200 +complete +not drifted: 0\/2 columns drifted \(0% < 50%\)$/);
    expect(lines[4]).toMatch(/rebuilt +drifted: 2\/2 columns drifted \(100% ≥ 50%\): age, income {2}\(3 contract violations\)$/);
    expect(lines[5]).toMatch(/credit-risk:3 +5 +complete +no reference$/);
    // Latency and failed requests follow, leaving out what is unknown.
    const timed = (latency: DeploymentMonitoring['windows'][number]['latency']) =>
      formatMonitoring({ ...result, windows: [{ ...result.windows[2]!, latency }] }).split('\n')[3]!;
    expect(timed({ p50_ms: 3.14159, p95_ms: 9.8, p99_ms: 15.25, errors: 2 })).toMatch(
      /no reference; latency p50 3.14 \/ p95 9.8 \/ p99 15.3 ms, 2 failed$/,
    );
    expect(timed({ p50_ms: 1, p95_ms: 2, p99_ms: 3, errors: null })).toMatch(/no reference; latency p50 1 \/ p95 2 \/ p99 3 ms$/);
    expect(timed({ p50_ms: null, p95_ms: null, p99_ms: null, errors: 4 })).toMatch(/no reference; 4 failed$/);
    // A window where 7 of 16 columns drifted, below the share: it says so, not "ok 7/16".
    const seven = {
      ...result.windows[0]!,
      drift: {
        dataset: {
          drifted: false,
          drifted_share: 7 / 16,
          columns: 16,
          drifted_columns: 7,
          share_threshold: 0.5,
          missingness_changed_columns: 1,
        },
        columns: [column('age', true), { ...column('income', false), missingness: { changed: true } }],
      },
    } as DeploymentMonitoring['windows'][number];
    const line = formatMonitoring({ ...result, windows: [seven] }).split('\n')[3]!;
    expect(line).toMatch(
      /complete +not drifted: 7\/16 columns drifted \(43.8% < 50%\), missing share changed in 1: age; missing share changed: income$/,
    );
    expect(formatMonitoring({ ...base, reference: null, windows: [] })).toBe(
      'credit-risk: 0 windows of 1m from 2026-11-25T10:00:00.000Z to 2026-11-25T11:00:00.000Z; the current version has no reference profile\nno traffic profiled in this range',
    );
  });
});
