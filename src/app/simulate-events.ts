/**
 * The outcomes of simulated traffic: some applicants who got an answer take the loan, and the shop
 * says so later with a `conversion` event joined by the request id, as a real service would. The
 * demo deployment's `conversion_rate` KPI is computed from these.
 */

type Instance = Readonly<Record<string, unknown>>;

export interface ConversionOptions {
  readonly url: string;
  readonly token: string;
  readonly deployment: string;
  readonly log: (line: string) => void;
  /** Uniform in [0, 1): who converts and how long after the answer. */
  readonly random: () => number;
  /** The longest an applicant takes to convert, in milliseconds (uniform from 0). */
  readonly maxDelayMs: number;
  /** How often the due events are sent, in one request each time. */
  readonly flushEveryMs: number;
}

export interface ConversionReport {
  readonly converted: number;
  readonly sent: number;
  readonly failed: number;
}

export interface SimulatedConversions {
  /** A prediction was answered for this request; the applicant may convert later. */
  answered(requestId: string, instance: Instance): void;
  /** Stops, sending every conversion still pending at once (the traffic is over, the server may stop next). */
  stop(): Promise<ConversionReport>;
}

/**
 * How likely an applicant takes the loan: about 6% for the most indebted, up to 30% for those
 * with little debt against their income; about 17% over the example's live population and 13% over
 * its drifted one (more debt), so the demo's conversion rate drops with the drift, as a KPI should
 * show.
 */
export function conversionChance(instance: Instance): number {
  const debt = typeof instance.debt_to_income === 'number' ? instance.debt_to_income : 0.4;
  return 0.06 + 0.24 * Math.max(0, 1 - debt / 0.6);
}

/** The events of simulated traffic, sent in batches to POST /v1/deployments/{name}/events. */
export function simulateConversions(options: ConversionOptions): SimulatedConversions {
  const due: { at: number; requestId: string }[] = [];
  const report = { converted: 0, sent: 0, failed: 0 };
  let sending = Promise.resolve();

  const send = async (now = Date.now()): Promise<void> => {
    const ready = due.filter((d) => d.at <= now);
    if (ready.length === 0) return;
    due.splice(0, due.length, ...due.filter((d) => d.at > now));
    try {
      const response = await fetch(`${options.url}/v1/deployments/${encodeURIComponent(options.deployment)}/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}` },
        body: JSON.stringify({ events: ready.map((d) => ({ request_id: d.requestId, name: 'conversion', value: 1 })) }),
      });
      const body = (await response.json()) as { accepted?: number };
      if (response.ok) {
        report.sent += body.accepted ?? 0;
        report.failed += ready.length - (body.accepted ?? 0);
      } else report.failed += ready.length;
    } catch {
      report.failed += ready.length;
    }
  };
  const timer = setInterval(() => {
    sending = sending.then(() => send());
  }, options.flushEveryMs);

  return {
    answered(requestId, instance) {
      if (options.random() >= conversionChance(instance)) return;
      report.converted++;
      due.push({ at: Date.now() + options.random() * options.maxDelayMs, requestId });
    },
    async stop() {
      clearInterval(timer);
      await (sending = sending.then(() => send(Infinity)));
      if (report.converted > 0) options.log(`simulate: ${report.sent} conversion events recorded, ${report.failed} refused`);
      return { ...report };
    },
  };
}
