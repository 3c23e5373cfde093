import type { DeploymentOverview } from '../api/types.ts';
import type { ChipTone } from '../components/bits.tsx';
import { formatInteger, formatLatency, formatTime } from './format.ts';

/** How the home page words a deployment's health, latency and drift: one short line each, and where it comes from. */

export interface Glance {
  readonly tone: ChipTone;
  readonly label: string;
  /** The figure's source and size, for a second line or a title. */
  readonly detail: string;
}

/** A share in percent: one decimal below 10 %, none above (0.4 %, 12 %), never "0 %" for a few errors. */
export function formatShare(share: number): string {
  const percent = share * 100;
  if (percent > 0 && percent < 0.1) return '< 0.1 %';
  return `${percent < 10 ? Number(percent.toFixed(1)) : Math.round(percent)} %`;
}

/** Errors at or above this share of requests mark a deployment for a look. */
export const ERROR_RATE_WARNING = 0.01;

export function healthGlance(d: DeploymentOverview): Glance {
  if (!d.serving) return { tone: 'bad', label: 'not loaded', detail: 'this server does not answer predictions for it' };
  const requests = d.requests === null ? 0 : d.requests.answered + d.requests.failed;
  if (d.requests === null || d.requests.error_rate === null || requests === 0)
    return { tone: 'good', label: 'serving', detail: 'no requests since the server started' };
  const rate = d.requests.error_rate;
  return {
    tone: rate >= ERROR_RATE_WARNING ? 'warn' : 'good',
    label: 'serving',
    detail: `${formatShare(rate)} errors of ${formatInteger(requests)} request${requests === 1 ? '' : 's'} since the server started`,
  };
}

export function latencyGlance(d: DeploymentOverview): Glance {
  if (d.latency === null) return { tone: 'muted', label: 'no traffic', detail: 'no logged prediction in the last hour' };
  const { predictions, p50_ms: p50, p99_ms: p99, since } = d.latency;
  return {
    tone: 'neutral',
    label: `p50 ${formatLatency(p50)} · p99 ${formatLatency(p99)}`,
    detail: `of ${formatInteger(predictions)} logged prediction${predictions === 1 ? '' : 's'} since ${formatTime(since)}`,
  };
}

export function driftGlance(d: DeploymentOverview): Glance {
  if (d.drift === null)
    return { tone: 'muted', label: 'not compared', detail: 'no window of the last hour was compared with the reference' };
  const { drifted, drifted_columns: driftedColumns, columns, drifted_share: share, window_start: start, rows } = d.drift;
  return {
    tone: drifted ? 'bad' : driftedColumns > 0 ? 'warn' : 'good',
    // The tone says whether the window as a whole drifted (its drifted share reached the threshold); the words count columns.
    label:
      driftedColumns > 0
        ? `${formatInteger(driftedColumns)} of ${formatInteger(columns)} columns drifted (${formatShare(share)})`
        : 'no column drifted',
    detail: `in the latest compared window, from ${formatTime(start)} (${formatInteger(rows)} row${rows === 1 ? '' : 's'})`,
  };
}
