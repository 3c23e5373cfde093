import path from 'node:path';
import { BallastError } from '../core/errors.ts';
import type { AppContext } from './context.ts';
import { loadRegisteredModel } from './load-model.ts';
import { registerModel } from './register-model.ts';
import { scoreFile } from './score-file.ts';

export interface DemoReport {
  readonly registered: readonly string[];
  readonly scored: ReadonlyArray<{ ref: string; rows: number; predictedDefaultShare: number; seconds: number }>;
}

const MODEL = 'credit-risk';
const LABEL = 'default';

/**
 * The quick start: registers the example credit models (once) with their training data, points
 * @champion at the XGBoost version and @challenger at the ONNX one, then scores the live file with
 * each — all on the embedded defaults, no server needed.
 */
export async function runDemo(ctx: AppContext, examplesDir: string, log: (line: string) => void): Promise<DemoReport> {
  const dir = path.join(examplesDir, 'credit');
  const trainingData = path.join(dir, 'train.csv');
  const registered: string[] = [];
  const existing = await ctx.store.models.findByName(MODEL);
  if (existing === undefined) {
    const common = {
      name: MODEL,
      trainingData,
      labelColumn: LABEL,
      description: 'Probability that a loan applicant defaults within the term (synthetic example).',
      intendedUse: 'Demonstration of Ballast on synthetic data; not for real lending decisions.',
      owner: 'credit-models',
      tags: ['example', 'credit'],
    };
    for (const [file, alias] of [['model.lgb.txt', undefined], ['model.xgb.json', 'champion'], ['model.onnx', 'challenger']] as const) {
      const result = await registerModel(ctx, { ...common, modelFile: path.join(dir, file), alias });
      const ref = `${MODEL}:${result.version.version}`;
      registered.push(ref);
      log(`registered ${ref} (${result.version.format}${alias ? `, @${alias}` : ''}) from ${file}`);
    }
  } else {
    log(`${MODEL} is already registered; scoring with its aliases (delete ${path.relative(process.cwd(), ctx.artifacts.root + '/..') || '.'} to start over)`);
  }

  const scored: DemoReport['scored'][number][] = [];
  for (const ref of [`${MODEL}@champion`, `${MODEL}@challenger`]) {
    const source = await loadRegisteredModel(ctx, ref);
    let positives = 0;
    const started = performance.now();
    try {
      const { rows } = await scoreFile({
        model: source.loaded,
        input: path.join(dir, 'live.csv'),
        write: (text) => {
          for (const line of text.split('\n')) if (line.includes('"label":1')) positives++;
        },
      });
      if (rows === 0) throw new BallastError('invalid_data', 'live.csv has no rows');
      const seconds = (performance.now() - started) / 1000;
      scored.push({ ref: source.description, rows, predictedDefaultShare: positives / rows, seconds });
      log(`scored live.csv with ${ref} (${source.description}): ${rows} rows in ${seconds.toFixed(2)} s, ${(100 * positives / rows).toFixed(1)}% predicted to default`);
    } finally {
      await source.loaded.close();
    }
  }
  return { registered, scored };
}
