import type {
  AlertRule,
  AlertRuleState,
  AlertState,
  AlertTransition,
  AlertTransitionSink,
  SignalReading,
} from '../../core/alerts/alert-rule.ts';

/** The pure state machine (core/alerts/alert-state-machine.ts): one rule's next state from its reading. */
export type StepAlertState = (
  rule: AlertRule,
  previous: AlertRuleState | undefined,
  reading: SignalReading,
  now: Date,
) => { state: AlertRuleState; transition: { from: AlertState; to: AlertState } | null };

/** Where rules and their stored states come from (the store's `alerts` repository). */
export interface AlertRuleSource {
  listRules(): Promise<readonly AlertRule[]>;
  listStates(): Promise<readonly AlertRuleState[]>;
}

/** Reads signals of one deployment and window length at `now`, each once (signal-reader.ts). */
export type ReadSignals = (
  query: { readonly deployment: string; readonly windowMs: number; readonly now: Date },
  signals: readonly string[],
) => Promise<ReadonlyMap<string, SignalReading>>;

export interface NamedSink {
  /** For the report when it fails: `notifications`, `rollback`, `incidents`, … */
  readonly name: string;
  readonly sink: AlertTransitionSink;
}

export interface AlertEvaluatorDeps {
  readonly rules: AlertRuleSource;
  readonly read: ReadSignals;
  readonly step: StepAlertState;
  readonly clock: () => Date;
  /** Takes or renews the evaluator's lease; false: another process evaluates. */
  readonly holdLease: () => Promise<boolean>;
  /**
   * Saves every state in one transaction, only while the lease is still this process's (renewing it in
   * the same transaction); false when it was lost meanwhile, and then nothing is saved.
   */
  readonly commit: (states: readonly AlertRuleState[]) => Promise<boolean>;
  /** Called one after another, in this order, with the tick's transitions (when there are any). */
  readonly sinks: readonly NamedSink[];
  /** A sink that threw: reported here, and the next sink still runs. */
  readonly onSinkError: (sink: string, error: unknown) => void;
}

export interface AlertTick {
  /** Whether this process evaluated (held the lease to the end); otherwise rules and states are as stored. */
  readonly evaluated: boolean;
  readonly at: string;
  readonly rules: readonly AlertRule[];
  readonly states: readonly AlertRuleState[];
  readonly transitions: readonly AlertTransition[];
}

/**
 * One evaluation of every rule: hold the lease, load rules and their states, read each (deployment,
 * window, signal) once, step each rule's state, save every state in one transaction, then hand the
 * transitions to the sinks in order. States are saved before any sink runs, so a crash after the save
 * never fires a rule twice, and a sink's failure never undoes a state or stops the next sink.
 */
export async function evaluateAlerts(deps: AlertEvaluatorDeps): Promise<AlertTick> {
  const now = deps.clock();
  const at = now.toISOString();
  const [rules, stored] = await Promise.all([deps.rules.listRules(), deps.rules.listStates()]);
  const standBy = { evaluated: false, at, rules, states: stored, transitions: [] };
  if (!(await deps.holdLease())) return standBy;
  const readings = await readAll(deps, rules, now);
  const previous = new Map(stored.map((s) => [s.rule, s]));
  const states: AlertRuleState[] = [];
  const transitions: AlertTransition[] = [];
  for (const rule of rules) {
    const reading = readings.get(readingKey(rule))!;
    const { state, transition } = deps.step(rule, previous.get(rule.name), reading, now);
    states.push(state);
    if (transition !== null)
      transitions.push({ rule, from: transition.from, to: transition.to, at, reading, threshold: (rule.above ?? rule.below)! });
  }
  if (!(await deps.commit(states))) return standBy;
  if (transitions.length > 0)
    for (const { name, sink } of deps.sinks) {
      try {
        await sink(transitions);
      } catch (error) {
        deps.onSinkError(name, error);
      }
    }
  return { evaluated: true, at, rules, states, transitions };
}

const readingKey = (rule: AlertRule) => `${rule.deployment}\u0000${rule.windowMs}\u0000${rule.signal}`;

/** Every rule's reading, one read per deployment and window; a read that fails is no_data with why. */
async function readAll(deps: AlertEvaluatorDeps, rules: readonly AlertRule[], now: Date): Promise<Map<string, SignalReading>> {
  const groups = new Map<string, { deployment: string; windowMs: number; signals: Set<string> }>();
  for (const rule of rules) {
    const key = `${rule.deployment}\u0000${rule.windowMs}`;
    let group = groups.get(key);
    if (group === undefined) groups.set(key, (group = { deployment: rule.deployment, windowMs: rule.windowMs, signals: new Set() }));
    group.signals.add(rule.signal);
  }
  const readings = new Map<string, SignalReading>();
  for (const { deployment, windowMs, signals } of groups.values()) {
    const list = [...signals];
    let read: ReadonlyMap<string, SignalReading>;
    try {
      read = await deps.read({ deployment, windowMs, now }, list);
    } catch (error) {
      const reason = `reading the signals failed: ${error instanceof Error ? error.message : String(error)}`;
      read = new Map(list.map((s) => [s, { kind: 'no_data', reason, model: null }]));
    }
    for (const signal of list)
      readings.set(
        `${deployment}\u0000${windowMs}\u0000${signal}`,
        read.get(signal) ?? { kind: 'no_data', reason: 'not read', model: null },
      );
  }
  return readings;
}
