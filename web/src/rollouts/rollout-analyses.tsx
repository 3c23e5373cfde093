import type { RolloutAnalysis, Verdict } from '../api/rollout-types.ts';
import { Chip, Time } from '../components/bits.tsx';
import { Empty } from '../components/status.tsx';
import { NONE, formatNumber } from '../lib/format.ts';

const TONE: Readonly<Record<Verdict, 'good' | 'bad' | 'warn'>> = { pass: 'good', fail: 'bad', inconclusive: 'warn' };

export function VerdictChip({ verdict }: { verdict: Verdict }) {
  return <Chip tone={TONE[verdict]}>{verdict}</Chip>;
}

const value = (x: number | null) => (x === null ? NONE : formatNumber(x));

/** Each gate analysis (newest first), with every check's candidate and stable values against its threshold. */
export function RolloutAnalyses({ analyses }: { analyses: readonly RolloutAnalysis[] }) {
  if (analyses.length === 0) return <Empty>No gate has run yet: the first runs when the current step ends.</Empty>;
  return (
    <div data-testid="rollout-analyses">
      {analyses.map((analysis) => (
        <div key={analysis.id} class="rollout-analysis" data-analysis={analysis.id} data-step={analysis.step_index}>
          <h3>
            Step {analysis.step_index + 1} at {analysis.weight}% <VerdictChip verdict={analysis.verdict} />{' '}
            <span class="muted">
              window <Time iso={analysis.window.start} /> – <Time iso={analysis.window.end} />
            </span>
          </h3>
          <table class="table table--compact">
            <caption class="visually-hidden">Checks of the gate at step {analysis.step_index + 1}</caption>
            <thead>
              <tr>
                <th scope="col">Check</th>
                <th scope="col">Signal</th>
                <th scope="col" class="num">
                  Candidate
                </th>
                <th scope="col" class="num">
                  Stable
                </th>
                <th scope="col" class="num">
                  Threshold
                </th>
                <th scope="col">Verdict</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {analysis.checks.map((check) => (
                <tr key={check.name} data-check={check.name} class={check.verdict === 'fail' ? 'rollout-check--fail' : undefined}>
                  <th scope="row">{check.name}</th>
                  <td class="mono">{check.signal}</td>
                  <td class="num mono">{value(check.candidate)}</td>
                  <td class="num mono">{value(check.stable)}</td>
                  <td class="num mono">{value(check.threshold)}</td>
                  <td>
                    <VerdictChip verdict={check.verdict} />
                  </td>
                  <td class="wrap">{check.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </div>
  );
}
