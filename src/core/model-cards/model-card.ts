/**
 * A model card's JSON form (its wire shape, `GET …/card`, `ballast card --format json`, the copies stored on
 * approval). Section names follow Google's Model Card Toolkit schema (model_details, model_parameters,
 * quantitative_analysis, considerations) so tooling that reads MCT's JSON finds them; Ballast's live
 * sections (explanations, monitoring, governance) are additions MCT has no place for. Every section is
 * always present: when one has no data its value is null or empty and `missing` says why in words.
 */

export const CARD_SCHEMA_VERSION = 'ballast.card/v1';

/** The card's sections, as `missing[].section` names them. */
export const CARD_SECTIONS = [
  'model_details',
  'considerations',
  'model_parameters.data',
  'quantitative_analysis.performance_metrics',
  'quantitative_analysis.test_runs',
  'quantitative_analysis.fairness',
  'quantitative_analysis.live_performance',
  'quantitative_analysis.estimated_performance',
  'explanations',
  'monitoring.drift',
  'monitoring.contract_violations',
  'governance',
] as const;
export type CardSection = (typeof CARD_SECTIONS)[number];

export interface CardModelDetails {
  readonly name: string;
  readonly version: number;
  readonly format: string;
  readonly owner: string | null;
  readonly description: string | null;
  readonly created_at: string;
  readonly created_by: string;
  /** From the model's `license:<id>` tags. */
  readonly licenses: readonly string[];
  /** From the model's `ref:<url>` tags. */
  readonly references: readonly string[];
  readonly code_ref: string | null;
  readonly aliases: readonly string[];
  /** SHA-256 of the model artifact: the exact bytes this card describes. */
  readonly artifact_sha256: string;
  readonly tags: readonly string[];
}

export interface CardLimitation {
  readonly text: string;
  /** `entered`: stated by a person (`ballast models annotate`); `derived`: found by Ballast in its records. */
  readonly source: 'entered' | 'derived';
}

export interface CardConsiderations {
  readonly intended_use: string | null;
  /** Where `intended_use` came from: the version's annotation, or the model's registration text. */
  readonly intended_use_source: 'version' | 'model' | null;
  readonly out_of_scope_uses: readonly string[];
  readonly limitations: readonly CardLimitation[];
  /** The model's sensitive inputs, said as a consideration (fairness results are under quantitative_analysis). */
  readonly ethical_considerations: readonly string[];
}

export interface CardInput {
  readonly name: string;
  readonly type: string;
  readonly sensitive: boolean;
}

export interface CardTrainingData {
  readonly snapshot_sha256: string;
  readonly rows: number;
  readonly columns: readonly { readonly name: string; readonly type: string; readonly missing: number }[];
  readonly label_column: string | null;
  readonly source: string;
  readonly registered_at: string;
  readonly contract: { readonly id: string; readonly name: string; readonly sha256: string; readonly columns: number } | null;
  /** Ballast does not record the time span a snapshot covers; null until it does. */
  readonly time_range: { readonly from: string; readonly to: string } | null;
}

export interface CardModelParameters {
  readonly input_format: string;
  readonly output: { readonly kind: string; readonly classes: readonly (string | number)[] | null };
  readonly inputs: readonly CardInput[];
  readonly data: { readonly train: CardTrainingData | null };
}

/** MCT's performance metric: one number, where it was measured, on which slice (null: the whole data). */
export interface CardPerformanceMetric {
  readonly type: string;
  readonly value: number;
  readonly slice: string | null;
  /** `registration`, `test:<suite>`, `live:<deployment>`, `estimated:<deployment>`. */
  readonly source: string;
}

export interface CardTestRun {
  readonly id: string;
  readonly suite: string;
  readonly passed: boolean;
  readonly data_rows: number;
  readonly data_sha256: string;
  readonly created_at: string;
  readonly checks: number;
  readonly failed_checks: readonly string[];
}

export interface CardFairness {
  readonly run_id: string;
  readonly suite: string;
  readonly check: string;
  readonly passed: boolean;
  readonly values: Readonly<Record<string, number | null>>;
  readonly by_group: Readonly<Record<string, Readonly<Record<string, number | null>>>>;
  readonly message: string;
}

/** One window of one deployment serving the version: realised (labelled) or estimated metrics. */
export interface CardPerformanceWindow {
  readonly deployment: string;
  readonly start: string;
  readonly end: string;
  readonly rows: number;
  readonly labelled_rows: number;
  readonly metrics: Readonly<Record<string, number>>;
  /** Estimated windows: metrics whose estimate left its alert band. */
  readonly alerts: readonly string[];
}

export interface CardQuantitativeAnalysis {
  readonly performance_metrics: readonly CardPerformanceMetric[];
  readonly test_runs: readonly CardTestRun[];
  readonly fairness: readonly CardFairness[];
  readonly live_performance: readonly CardPerformanceWindow[];
  readonly estimated_performance: readonly CardPerformanceWindow[];
}

export interface CardExplanations {
  /** Most important first; null when none is stored. */
  readonly global_importance: readonly { readonly feature: string; readonly importance: number; readonly rank: number }[] | null;
  readonly method: string | null;
  readonly space: string | null;
  readonly sample_rows: number | null;
  readonly computed_at: string | null;
}

export interface CardDriftWindow {
  readonly deployment: string;
  readonly start: string;
  readonly end: string;
  readonly rows: number;
  readonly drifted: boolean;
  readonly drifted_share: number;
  readonly columns: number;
  readonly drifted_columns: readonly {
    readonly name: string;
    readonly effect_size: number | null;
    readonly effect_size_name: string;
    readonly importance_rank: number | null;
  }[];
}

export interface CardContractViolation {
  readonly deployment: string;
  readonly column: string;
  readonly code: string;
  readonly count: number;
  /** Of the rows the version served on that deployment in the same range; null when unknown. */
  readonly share: number | null;
}

export interface CardMonitoring {
  /** The latest closed window of each deployment serving the version; null when none has one. */
  readonly drift: { readonly drifted: boolean; readonly windows: readonly CardDriftWindow[] } | null;
  readonly contract_violations: readonly CardContractViolation[];
  /** The range live performance and violations were read over. */
  readonly range: { readonly from: string; readonly to: string; readonly deployments: readonly string[] };
}

export interface CardApproval {
  readonly id: string;
  readonly stage: string;
  readonly status: string;
  readonly requested_by: string;
  readonly requested_at: string;
  readonly decided_by: string | null;
  readonly decided_at: string | null;
  readonly note: string | null;
}

export interface CardReview {
  readonly id: string;
  readonly approval_id: string;
  readonly reviewer: string;
  readonly decision: string;
  readonly findings: string;
  readonly at: string;
}

export interface CardGovernance {
  readonly approvals: readonly CardApproval[];
  readonly reviews: readonly CardReview[];
  readonly next_review_due: string | null;
  readonly review_overdue: boolean;
}

export interface CardMissing {
  readonly section: CardSection;
  readonly reason: string;
}

export interface ModelCard {
  readonly schema_version: typeof CARD_SCHEMA_VERSION;
  readonly generated_at: string;
  readonly model_details: CardModelDetails;
  readonly considerations: CardConsiderations;
  readonly model_parameters: CardModelParameters;
  readonly quantitative_analysis: CardQuantitativeAnalysis;
  readonly explanations: CardExplanations;
  readonly monitoring: CardMonitoring;
  readonly governance: CardGovernance;
  readonly missing: readonly CardMissing[];
}
