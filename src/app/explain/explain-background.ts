import { BallastError } from '../../core/errors.ts';
import type { ModelVersionRecord } from '../../core/registry-records.ts';
import type { AppContext } from '../context.ts';
import { sampleTrainingSnapshot, type BackgroundSample } from './background-sample.ts';

/**
 * A sample of the version's training snapshot, or undefined when it was registered without one:
 * TreeSHAP needs no background, so its absence is not an error here. A method that needs one says
 * so itself (chooseExplainer: explain_unavailable, naming --training-data and --background).
 */
export async function trainingBackground(
  ctx: AppContext,
  version: ModelVersionRecord,
  rows: number,
  seed: number,
): Promise<BackgroundSample | undefined> {
  try {
    return await sampleTrainingSnapshot(ctx, version, rows, seed);
  } catch (error) {
    if (error instanceof BallastError && error.code === 'explain_unavailable') return undefined;
    throw error;
  }
}
