import { useMemo } from 'preact/hooks';
import type { PerformanceWindow } from '../api/performance-types.ts';
import { Section } from '../components/bits.tsx';
import { WindowLatencyChart } from '../charts/window-latency-chart.tsx';
import { formatInteger, formatLatency } from '../lib/format.ts';
import { latencyPoints } from './performance-latest.ts';

/** The performance page's request latency (p50/p95/p99) and failures per window. */
export function LatencyCard({
  windows,
  version,
  rangeLabel,
}: {
  windows: readonly PerformanceWindow[];
  version: string | undefined;
  rangeLabel: string;
}) {
  const points = useMemo(() => latencyPoints(windows, version), [windows, version]);
  const last = points.times.length - 1;
  return (
    <Section title="Latency per window" id="performance-latency">
      {last < 0 ? (
        <p class="empty" data-testid="no-latency">
          No latency recorded for <span class="mono">{version}</span> in the {rangeLabel}.
        </p>
      ) : (
        <div class="latency">
          <dl class="figures" aria-label="Latency of the latest window" data-testid="latency-figures">
            <div>
              <dt>p50</dt>
              <dd>{formatLatency(points.p50[last]!)}</dd>
            </div>
            <div>
              <dt>p95</dt>
              <dd>{formatLatency(points.p95[last]!)}</dd>
            </div>
            <div>
              <dt>p99</dt>
              <dd>{formatLatency(points.p99[last]!)}</dd>
            </div>
            <div class={points.errors[last]! > 0 ? 'is-bad' : undefined}>
              <dt>Errors</dt>
              <dd>{formatInteger(points.errors[last]!)}</dd>
            </div>
          </dl>
          <WindowLatencyChart
            points={points}
            label={`p50, p95 and p99 latency of ${version} per window in the ${rangeLabel}; latest window p99 ${formatLatency(points.p99[last]!)}.`}
          />
        </div>
      )}
    </Section>
  );
}
