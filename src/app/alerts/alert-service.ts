import type { AlertRuleState } from '../../core/alerts/alert-rule.ts';
import type { Repositories, Store } from '../../store/store.ts';
import {
  evaluateAlerts,
  type AlertRuleSource,
  type AlertTick,
  type NamedSink,
  type ReadSignals,
  type StepAlertState,
} from './alert-evaluator.ts';

/** The lease that makes one process of many the evaluator. */
const ALERT_LEASE = 'alert-evaluator';

/** What the service needs of the store's alerts repository, inside a transaction or not. */
export interface AlertStatePort extends AlertRuleSource {
  /** Stores every state given (one row per rule), replacing the rule's previous one. */
  saveStates(states: readonly AlertRuleState[]): Promise<void>;
}

export interface AlertServiceOptions {
  readonly store: Pick<Store, 'leases' | 'transaction'> & Repositories;
  /** The alerts repository of the store or of a transaction's repositories (`(r) => r.alerts`). */
  readonly alerts: (repositories: Repositories) => AlertStatePort;
  readonly read: ReadSignals;
  readonly step: StepAlertState;
  readonly clock: () => Date;
  /** This process's name on the lease: unique per process. */
  readonly holder: string;
  readonly intervalMs: number;
  /** How long the lease lasts without renewal: how soon another process takes over when this one dies (3 intervals). */
  readonly leaseTtlMs?: number;
  readonly sinks: readonly NamedSink[];
  /**
   * Work that must run once per interval on the evaluating server only, after the sinks (on-call
   * escalation of unacknowledged pages); a failure is reported and the next tick runs.
   */
  readonly afterEvaluation?: (tick: AlertTick) => Promise<void>;
  /** Every tick's outcome, evaluated here or not (the server's alert gauges). */
  readonly onTick?: (tick: AlertTick) => void;
  readonly onError: (error: unknown, what: string) => void;
}

export interface AlertService {
  /** Runs one evaluation now (or waits for the one running). */
  tick(): Promise<AlertTick | undefined>;
  /** Stops the timer, waits for a running evaluation, and gives the lease up so another process takes over at once. */
  stop(): Promise<void>;
}

/** One evaluation against the store: the lease taken or renewed first, and renewed again in the transaction that saves the states. */
function alertEvaluation(options: Omit<AlertServiceOptions, 'intervalMs' | 'onTick' | 'onError'> & { readonly leaseTtlMs: number }) {
  const { store, clock, holder, leaseTtlMs } = options;
  return (onSinkError: (sink: string, error: unknown) => void): Promise<AlertTick> =>
    evaluateAlerts({
      rules: options.alerts(store),
      read: options.read,
      step: options.step,
      clock,
      sinks: options.sinks,
      onSinkError,
      holdLease: () => store.leases.acquire(ALERT_LEASE, holder, clock(), leaseTtlMs),
      // A holder that paused longer than the lease (a long read, a stalled host) finds it taken here,
      // and saves nothing: the process that took over evaluates instead, never both.
      commit: (states) =>
        store.transaction(async (tx) => {
          if (!(await tx.leases.acquire(ALERT_LEASE, holder, clock(), leaseTtlMs))) return false;
          await options.alerts(tx).saveStates(states);
          return true;
        }),
    });
}

/**
 * The alert evaluator of a server: a tick every `intervalMs` (the next one `intervalMs` after the
 * previous one started, never two at once), by the one process that holds the lease; the others read
 * the stored states, so every server's gauges show the same. Errors are reported and the next tick runs.
 */
export function startAlertService(options: AlertServiceOptions): AlertService {
  const leaseTtlMs = options.leaseTtlMs ?? 3 * options.intervalMs;
  const evaluate = alertEvaluation({ ...options, leaseTtlMs });
  const onSinkError = (sink: string, error: unknown) =>
    options.onError(error, `the ${sink} sink failed on alert transitions; the rule states are saved and the other sinks ran`);
  let running: Promise<AlertTick | undefined> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const tick = (): Promise<AlertTick | undefined> =>
    (running ??= (async () => {
      try {
        const result = await evaluate(onSinkError);
        options.onTick?.(result);
        if (result.evaluated && options.afterEvaluation)
          await options
            .afterEvaluation(result)
            .catch((error: unknown) =>
              options.onError(error, 'the work after the alert evaluation failed; tried again at the next interval'),
            );
        return result;
      } catch (error) {
        options.onError(error, 'evaluating the alert rules failed; tried again at the next interval');
        return undefined;
      } finally {
        running = undefined;
      }
    })());

  const schedule = (delayMs: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      const started = Date.now();
      void tick().then(() => schedule(Math.max(0, options.intervalMs - (Date.now() - started))));
    }, delayMs);
    timer.unref();
  };
  schedule(options.intervalMs);

  return {
    tick,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      await options.store.leases
        .release(ALERT_LEASE, options.holder)
        .catch((error: unknown) =>
          options.onError(error, 'giving up the alert evaluator lease failed; another server takes over when it expires'),
        );
    },
  };
}
