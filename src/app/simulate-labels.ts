/**
 * Ground truth for the simulated traffic (`ballast demo --simulate`): the true label of each row the
 * simulation replays (examples/credit holds the outcome of every application in `default`), sent
 * through the real feedback route after a realistic delay, as a lender learns outcomes: most within
 * minutes, some much later, some never. Because the drifted file's applicants default far more
 * often (21.4% against 12.4%) while the model stays the same, the model's real accuracy drops when
 * the simulation's drift starts (0.895 → 0.844 for the XGBoost model, examples/credit/metrics.json);
 * its estimate before labels drops at once, and the realised value confirms it a minute or two later.
 */

/** The column of examples/credit that holds each row's outcome. */
export const LABEL_COLUMN = 'default';

/** When the outcome of one prediction becomes known, in seconds after it was made. */
export interface LabelDelays {
  /** Share of predictions whose outcome arrives within minutes, uniformly between the bounds. */
  readonly prompt: { readonly share: number; readonly minSeconds: number; readonly maxSeconds: number };
  /** Share whose outcome arrives much later; the rest never get one. */
  readonly late: { readonly share: number; readonly minSeconds: number; readonly maxSeconds: number };
}

export const DEFAULT_LABEL_DELAYS: LabelDelays = {
  prompt: { share: 0.7, minSeconds: 30, maxSeconds: 120 },
  late: { share: 0.15, minSeconds: 600, maxSeconds: 1800 },
};

/** The delay of one prediction's label, or undefined when it never gets one; `random` answers in [0, 1). */
export function labelDelaySeconds(random: () => number, delays: LabelDelays = DEFAULT_LABEL_DELAYS): number | undefined {
  const draw = random();
  const within = (range: LabelDelays['prompt']) => range.minSeconds + random() * (range.maxSeconds - range.minSeconds);
  if (draw < delays.prompt.share) return within(delays.prompt);
  if (draw < delays.prompt.share + delays.late.share) return within(delays.late);
  return undefined;
}

type Row = Readonly<Record<string, string | number | boolean | null>>;

/**
 * A replayed row as the service would send it (without its outcome, which nobody knows when the
 * prediction is made; sent along, it would also be logged and profiled as if it were an input) and
 * its label, undefined when the row has none.
 */
export function splitLabel(row: Row, column = LABEL_COLUMN): { instance: Row; label: string | number | undefined } {
  if (!(column in row)) return { instance: row, label: undefined };
  const { [column]: value, ...instance } = row;
  const label = typeof value === 'number' || (typeof value === 'string' && value !== '') ? value : undefined;
  return { instance, label };
}

/** The id of the first prediction in a predict answer's body, undefined when it has none. */
export function predictionIdOf(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { predictions?: { prediction_id?: unknown }[] };
    const id = parsed.predictions?.[0]?.prediction_id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

interface PendingLabel {
  readonly prediction_id: string;
  readonly label: string | number;
}

/** Labels waiting for their time, by simulated second; no clock inside, so tests step it by hand. */
export class LabelQueue {
  private readonly waiting: { dueAt: number; item: PendingLabel }[] = [];

  schedule(item: PendingLabel, dueAt: number): void {
    this.waiting.push({ dueAt, item });
  }

  /** Removes and answers the labels due by `now`, oldest due first, at most `max` of them. */
  takeDue(now: number, max = Infinity): PendingLabel[] {
    const due = this.waiting.filter((w) => w.dueAt <= now).sort((a, b) => a.dueAt - b.dueAt);
    const taken = new Set(due.slice(0, max));
    for (let i = this.waiting.length - 1; i >= 0; i--) if (taken.has(this.waiting[i]!)) this.waiting.splice(i, 1);
    return [...taken].map((w) => w.item);
  }

  get size(): number {
    return this.waiting.length;
  }
}

export interface LabelReport {
  /** Predictions that will get a label, and those that never will. */
  scheduled: number;
  never: number;
  /** Labels sent, and how the route answered them. */
  sent: number;
  accepted: number;
  refused: number;
  /** Labels in requests that failed (network, or an answer other than 200). */
  failed: number;
}

interface LabelSenderOptions {
  readonly url: string;
  readonly token: string;
  readonly deployment: string;
  readonly random: () => number;
  readonly delays?: LabelDelays;
  readonly signal?: AbortSignal;
}

/** One feedback request carries at most this many labels. */
const BATCH = 500;

/**
 * Schedules the label of each answered prediction and sends the due ones through
 * `POST /v1/deployments/{name}/feedback`, one request at a time so a slow server is not piled on.
 */
export function createLabelSender(options: LabelSenderOptions) {
  const queue = new LabelQueue();
  const report: LabelReport = { scheduled: 0, never: 0, sent: 0, accepted: 0, refused: 0, failed: 0 };
  let inFlight: Promise<void> | undefined;

  const send = async (items: PendingLabel[]): Promise<void> => {
    report.sent += items.length;
    // A signal of its own per request, tied to the caller's by one listener removed when it settles
    // (see simulateTraffic: fetch would otherwise leave a listener per request on the caller's signal).
    const request = new AbortController();
    const abort = () => request.abort(options.signal?.reason);
    options.signal?.addEventListener('abort', abort, { once: true });
    try {
      const response = await fetch(`${options.url}/v1/deployments/${encodeURIComponent(options.deployment)}/feedback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}` },
        body: JSON.stringify({ feedback: items }),
        signal: request.signal,
      });
      const text = await response.text();
      if (!response.ok) {
        report.failed += items.length;
        return;
      }
      const summary = JSON.parse(text) as { accepted?: number; replaced?: number };
      const accepted = (summary.accepted ?? 0) + (summary.replaced ?? 0);
      report.accepted += accepted;
      report.refused += items.length - accepted;
    } catch {
      report.failed += items.length;
    } finally {
      options.signal?.removeEventListener('abort', abort);
    }
  };

  return {
    report,
    /** Called when a prediction was answered `at` simulated seconds: draws when (or whether) its label arrives. */
    afterPrediction(predictionId: string, label: string | number, at: number): void {
      const delay = labelDelaySeconds(options.random, options.delays);
      if (delay === undefined) {
        report.never++;
        return;
      }
      report.scheduled++;
      queue.schedule({ prediction_id: predictionId, label }, at + delay);
    },
    /** Sends the labels due by `now` unless a request is still on its way; answers when that request settles. */
    sendDue(now: number): Promise<void> {
      if (inFlight) return inFlight;
      const due = queue.takeDue(now, BATCH);
      if (due.length === 0) return Promise.resolve();
      inFlight = send(due).finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
    /** Labels scheduled but not yet due (or not yet sent). */
    get waiting(): number {
      return queue.size;
    },
  };
}
