/**
 * The vocabulary of model tests (`ballast.tests/v1`): a suite of checks, the data a check reads, and the
 * result each check gives. A check evaluator is a function of its spec and the test data; everything random
 * in it draws from a generator seeded by the suite's `seed` (seeded-random.ts), so a run is reproducible.
 *
 * Field names of the specs are the suite file's (snake_case, as users write them); results are wire objects
 * (snake_case) because `ballast test --json`, the stored run and `GET …/tests` all show them as they are.
 */
import type { ClassLabel } from '../signature.ts';
import type { MetricName } from '../performance/metric-registry.ts';

export const TESTS_FORMAT = 'ballast.tests/v1';

export const CHECK_TYPES = [
  'metric',
  'slices',
  'fairness',
  'perturbation',
  'invariance',
  'direction',
  'champion_challenger',
  'calibration',
  'contract',
] as const;
export type CheckType = (typeof CHECK_TYPES)[number];

/** An `error` check that fails fails the run (exit 1, no gate); a `warning` is reported and does not. */
export type CheckSeverity = 'error' | 'warning';

/** Inclusive bounds on a value; at least one side is given. */
export interface Bound {
  readonly min?: number;
  readonly max?: number;
}

/** Rows whose column equals the value, for every entry (`{region: north, segment: retail}`). */
export type RowFilter = Readonly<Record<string, string | number | boolean>>;

interface CheckSpecBase {
  readonly name: string;
  readonly severity: CheckSeverity;
}

export interface MetricCheckSpec extends CheckSpecBase {
  readonly type: 'metric';
  readonly metric: MetricName;
  readonly bound: Bound;
  /** Only these rows; absent: all rows. */
  readonly where?: RowFilter;
}

export interface SlicesCheckSpec extends CheckSpecBase {
  readonly type: 'slices';
  readonly metric: MetricName;
  /** Columns sliced one by one: categories by value, numbers by `bins` quantile bins. Absent: every model input. */
  readonly columns?: readonly string[];
  /** Pairs of columns whose slices are crossed (`[[sex, age]]`). */
  readonly crossings?: ReadonlyArray<readonly [string, string]>;
  /** Quantile bins of a numeric column (default 5). */
  readonly bins: number;
  /** Slices with fewer rows are listed but not judged (default 30). */
  readonly min_rows: number;
  /** How much worse than overall a slice may be, in the metric's units (default 0.05). */
  readonly margin: number;
  /** Bootstrap rounds for each slice's interval (default 200). */
  readonly bootstrap: number;
  /** Two-sided interval level (default 0.95). */
  readonly confidence: number;
}

export const FAIRNESS_METRICS = [
  'demographic_parity_difference',
  'demographic_parity_ratio',
  'equalized_odds_difference',
  'equalized_odds_ratio',
  'equal_opportunity_difference',
  'disparate_impact_ratio',
] as const;
export type FairnessMetricName = (typeof FAIRNESS_METRICS)[number];

/** The per-group rates of a fairness check (`by_group`). */
export const GROUP_METRICS = ['selection_rate', 'true_positive_rate', 'false_positive_rate', 'accuracy', 'count'] as const;
export type GroupMetricName = (typeof GROUP_METRICS)[number];

export interface FairnessCheckSpec extends CheckSpecBase {
  readonly type: 'fairness';
  /** One column, or several: each is judged on its own, and with `intersections` also their crossing. */
  readonly sensitive: readonly string[];
  readonly intersections: boolean;
  /** The class counted as selected / positive; default the model's positive class (classes[1] of two). */
  readonly positive_label?: ClassLabel;
  readonly bounds: Readonly<Partial<Record<FairnessMetricName, Bound>>>;
  /** Bootstrap rounds for the intervals (0: none; default 200). */
  readonly bootstrap: number;
  readonly confidence: number;
}

export type PerturbationKind = 'noise' | 'swap' | 'missing';

export interface PerturbationCheckSpec extends CheckSpecBase {
  readonly type: 'perturbation';
  /** Features perturbed; absent: every model input. */
  readonly features?: readonly string[];
  /** `noise`: numeric features plus k reference standard deviations × N(0, 1); `swap`: a category replaced by another
   * seen value; `missing`: the value set missing. Each kind is applied on its own and reported on its own. */
  readonly kinds: readonly PerturbationKind[];
  /** k of `noise` (default 0.1). */
  readonly noise_std: number;
  /** Share of a row's perturbed features changed at once (default 1: every feature named). */
  readonly feature_share: number;
  readonly bounds: Readonly<{ flip_rate?: Bound; mean_abs_change?: Bound }>;
}

export interface InvarianceCheckSpec extends CheckSpecBase {
  readonly type: 'invariance';
  readonly feature: string;
  /** Values to set; absent: drawn within the contract's range / categories (else the data's). */
  readonly values?: ReadonlyArray<string | number>;
  /** Most rows whose label may flip (default 0). */
  readonly max_flip_rate: number;
}

export interface DirectionCheckSpec extends CheckSpecBase {
  readonly type: 'direction';
  readonly feature: string;
  /** Added to the feature's value (a positive number raises it, a negative one lowers it). */
  readonly change: number;
  /** How the score must move: `increase` means it must not fall by more than `epsilon`, `decrease` the opposite. */
  readonly expect: 'increase' | 'decrease';
  /** The class whose probability is the score (default the positive class); a regressor's value otherwise. */
  readonly class?: ClassLabel;
  readonly epsilon: number;
  /** Most rows allowed to move the wrong way (default 0). */
  readonly max_violation_rate: number;
}

export interface ChampionChallengerCheckSpec extends CheckSpecBase {
  readonly type: 'champion_challenger';
  /** The version compared against: the one behind this alias (default `champion`). */
  readonly alias: string;
  readonly metric: MetricName;
  /** Non-inferiority margin in the metric's units: the tested version may be at most this much worse. */
  readonly margin: number;
  readonly bootstrap: number;
  readonly confidence: number;
}

export interface CalibrationCheckSpec extends CheckSpecBase {
  readonly type: 'calibration';
  readonly bins: number;
  readonly bounds: Readonly<{ ece?: Bound; brier?: Bound }>;
}

export interface ContractCheckSpec extends CheckSpecBase {
  readonly type: 'contract';
  /** Most rows that may break an error-severity rule of the version's contract (default 0). */
  readonly max_violation_rate: number;
}

export type CheckSpec =
  | MetricCheckSpec
  | SlicesCheckSpec
  | FairnessCheckSpec
  | PerturbationCheckSpec
  | InvarianceCheckSpec
  | DirectionCheckSpec
  | ChampionChallengerCheckSpec
  | CalibrationCheckSpec
  | ContractCheckSpec;

export interface TestSuite {
  readonly format: typeof TESTS_FORMAT;
  /** What policies require (`--require-suite NAME`); default the file's name without its extension. */
  readonly name: string;
  readonly description?: string;
  readonly seed: number;
  readonly checks: readonly CheckSpec[];
}

/** One column of the test data, as a FeatureBatch column: numbers with NaN missing, or texts with null missing. */
export type DataColumn = Float64Array | ReadonlyArray<string | null>;

/** What a model answered for every row of the test data (or of a perturbed copy). */
export type ScoredRows =
  | {
      readonly kind: 'classification';
      readonly classes: readonly ClassLabel[];
      /** rows × classes.length, row-major. */
      readonly probabilities: Float64Array;
      /** Index into `classes` of each row's predicted label. */
      readonly labelIndex: Int32Array;
    }
  | { readonly kind: 'regression'; readonly values: Float64Array };

/** A numeric input's reference statistics, or a categorical one's seen values (from the version's training profile). */
export type ReferenceColumn =
  | { readonly kind: 'numeric'; readonly std: number; readonly min: number; readonly max: number }
  | { readonly kind: 'categorical'; readonly values: readonly string[] };

/** The test data and the model under test, as every evaluator sees them. */
export interface CheckData {
  readonly rows: number;
  /** Every column of the data file (model inputs, the label, sensitive columns, anything else). */
  readonly columns: ReadonlyMap<string, DataColumn>;
  /** The model's inputs in signature order. */
  readonly inputs: readonly string[];
  /**
   * The label column as class indexes into `scored.classes` (classification) — −1 never occurs: the runner
   * refuses labels the model does not know — or as numbers (regression).
   */
  readonly labels: Int32Array | Float64Array;
  /** The version's answers on the data as given. */
  readonly scored: ScoredRows;
  /** Scores a modified copy of the data: the columns given replace the data's, every other input is the data's own. */
  readonly score: (columns: ReadonlyMap<string, DataColumn>) => Promise<ScoredRows>;
  /** The version's reference per model input, where its training profile has one. */
  readonly reference: ReadonlyMap<string, ReferenceColumn>;
  /** Scores the data with the version behind an alias of the same model; refuses an unknown alias. */
  readonly scoreAlias: (alias: string) => Promise<{ readonly version: number; readonly scored: ScoredRows }>;
}

/** A two-sided interval [low, high]. */
export type Interval = readonly [number, number];

/** What a check found: the wire shape of `--json`, the stored run and the API. */
export interface CheckResult {
  readonly name: string;
  readonly type: CheckType;
  readonly severity: CheckSeverity;
  readonly passed: boolean;
  /** The checked values by name (`accuracy`, `demographic_parity_difference`, `flip_rate.noise`, …); null when undefined. */
  readonly values: Readonly<Record<string, number | null>>;
  /** The bound each checked value had to meet. */
  readonly bounds: Readonly<Record<string, Bound>>;
  readonly intervals?: Readonly<Record<string, Interval>>;
  /** Fairness: group → metric → value. */
  readonly by_group?: Readonly<Record<string, Readonly<Record<string, number | null>>>>;
  /** Slices: the worst slices first; other checks: anything a reader needs to see why (JSON-able). */
  readonly details?: unknown;
  /** One line a person reads: what passed or what failed and by how much. */
  readonly message: string;
}

export type CheckEvaluator<S extends CheckSpec = CheckSpec> = (spec: S, data: CheckData, seed: number) => Promise<CheckResult>;

/** The wire shape of a stored run (`ballast tests list`, `GET /v1/models/{name}/versions/{v}/tests`). */
export interface TestRunWire {
  readonly id: string;
  readonly model: { readonly name: string; readonly version: number };
  readonly suite: { readonly name: string; readonly hash: string };
  readonly data: { readonly hash: string; readonly rows: number; readonly file: string };
  readonly seed: number;
  readonly passed: boolean;
  readonly checks: readonly CheckResult[];
  readonly created_by: string;
  readonly created_at: string;
}
