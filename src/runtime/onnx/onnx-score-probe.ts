import type { InferenceSession } from 'onnxruntime-node';
import type { FeatureSpec, ScoreKind } from '../../core/signature.ts';
import { ModelLoadError, type FeatureBatch } from '../model-runtime.ts';
import { detectScoreKind } from './class-scores.ts';
import { buildFeeds } from './onnx-feeds.ts';
import type { OnnxPlan } from './onnx-signature.ts';

/** Rows of the probe: enough that scores summing to 1 on all of them is no coincidence. */
const PROBE_ROWS = 8;

/**
 * Settles whether a score-only classifier's scores are probabilities or logits when neither the
 * caller nor the graph's last activation said so: the model is run once on a few fixed rows, and
 * its scores are probabilities if every row lies in [0, 1] and sums to 1 (a network that normalises
 * its output does so for any input), logits otherwise. Registration stores the answer in the
 * signature, so this runs once per model, never again when serving it.
 */
export async function decideScores(session: InferenceSession, plan: OnnxPlan): Promise<OnnxPlan> {
  const { read } = plan;
  if (read.kind !== 'scores' || read.scores !== undefined) return plan;
  const classCount = read.classes.length;
  const scores = await probe(session, plan, read.scoresOutput, classCount);
  return { ...plan, read: { ...read, scores }, signature: { ...plan.signature, output: { ...plan.signature.output, scores } } };
}

async function probe(session: InferenceSession, plan: OnnxPlan, output: string, classCount: number): Promise<ScoreKind> {
  const advice = `cannot tell whether the ONNX model's scores "${output}" are probabilities or logits; say which with --scores probabilities or --scores logits`;
  let values: ArrayLike<number> | undefined;
  try {
    const results = await session.run(buildFeeds(plan.feed, plan.signature.inputs, probeBatch(plan.signature.inputs)), [output]);
    const data = results[output]?.data;
    values = data instanceof Float32Array || data instanceof Float64Array ? data : undefined;
  } catch (error) {
    throw new ModelLoadError(`${advice} (running it on probe rows failed: ${firstLine(error)})`);
  }
  // One column per row (a binary model's P(class 1) or logit) cannot show a sum.
  const kind =
    values === undefined || values.length !== PROBE_ROWS * classCount ? undefined : detectScoreKind(values, PROBE_ROWS, classCount);
  if (kind === undefined) throw new ModelLoadError(advice);
  return kind;
}

/** Fixed, varied values in [-2.5, 2.5] (whole numbers for integer inputs); empty text for strings. */
function probeBatch(features: readonly FeatureSpec[]): FeatureBatch {
  return {
    rowCount: PROBE_ROWS,
    columns: features.map((feature, f) => {
      if (feature.type === 'string') return new Array<string>(PROBE_ROWS).fill('');
      return Float64Array.from({ length: PROBE_ROWS }, (_, row) => {
        const value = (((row * 7 + f * 3) % 11) - 5) / 2;
        return feature.type === 'number' ? value : Math.round(value);
      });
    }),
  };
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n', 1)[0]!.trim();
}
