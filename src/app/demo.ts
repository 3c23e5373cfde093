import path from 'node:path';
import type { AppContext } from './context.ts';
import { deploy } from './deployments.ts';
import { registerModel } from './register-model.ts';

const DEMO_MODEL = 'credit-risk';
export const DEMO_DEPLOYMENT = 'credit-risk';

/**
 * The quick start's data: when the store has no models, registers the example credit models with
 * their training data (LightGBM as version 1, XGBoost as 2 @champion, ONNX as 3 @challenger);
 * when it has no deployments, deploys @champion as `credit-risk`. Runs again do nothing.
 */
export async function prepareDemo(ctx: AppContext, examplesDir: string, log: (line: string) => void): Promise<void> {
  const dir = path.join(examplesDir, 'credit');
  if ((await ctx.store.models.list()).length === 0) {
    const common = {
      name: DEMO_MODEL,
      trainingData: path.join(dir, 'train.csv'),
      labelColumn: 'default',
      description: 'Probability that a loan applicant defaults within the term (synthetic example).',
      intendedUse: 'Demonstration of Ballast on synthetic data; not for real lending decisions.',
      owner: 'credit-models',
      tags: ['example', 'credit'],
    };
    for (const [file, alias] of [['model.lgb.txt', undefined], ['model.xgb.json', 'champion'], ['model.onnx', 'challenger']] as const) {
      const result = await registerModel(ctx, { ...common, modelFile: path.join(dir, file), alias });
      log(`registered ${DEMO_MODEL}:${result.version.version} (${result.version.format}${alias ? `, @${alias}` : ''}) from examples/credit/${file}`);
    }
  }
  if ((await ctx.store.deployments.list()).length === 0 && (await ctx.store.models.findByName(DEMO_MODEL))) {
    const { deployment } = await deploy(ctx, { name: DEMO_DEPLOYMENT, model: `${DEMO_MODEL}@champion` });
    log(`deployed ${deployment.modelName}:${deployment.modelVersion} as "${deployment.name}"`);
  }
}
