import type { ClassLabel } from '../signature.ts';

/** One row's answer (the runtime's PredictionRecord, which core does not import): a class with its probabilities, or a value. */
export type RowOutput = { readonly label: ClassLabel; readonly probabilities: readonly number[] } | { readonly value: number };

/**
 * What became of a prediction mirrored to a shadow: `scored` (the shadow answered), `failed` (it
 * threw, could not read the instance, or could not be loaded), `timed_out` (no answer within the
 * mirror's timeout: abandoned), `dropped` (the mirror's queue was full; never sent).
 */
export type ShadowOutcome = 'scored' | 'dropped' | 'failed' | 'timed_out';

/**
 * One stored shadow row. A `dropped` row stands for `rows` dropped predictions and names no primary;
 * every other row is one mirrored prediction (`rows` 1).
 */
export interface ShadowPredictionRecord {
  readonly id: string;
  readonly primaryPredictionId: string | null;
  readonly deploymentName: string;
  /** The shadow's version. */
  readonly versionId: string;
  readonly at: string;
  readonly outcome: ShadowOutcome;
  readonly rows: number;
  readonly output: RowOutput | null;
  readonly error: string | null;
  /** The shadow model call that scored this row (the whole batch's time); null when none ran. */
  readonly latencyMs: number | null;
}
