import type { AlertReceiver, AlertRule, AlertTransition, SignalReading } from '../alert-rule.ts';

/**
 * The one rule builder of the tests: `inputs-drifted` on deployment `credit`, drift.share above 0.3 on
 * 10 s windows, firing at once and resolving at once, notifying no one, no rollback. A test overrides
 * exactly the fields its assertions are about, so the literal says what the test depends on.
 */
export function alertRule(overrides: Partial<AlertRule> = {}): AlertRule {
  return {
    name: 'inputs-drifted',
    deployment: 'credit',
    signal: 'drift.share',
    windowMs: 10_000,
    above: 0.3,
    below: null,
    forMs: 0,
    keepFiringForMs: 0,
    severity: 'page',
    notify: [],
    onNoData: 'ok',
    rollback: null,
    description: null,
    ...overrides,
  };
}

/** A reading of `value` on the window of `windowMs` (10 s) that ended at `end`, on `rows` rows (100), served by credit:`version` (2). */
export function valueReadingAt(
  value: number,
  end: string,
  { windowMs = 10_000, rows = 100, version = 2 }: { windowMs?: number; rows?: number; version?: number } = {},
): SignalReading {
  return { kind: 'value', value, rows, start: new Date(Date.parse(end) - windowMs).toISOString(), end, model: { name: 'credit', version } };
}

/**
 * The one transition builder: `rule` going from pending to firing at 2026-11-25T12:00:10Z on a reading of
 * 0.42 on the rule's window that ended then (credit:2), with the rule's threshold; override what matters.
 */
export function alertTransition(rule: AlertRule, overrides: Partial<Omit<AlertTransition, 'rule'>> = {}): AlertTransition {
  const at = overrides.at ?? '2026-11-25T12:00:10.000Z';
  return {
    rule,
    from: 'pending',
    to: 'firing',
    at,
    reading: valueReadingAt(0.42, at, { windowMs: rule.windowMs }),
    threshold: rule.above ?? rule.below!,
    ...overrides,
  };
}

/** The receiver `team`: a webhook on the loopback, allowed because it is private on purpose. */
export function alertReceiver(overrides: Partial<AlertReceiver> = {}): AlertReceiver {
  return { name: 'team', kind: 'webhook', url: 'http://127.0.0.1:9000/hook', allowPrivate: true, ...overrides };
}
