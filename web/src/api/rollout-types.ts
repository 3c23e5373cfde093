/** The wire shapes of the rollout routes (issue #15's contract), as the rollout page reads them. */

export interface ModelRef {
  readonly name: string;
  readonly version: number;
}

export type RolloutStrategy = 'canary' | 'blue-green' | 'ab';
export type RolloutStatusName = 'progressing' | 'paused' | 'ready' | 'switched';
export type Verdict = 'pass' | 'fail' | 'inconclusive';
export type RolloutVerb = 'pause' | 'resume' | 'promote' | 'abort' | 'switch' | 'rollback';

export interface ActiveRollout {
  readonly id: string;
  readonly strategy: RolloutStrategy;
  readonly status: RolloutStatusName;
  readonly candidate: ModelRef;
  readonly steps: readonly number[];
  readonly step_index: number;
  readonly weight: number;
  readonly step_started_at: string;
  readonly step_duration_ms: number;
  readonly step_ends_at: string;
  readonly sticky_key: { readonly kind: 'field' | 'header'; readonly name: string } | null;
  readonly gate_rules: readonly string[];
  readonly keep_previous_ms: number;
  readonly switched_at: string | null;
  readonly previous: ModelRef | null;
  readonly started_at: string;
  readonly started_by: string;
}

export interface GateCheck {
  readonly name: string;
  readonly signal: string;
  readonly candidate: number | null;
  readonly stable: number | null;
  readonly threshold: number | null;
  readonly verdict: Verdict;
  readonly reason: string;
}

export interface RolloutAnalysis {
  readonly id: string;
  readonly rollout_id: string;
  readonly step_index: number;
  readonly weight: number;
  readonly at: string;
  readonly window: { readonly start: string; readonly end: string };
  readonly verdict: Verdict;
  readonly checks: readonly GateCheck[];
}

export interface RolloutHistoryEntry {
  readonly id: string;
  readonly strategy: RolloutStrategy;
  readonly candidate: ModelRef;
  readonly stable: ModelRef;
  readonly outcome: null | 'promoted' | 'aborted' | 'rolled_back' | 'finished';
  readonly reason: string | null;
  readonly started_at: string;
  readonly started_by: string;
  readonly ended_at: string | null;
  readonly ended_by: string | null;
}

/** `GET /v1/deployments/{name}/rollout`. `analyses` may be absent from a server without the rollout controller. */
export interface RolloutStatus {
  readonly deployment: string;
  readonly revision: number;
  readonly stable: ModelRef;
  readonly rollout: ActiveRollout | null;
  readonly analyses?: readonly RolloutAnalysis[];
  readonly history: readonly RolloutHistoryEntry[];
}

export interface AbKpi {
  readonly name: string;
  readonly aggregate: 'rate' | 'sum' | 'mean';
  readonly test: 'two_proportion_z' | 'welch_t';
  readonly a: { readonly value: number | null; readonly count: number };
  readonly b: { readonly value: number | null; readonly count: number };
  readonly difference: number | null;
  readonly ci: { readonly low: number; readonly high: number; readonly level: number } | null;
  readonly p_value: number | null;
  readonly effect?: number | null;
  readonly min_sample_per_variant: number | null;
  readonly enough_data: boolean;
}

/** `GET /v1/deployments/{name}/rollout/ab`. */
export interface AbAnalysis {
  readonly deployment: string;
  readonly from: string;
  readonly to: string;
  readonly effect?: number;
  readonly variants: readonly { readonly role: 'stable' | 'variant'; readonly model: ModelRef; readonly rows: number }[];
  readonly kpis: readonly AbKpi[];
  readonly performance: readonly {
    readonly metric: string;
    readonly a: number | null;
    readonly b: number | null;
    readonly labelled: { readonly a: number; readonly b: number };
  }[];
}

/** `GET /v1/deployments/{name}/shadow/report`. */
export interface ShadowReport {
  readonly deployment: string;
  readonly primary: ModelRef;
  readonly shadow: ModelRef | null;
  readonly from: string;
  readonly to: string;
  readonly rows: number;
  readonly dropped: number;
  readonly failed: number;
  readonly agreement_rate: number | null;
  readonly label_flip_rate: number | null;
  readonly score_difference: {
    readonly mean: number | null;
    readonly p50: number | null;
    readonly p90: number | null;
    readonly p99: number | null;
    readonly max_abs: number | null;
    readonly histogram: { readonly edges: readonly number[]; readonly counts: readonly number[] };
  };
  readonly latency: {
    readonly primary: { readonly p50_ms: number | null; readonly p99_ms: number | null };
    readonly shadow: { readonly p50_ms: number | null; readonly p99_ms: number | null };
  };
  readonly slices: readonly {
    readonly column: string;
    readonly slice: string;
    readonly rows: number;
    readonly agreement_rate: number | null;
    readonly label_flip_rate: number | null;
    readonly mean_abs_score_difference: number | null;
  }[];
  readonly performance: {
    readonly labelled_rows: number;
    readonly primary: Readonly<Record<string, number | null>>;
    readonly shadow: Readonly<Record<string, number | null>>;
  };
}
