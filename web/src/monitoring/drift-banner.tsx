import type { MonitoringWindow } from '../api/monitoring-types.ts';
import { Time } from '../components/bits.tsx';
import { formatInteger, plural } from '../lib/format.ts';
import { datasetSentence } from './drift-wording.ts';

/**
 * The verdict of the newest compared window, first thing on the page: drifted or not, the share of
 * drifted columns against its threshold, the multivariate check, and the drifted columns as buttons
 * that open their chart.
 */
export function DriftBanner({
  latest,
  comparedWindows,
  driftedWindows,
  onColumn,
}: {
  latest: MonitoringWindow;
  comparedWindows: number;
  driftedWindows: number;
  onColumn: (column: string) => void;
}) {
  const drift = latest.drift!;
  const drifted = drift.dataset.drifted;
  const driftedColumns = drift.columns.filter((c) => c.drifted);
  return (
    <div class={`verdict ${drifted ? 'verdict--failed' : 'verdict--passed'} monitoring-banner`} role="status" data-testid="drift-banner">
      <strong class="verdict__headline">{drifted ? 'Drift in the latest window' : 'No drift in the latest window'}</strong>
      <span class="monitoring-banner__text">
        Window from <Time iso={latest.start} />
        {latest.status === 'live' && ' (still open)'} of{' '}
        <span class="mono">
          {latest.model.name}:{latest.model.version}
        </span>
        , {formatInteger(latest.rows)} rows: {datasetSentence(drift.dataset)} The dataset drifted in {driftedWindows} of{' '}
        {plural(comparedWindows, 'compared window')} in this range.
      </span>
      {driftedColumns.length > 0 && (
        <span class="chips" role="group" aria-label="Drifted columns">
          {driftedColumns.map((c) => (
            <button key={c.name} type="button" class="chip chip--bad chip--button" onClick={() => onColumn(c.name)}>
              {c.name}
            </button>
          ))}
        </span>
      )}
    </div>
  );
}
