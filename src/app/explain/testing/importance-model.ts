import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { modelText } from '../../../runtime/lightgbm/testing/model-text-builder.ts';

/** Its features in signature order: `b` moves the output by ±10, `a` by ±1, `c` is never split on. */
const IMPORTANCE_FEATURES = ['a', 'b', 'c'] as const;

/**
 * Writes a hand-made LightGBM regressor and training data for it into `dir`, so a test knows the
 * importance ranking whatever the explanation method: b, then a, then c (exactly 0).
 */
export function writeImportanceModel(dir: string, rows = 60): { modelFile: string; trainingData: string } {
  const stump = (feature: number, value: number) => ({
    split_feature: [feature],
    threshold: [0],
    decision_type: [2],
    left_child: [-1],
    right_child: [-2],
    leaf_value: [-value, value],
  });
  const modelFile = path.join(dir, 'importance-model.txt');
  writeFileSync(modelFile, modelText({ featureNames: [...IMPORTANCE_FEATURES], trees: [stump(1, 10), stump(0, 1)] }));
  // A fixed lattice rather than random draws: both sides of every split are well represented.
  const lines = ['a,b,c,y'];
  for (let i = 0; i < rows; i++) {
    const a = ((i * 7) % 11) / 5 - 1;
    const b = ((i * 5) % 13) / 6 - 1;
    const c = ((i * 3) % 7) / 3 - 1;
    lines.push(`${a},${b},${c},${(b > 0 ? 10 : -10) + (a > 0 ? 1 : -1)}`);
  }
  const trainingData = path.join(dir, 'importance-train.csv');
  writeFileSync(trainingData, lines.join('\n') + '\n');
  return { modelFile, trainingData };
}
