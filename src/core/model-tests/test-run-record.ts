import type { CheckResult } from './suite-types.ts';

/** A stored run of a suite against a version (migration 0023), immutable once written. */
export interface TestRunRecord {
  readonly id: string;
  readonly versionId: string;
  readonly suiteName: string;
  /** SHA-256 hex of the suite file's bytes. */
  readonly suiteHash: string;
  readonly dataFile: string;
  /** SHA-256 hex of the data file's bytes. */
  readonly dataHash: string;
  readonly dataRows: number;
  readonly seed: number;
  /** Every error-severity check passed. */
  readonly passed: boolean;
  readonly checks: readonly CheckResult[];
  readonly createdBy: string;
  readonly createdAt: string;
}
