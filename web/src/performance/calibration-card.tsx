import type { PerformanceWindow } from '../api/performance-types.ts';
import { Section, Time } from '../components/bits.tsx';
import { formatInteger, formatNumber } from '../lib/format.ts';
import { latestCalibration } from './performance-latest.ts';
import { ReliabilityDiagram } from './reliability-diagram.tsx';

/** The performance page's reliability diagram: the version's newest window with enough labels (performance-latest.ts). */
export function CalibrationCard({ windows, version }: { windows: readonly PerformanceWindow[]; version: string | undefined }) {
  const latest = latestCalibration(windows, version);
  return (
    <Section title="Reliability diagram" id="performance-calibration">
      {latest === undefined ? (
        <p class="empty" data-testid="no-calibration">
          No labelled window of <span class="mono">{version}</span> in this range: the diagram needs labels with the predicted scores.
        </p>
      ) : (
        <>
          <p class="note performance-facts">
            Newest window with enough labels, <Time iso={latest.window.start} /> to <Time iso={latest.window.end} />:{' '}
            {formatInteger(latest.window.labelled_rows)} of {formatInteger(latest.window.rows)} predictions labelled.
          </p>
          <div class="performance-facts">
            <ReliabilityDiagram
              calibration={latest.calibration}
              label={`Reliability of ${version} in the window from ${latest.window.start}: expected calibration error ${formatNumber(latest.calibration.expected_calibration_error)}.`}
            />
          </div>
        </>
      )}
    </Section>
  );
}
