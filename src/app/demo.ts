import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CodeReference } from './code-reference.ts';
import type { AppContext } from './context.ts';
import { deploy } from './deployments.ts';
import type { ImportanceOptions } from './explain/global-importance.ts';
import { registerModel } from './register-model.ts';

const DEMO_MODEL = 'credit-risk';
export const DEMO_DEPLOYMENT = 'credit-risk';

export interface DemoOptions {
  /** The code that trained the example models (see codeReferenceOf). */
  readonly codeRef: CodeReference;
  /** Sizes of each version's global importance (default DEMO_IMPORTANCE). */
  readonly importance?: ImportanceOptions;
}

/**
 * The demo's global importance: 100 training rows, which TreeSHAP explains in well under a second;
 * the ONNX version falls back to KernelSHAP, whose cost grows with the background (10 rows keep it to
 * a few seconds). `ballast importance credit-risk:N --recompute` computes it on the full default sample.
 */
const DEMO_IMPORTANCE: ImportanceOptions = { sampleRows: 100, backgroundRows: 10 };

/**
 * The quick start's data: when the store has no models, registers the example credit models with
 * their training data, the example's contract (examples/credit/contract.yaml), each model's
 * metrics on the held-out live.csv as train.py measured them (metrics.json), live.csv itself as each
 * version's labelled reference (so the performance of live traffic is estimated before its labels
 * arrive), a code reference and its global importance (LightGBM as version 1, XGBoost as 2 @champion, ONNX as 3
 * @challenger); when it has no
 * deployments, deploys @champion as `credit-risk`. Runs again do nothing.
 */
export async function prepareDemo(ctx: AppContext, examplesDir: string, log: (line: string) => void, options: DemoOptions): Promise<void> {
  const dir = path.join(examplesDir, 'credit');
  if ((await ctx.store.models.list()).length === 0) {
    const heldOut = await heldOutMetrics(path.join(dir, 'metrics.json'));
    log(`code reference: ${options.codeRef.source} ${options.codeRef.ref}`);
    const common = {
      name: DEMO_MODEL,
      trainingData: path.join(dir, 'train.csv'),
      referenceData: path.join(dir, HELD_OUT_FILE),
      labelColumn: 'default',
      contractFile: path.join(dir, 'contract.yaml'),
      codeRef: options.codeRef.ref,
      description: 'Probability that a loan applicant defaults within the term (synthetic example).',
      intendedUse: 'Demonstration of Ballast on synthetic data; not for real lending decisions.',
      owner: 'credit-models',
      tags: ['example', 'credit'],
      importance: options.importance ?? DEMO_IMPORTANCE,
    };
    for (const [file, alias] of [
      ['model.lgb.txt', undefined],
      ['model.xgb.json', 'champion'],
      ['model.onnx', 'challenger'],
    ] as const) {
      const result = await registerModel(ctx, { ...common, modelFile: path.join(dir, file), alias, metrics: heldOut[file] });
      log(
        `registered ${DEMO_MODEL}:${result.version.version} (${result.version.format}${alias ? `, @${alias}` : ''}) from examples/credit/${file}, labelled reference ${HELD_OUT_FILE} (${result.labelledReference!.rows} rows), global importance ${result.importance.status}${result.importance.reason ? ` (${result.importance.reason})` : ''}`,
      );
    }
  }
  if ((await ctx.store.deployments.list()).length === 0 && (await ctx.store.models.findByName(DEMO_MODEL))) {
    // `npm start -- --simulate` sends conversion events for some of its predictions (simulate-events.ts).
    const { deployment } = await deploy(ctx, {
      name: DEMO_DEPLOYMENT,
      model: `${DEMO_MODEL}@champion`,
      config: { kpis: [{ name: 'conversion_rate', event: 'conversion', aggregate: 'rate' }] },
    });
    log(`deployed ${deployment.modelName}:${deployment.modelVersion} as "${deployment.name}"`);
  }
}

/** The file the metrics are measured on: held out from training (train.py never fits on it). */
const HELD_OUT_FILE = 'live.csv';

/**
 * Each model file's metrics on the held-out file, as examples/credit/train.py computed them from
 * the framework's own predictions (AUC, log-loss, accuracy at 0.5); numbers only.
 */
async function heldOutMetrics(file: string): Promise<Record<string, Record<string, number>>> {
  const document = JSON.parse(await readFile(file, 'utf8')) as {
    holdout?: Record<string, { models?: Record<string, Record<string, unknown>> }>;
  };
  const models = document.holdout?.[HELD_OUT_FILE]?.models ?? {};
  return Object.fromEntries(
    Object.entries(models).map(([model, metrics]) => [
      model,
      Object.fromEntries(Object.entries(metrics).filter((entry): entry is [string, number] => typeof entry[1] === 'number')),
    ]),
  );
}
