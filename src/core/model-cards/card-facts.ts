import type { DriftReport } from '../drift/drift-report.ts';
import type { GlobalImportance } from '../explain/global-importance.ts';
import type { ApprovalRecord, GovernanceReviewRecord } from '../governance/governance-records.ts';
import type { ReviewSchedule } from '../governance/review-due.ts';
import type { TestRunRecord } from '../model-tests/test-run-record.ts';
import type { MetricEstimate } from '../performance-estimation/cbpe.ts';
import type { DatasetSnapshotRecord, ModelRecord, ModelVersionRecord } from '../registry-records.ts';
import type { VersionAnnotations } from './card-records.ts';
import type { CardMissing } from './model-card.ts';

/**
 * Everything a card is built from, read by the app layer from the store at the moment the card is asked
 * for. Pure data: the card is a function of these facts and nothing else, so a test builds any card by
 * hand. Absent facts are null or empty and the builder says why in `missing`.
 */
export interface CardFacts {
  readonly generatedAt: string;
  readonly model: ModelRecord;
  readonly version: ModelVersionRecord;
  readonly aliases: readonly string[];
  readonly annotations: VersionAnnotations | null;
  /** Inputs marked sensitive or pii (by the contract or by hand). */
  readonly sensitiveColumns: readonly string[];
  readonly snapshot: DatasetSnapshotRecord | null;
  readonly contract: { readonly id: string; readonly name: string; readonly sha256: string; readonly columns: number } | null;
  /** The version's stored test runs, newest first. */
  readonly testRuns: readonly TestRunRecord[];
  readonly importance: GlobalImportance | null;
  /** Deployments whose current binding is this version (the range below is read on them). */
  readonly deployments: readonly string[];
  readonly range: { readonly from: string; readonly to: string };
  /** Per deployment and window, the version's logged predictions with realised and estimated metrics. */
  readonly performanceWindows: readonly CardFactsWindow[];
  /** Whether the version has a labelled reference, which performance estimation needs. */
  readonly hasLabelledReference: boolean;
  /** The latest closed window of each deployment serving the version, compared with its reference. */
  readonly drift: readonly CardFactsDrift[];
  /** Violation counts over the range per deployment, column and code. */
  readonly violations: readonly { readonly deployment: string; readonly column: string; readonly code: string; readonly count: number }[];
  readonly approvals: readonly ApprovalRecord[];
  readonly reviews: readonly GovernanceReviewRecord[];
  readonly schedule: ReviewSchedule | null;
  /** Sections whose records could not be read (a store error), with the error: said in `missing`, never thrown. */
  readonly unreadable: readonly CardMissing[];
}

export interface CardFactsWindow {
  readonly deployment: string;
  readonly start: string;
  readonly end: string;
  readonly rows: number;
  readonly labelledRows: number;
  readonly metrics: Readonly<Record<string, MetricEstimate>>;
}

export interface CardFactsDrift {
  readonly deployment: string;
  readonly start: string;
  readonly end: string;
  readonly rows: number;
  /** Null when the version has no reference profile (registered without training data). */
  readonly report: DriftReport | null;
}
