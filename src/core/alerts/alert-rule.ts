/**
 * The shapes every part of alerting agrees on: a rule as applied from a `ballast.alerts/v1` file, the
 * receivers it notifies, the state the evaluator keeps per rule, a signal's reading, and the transitions
 * the evaluator hands to its sinks (incidents, automated rollback, notifications, on-call).
 * Times are ISO-8601 text, durations milliseconds, as everywhere in the store.
 */

export const SEVERITIES = ['page', 'ticket', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const RECEIVER_KINDS = ['webhook', 'alertmanager', 'slack'] as const;
export type ReceiverKind = (typeof RECEIVER_KINDS)[number];

/** Where notifications go. Set by admins only; the sender refuses private addresses unless `allowPrivate`. */
export interface AlertReceiver {
  readonly name: string;
  readonly kind: ReceiverKind;
  /** webhook / slack: the URL posted to; alertmanager: its base URL (the sender posts to `/api/v2/alerts`). */
  readonly url: string;
  readonly allowPrivate: boolean;
}

/** `previous` (the deployment's previous revision's version), `alias:NAME` of the same model, or a MODEL_REF. */
export type RollbackTarget =
  { readonly kind: 'previous' } | { readonly kind: 'alias'; readonly alias: string } | { readonly kind: 'model'; readonly ref: string };

export interface RollbackSpec {
  readonly to: RollbackTarget;
  /** Only record what would happen. */
  readonly dryRun: boolean;
  /** One rollback per deployment per cooldown, and never back to a version rolled back from within it (default 1h). */
  readonly cooldownMs: number;
}

export const DEFAULT_ROLLBACK_COOLDOWN_MS = 3_600_000;

export interface AlertRule {
  readonly name: string;
  readonly deployment: string;
  /** A signal name from the catalogue (signals.ts), e.g. `drift.share`, `latency.p99`, `kpi.conversion_rate`. */
  readonly signal: string;
  /** The monitoring window length the signal is read on. */
  readonly windowMs: number;
  /** Exactly one of above / below. The condition holds when value > above, or value < below. */
  readonly above: number | null;
  readonly below: number | null;
  /** How long the condition must hold before the rule fires (0: at once). */
  readonly forMs: number;
  /** How long a firing rule keeps firing after its condition stops holding. */
  readonly keepFiringForMs: number;
  readonly severity: Severity;
  /** Receiver names. */
  readonly notify: readonly string[];
  /** What a signal without enough rows counts as: `ok` (condition does not hold) or `firing` (it holds). */
  readonly onNoData: 'ok' | 'firing';
  readonly rollback: RollbackSpec | null;
  readonly description: string | null;
}

export const ALERT_STATES = ['inactive', 'pending', 'firing'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

export interface ModelVersionName {
  readonly name: string;
  readonly version: number;
}

/** A signal as read for one rule at one evaluation: a value, or no_data with why (too few rows, no window yet, …). */
export type SignalReading =
  | {
      readonly kind: 'value';
      readonly value: number;
      /** Rows the value rests on (requests for rates, labelled rows for realised metrics). */
      readonly rows: number;
      /** The window read: [start, end). */
      readonly start: string;
      readonly end: string;
      /** The version that served the window (null for signals of the whole deployment, such as log.backlog). */
      readonly model: ModelVersionName | null;
    }
  | { readonly kind: 'no_data'; readonly reason: string; readonly model: ModelVersionName | null };

/** What the evaluator stores per rule, so a restart neither loses a pending timer nor fires twice. */
export interface AlertRuleState {
  readonly rule: string;
  readonly state: AlertState;
  /** When the rule entered `state`. */
  readonly since: string;
  /** When the condition began to hold in the current run (the `for` timer's start); null while it does not hold. */
  readonly activeSince: string | null;
  /** The last evaluation at which the condition held (the `keep_firing_for` timer's start). */
  readonly lastActiveAt: string | null;
  /** The last reading's value (null for no_data). */
  readonly value: number | null;
  readonly noData: boolean;
  readonly evaluatedAt: string | null;
  readonly model: ModelVersionName | null;
}

/** One change of a rule's state, handed to every sink once, in evaluation order. */
export interface AlertTransition {
  readonly rule: AlertRule;
  readonly from: AlertState;
  readonly to: AlertState;
  readonly at: string;
  readonly reading: SignalReading;
  /** above ?? below: the threshold crossed. */
  readonly threshold: number;
}

/**
 * Something that acts on transitions: incidents, automated rollback, notifications. The evaluator calls
 * sinks one after another after it has stored the new states; a sink's failure is logged and never stops
 * the others, the next evaluation, or serving.
 */
export type AlertTransitionSink = (transitions: readonly AlertTransition[]) => Promise<void>;
