import { useMemo } from 'preact/hooks';
import type { ColumnDrift, MonitoringWindow } from '../api/monitoring-types.ts';
import { Chip, Time } from '../components/bits.tsx';
import { DistributionHistogram } from './distribution-histogram.tsx';
import { formatInteger, formatShare } from '../lib/format.ts';
import {
  DECISION_LABELS,
  decisionOf,
  decisionSentence,
  effectLabel,
  formatStatistic,
  metricLines,
  METHOD_LABELS,
} from './drift-wording.ts';
import { histogramData, largestShift } from './histogram-bins.ts';

/** One column in one window: the two distributions, the decision in words, and every statistic. */
export function ColumnWindowDetail({ column, window }: { column: ColumnDrift; window: MonitoringWindow }) {
  const data = useMemo(() => histogramData(column.distribution, column.type), [column]);
  const shift = largestShift(data);
  const decision = decisionOf(column);
  const tone = decision === 'drifted' ? 'bad' : decision === 'stable' ? 'good' : 'muted';
  return (
    <div class="column-detail" data-testid="column-detail">
      <div class="column-detail__chart">
        <p class="column-detail__title">
          <span class="mono">{column.name}</span> <Chip tone={tone}>{DECISION_LABELS[decision]}</Chip>
          <span class="muted">
            {' '}
            in the window from <Time iso={window.start} />
          </span>
        </p>
        <DistributionHistogram
          data={data}
          type={column.type}
          label={`Distribution of ${column.name}: reference against the window from ${window.start}, as shares of values.`}
        />
      </div>
      <div class="column-detail__facts">
        <p class="decision" data-testid="decision-sentence">
          {decisionSentence(column)}
        </p>
        {shift && shift.change !== 0 && (
          <p class="muted">
            Largest change: <span class="mono">{shift.bin.label}</span> from {formatShare(shift.bin.reference)} to{' '}
            {formatShare(shift.bin.current)} of values.
          </p>
        )}
        <dl class="fields fields--narrow" aria-label={`Statistics of ${column.name}`}>
          <div class="fields__row">
            <dt>Test</dt>
            <dd>{METHOD_LABELS[column.method]}</dd>
          </div>
          <div class="fields__row">
            <dt>Effect size</dt>
            <dd>
              <span class="mono">{formatStatistic(column.effect_size.value)}</span> {effectLabel(column.effect_size.name)}, threshold{' '}
              <span class="mono">{formatStatistic(column.effect_size.threshold)}</span>
            </dd>
          </div>
          {metricLines(column).map((line) => (
            <div class="fields__row" key={line.name}>
              <dt>{line.name}</dt>
              <dd class="mono">{line.value}</dd>
            </div>
          ))}
          {column.missing_current !== undefined && column.n_current !== undefined && (
            <>
              <div class="fields__row">
                <dt>n in this window</dt>
                <dd class="mono">{formatInteger(column.n_current)}</dd>
              </div>
              <div class="fields__row">
                <dt>Missing in this window</dt>
                <dd class="mono">{formatInteger(column.missing_current)}</dd>
              </div>
            </>
          )}
        </dl>
      </div>
    </div>
  );
}
