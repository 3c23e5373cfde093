import path from 'node:path';
import { readTable } from './data-files.ts';
import { createLabelSender, predictionIdOf, splitLabel, type LabelDelays, type LabelReport } from './simulate-labels.ts';

export interface SimulateOptions {
  readonly url: string;
  readonly token: string;
  readonly deployment: string;
  /** Requests per second, each with one instance. */
  readonly rate: number;
  readonly durationSeconds: number;
  /** After this many seconds, rows come from the drifted file (a shifted population). */
  readonly driftAfterSeconds?: number;
  readonly examplesDir: string;
  readonly log: (line: string) => void;
  readonly signal?: AbortSignal;
  /** Draws which predictions get a label and when (simulate-labels.ts); Math.random unless given. */
  readonly random?: () => number;
  readonly labelDelays?: LabelDelays;
  /** Told of each answered request (its id and instance), as a service would record its outcomes. */
  readonly onAnswered?: (requestId: string, instance: Record<string, unknown>) => void;
}

export interface SimulateReport {
  readonly sent: number;
  readonly ok: number;
  readonly failed: number;
  /** The true labels sent after their predictions through the feedback route. */
  readonly labels: LabelReport;
}

/**
 * Sends realistic traffic: rows of examples/credit/live.csv (then live_drifted.csv) as JSON
 * instances, at a steady rate, for a bounded time. For demos and for watching the dashboard move.
 */
export async function simulateTraffic(options: SimulateOptions): Promise<SimulateReport> {
  // Each row without its outcome, which arrives later as a label (simulate-labels.ts).
  const load = async (file: string) => (await readInstances(path.join(options.examplesDir, 'credit', file))).map((row) => splitLabel(row));
  const [live, drifted] = await Promise.all([load('live.csv'), load('live_drifted.csv')]);
  const started = Date.now();
  const report = { sent: 0, ok: 0, failed: 0 };
  const labels = createLabelSender({ ...options, random: options.random ?? Math.random, delays: options.labelDelays });
  const interval = 1000 / options.rate;
  let announcedDrift = false;
  while (Date.now() - started < options.durationSeconds * 1000 && !options.signal?.aborted) {
    const elapsed = (Date.now() - started) / 1000;
    const drifting = options.driftAfterSeconds !== undefined && elapsed >= options.driftAfterSeconds;
    if (drifting && !announcedDrift) {
      options.log(`simulate: switching to the drifted population after ${Math.round(elapsed)} s`);
      announcedDrift = true;
    }
    const rows = drifting ? drifted : live;
    const { instance, label } = rows[report.sent % rows.length]!;
    report.sent++;
    const requestId = `sim-${report.sent}`;
    // Each request gets a signal of its own, tied to the caller's by one listener removed when it
    // settles: fetch adds an abort listener to the signal it is given and drops it only when the
    // request is garbage-collected, so the caller's long-lived signal gathered one per request
    // (MaxListenersExceededWarning after ~1,500 requests of the demo).
    const request = new AbortController();
    const abort = () => request.abort(options.signal?.reason);
    options.signal?.addEventListener('abort', abort, { once: true });
    fetch(`${options.url}/v1/deployments/${encodeURIComponent(options.deployment)}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}`, 'x-request-id': requestId },
      body: JSON.stringify({ instances: [instance] }),
      signal: request.signal,
    })
      .then(
        async (response) => {
          // Read to the end, so the connection goes back to the pool.
          const body = await response.text();
          if (!response.ok) {
            report.failed++;
            return;
          }
          report.ok++;
          const predictionId = predictionIdOf(body);
          if (predictionId !== undefined && label !== undefined) labels.afterPrediction(predictionId, label, elapsed);
          options.onAnswered?.(requestId, instance);
        },
        () => report.failed++,
      )
      .catch(() => report.failed++)
      .finally(() => options.signal?.removeEventListener('abort', abort));
    void labels.sendDue(elapsed);
    if (report.sent % Math.max(1, Math.round(options.rate * 10)) === 0)
      options.log(
        `simulate: ${report.sent} sent, ${report.ok} ok, ${report.failed} failed; labels ${labels.report.accepted} accepted, ${labels.waiting} waiting`,
      );
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
  return { ...report, labels: labels.report };
}

/**
 * Rows of a CSV file as the JSON instances a service would send: numbers as JSON numbers, empty
 * cells as null, other text as strings.
 */
export async function readInstances(file: string, limit = Infinity): Promise<Record<string, string | number | boolean | null>[]> {
  const table = await readTable(file);
  return table.rows
    .slice(0, limit)
    .map(({ cells }) => Object.fromEntries(table.columns.map((name, i) => [name, cellAsJson(cells[i] ?? null)])));
}

function cellAsJson(cell: string | number | boolean | null): string | number | boolean | null {
  if (typeof cell !== 'string') return cell;
  if (cell === '') return null;
  return /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(cell) ? Number(cell) : cell;
}
