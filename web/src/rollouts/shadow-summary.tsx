import { useApi } from '../api/api-context.ts';
import { ApiError } from '../api/client.ts';
import type { ShadowReport } from '../api/rollout-types.ts';
import { Fields, ModelVersionLink, Section } from '../components/bits.tsx';
import { ErrorPanel } from '../components/status.tsx';
import { NONE, formatInteger, formatLatency, formatNumber, formatShare } from '../lib/format.ts';
import { useResource } from '../lib/use-resource.ts';

/** Slices shown: the worst first, as the report orders them. */
const SHOWN_SLICES = 10;

const share = (x: number | null) => (x === null ? NONE : formatShare(x));
const ms = (x: number | null) => (x === null ? NONE : formatLatency(x));
const num = (x: number | null) => (x === null ? NONE : formatNumber(x));

/**
 * The shadow's report when the deployment has one: how often it agrees with the primary, the
 * distribution of score differences, latency of each, and the slices where they disagree most.
 * A deployment without a shadow (the report answers 404) shows nothing.
 */
export function ShadowSummary({ deployment }: { deployment: string }) {
  const api = useApi();
  const [loaded, reload] = useResource((signal) => api.shadowReport(deployment, signal), [deployment]);
  if (loaded.state === 'loading') return null;
  if (loaded.state === 'error') {
    if (loaded.error instanceof ApiError && loaded.error.status === 404) return null;
    return (
      <Section title="Shadow" id="shadow">
        <ErrorPanel error={loaded.error} onRetry={reload} />
      </Section>
    );
  }
  return <ShadowBody report={loaded.data} />;
}

function ShadowBody({ report }: { report: ShadowReport }) {
  const d = report.score_difference;
  return (
    <Section title="Shadow" id="shadow">
      <div class="rollout-shadow" data-testid="shadow-report">
        <Fields
          items={[
            [
              'Shadow',
              report.shadow ? (
                <ModelVersionLink name={report.shadow.name} version={report.shadow.version} />
              ) : (
                <span class="muted">stopped</span>
              ),
            ],
            ['Primary', <ModelVersionLink name={report.primary.name} version={report.primary.version} />],
            [
              'Rows scored',
              <span class="mono">
                {formatInteger(report.rows)} ({formatInteger(report.dropped)} dropped, {formatInteger(report.failed)} failed)
              </span>,
            ],
            [
              'Agreement',
              <span class="mono" data-testid="shadow-agreement">
                {share(report.agreement_rate)}
              </span>,
            ],
            ['Label flips', <span class="mono">{share(report.label_flip_rate)}</span>],
            [
              'Score difference',
              <span class="mono">
                mean {num(d.mean)} · p50 {num(d.p50)} · p90 {num(d.p90)} · p99 {num(d.p99)} · max |Δ| {num(d.max_abs)}
              </span>,
            ],
            [
              'Latency p50 / p99',
              <span class="mono">
                primary {ms(report.latency.primary.p50_ms)} / {ms(report.latency.primary.p99_ms)} · shadow{' '}
                {ms(report.latency.shadow.p50_ms)} / {ms(report.latency.shadow.p99_ms)}
              </span>,
            ],
          ]}
        />
        {report.slices.length > 0 && (
          <table class="table table--compact" data-testid="shadow-slices">
            <caption class="rollout-caption">Slices where the shadow disagrees most</caption>
            <thead>
              <tr>
                <th scope="col">Slice</th>
                <th scope="col" class="num">
                  Rows
                </th>
                <th scope="col" class="num">
                  Agreement
                </th>
                <th scope="col" class="num">
                  Label flips
                </th>
                <th scope="col" class="num">
                  Mean |Δ score|
                </th>
              </tr>
            </thead>
            <tbody>
              {report.slices.slice(0, SHOWN_SLICES).map((s) => (
                <tr key={`${s.column}=${s.slice}`}>
                  <th scope="row">
                    <span class="mono">{s.column}</span> {s.slice}
                  </th>
                  <td class="num mono">{formatInteger(s.rows)}</td>
                  <td class="num mono">{share(s.agreement_rate)}</td>
                  <td class="num mono">{share(s.label_flip_rate)}</td>
                  <td class="num mono">{num(s.mean_abs_score_difference)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </Section>
  );
}
