import path from 'node:path';
import type { AppContext } from './context.ts';
import { DEMO_DEPLOYMENT } from './demo.ts';
import { counterfactualForVersion } from './explain/counterfactual-offline.ts';
import { ExplainerCache, loadVersionForExplaining } from './explain/explain-cache.ts';
import { explainInstances } from './explain/explain-instances.ts';
import { annotateVersion } from './model-cards/annotate-version.ts';
import { readInstances } from './simulate.ts';

const MODEL = 'credit-risk';

/** What the demo states about its versions, so their model cards carry entered text as well as derived facts. */
const ANNOTATIONS = {
  intendedUse: 'Ranking loan applications by the risk of default within the term, to decide which need a second look by an underwriter.',
  outOfScope: ['Deciding an application without a person reviewing it', 'Applicants outside the training population (ages 18–80)'],
  limitations: ['Trained on synthetic data (examples/credit/make_data.py); its rates say nothing about a real portfolio'],
};

/** Background rows per version for the demo's explanations: enough for KernelSHAP's base value, quick to load. */
const DEMO_BACKGROUND_ROWS = 50;

/**
 * The demo's explanations and cards, once, on a fresh data directory (runs again do nothing): every
 * version is annotated (intended use, out-of-scope uses, a limitation) before governance decides on
 * them, so the cards stored with those decisions carry the text; then one live application is
 * explained by the served version, its reasons printed as a reader of the decision would get them,
 * and the smallest changes that would have turned a refused applicant's answer are searched for.
 */
export async function prepareDemoExplanations(ctx: AppContext, examplesDir: string, log: (line: string) => void): Promise<void> {
  const model = await ctx.store.models.findByName(MODEL);
  if (model === undefined) return;
  const versions = await ctx.store.versions.listForModel(model.id);
  if (versions.length === 0 || (await ctx.store.modelCards.annotationsOf(versions[0]!.id)) !== undefined) return;
  for (const version of versions) {
    await annotateVersion(ctx, {
      ref: `${MODEL}:${version.version}`,
      intendedUse: ANNOTATIONS.intendedUse,
      outOfScope: { items: ANNOTATIONS.outOfScope, replace: true },
      limitations: { items: ANNOTATIONS.limitations, replace: true },
    });
  }
  log(`annotated ${MODEL}:1..${versions.length} with intended use, out-of-scope uses and a limitation (ballast card ${MODEL}:2)`);

  const [instance] = await readInstances(path.join(examplesDir, 'credit', 'live.csv'), 1);
  const cache = new ExplainerCache(loadVersionForExplaining(ctx, DEMO_BACKGROUND_ROWS));
  const answer = await explainInstances(ctx, cache, DEMO_DEPLOYMENT, [instance!], {
    top: 3,
    access: { reveal: true, route: 'demo' },
  }).finally(() => cache.close());
  const explanation = answer.explanations[0]!;
  log(
    `explained live.csv row 1 with ${answer.model.name}:${answer.model.version} (${answer.method}): ${explanation.reasons.join('; ')} (ballast explain --model ${MODEL}@champion --input examples/credit/live.csv)`,
  );

  // live.csv's row 19 is one the champion answers 1 (default): what would it take to answer 0, age unchanged?
  const counterfactual = await counterfactualForVersion(ctx, `${MODEL}@champion`, {
    source: { input: path.join(examplesDir, 'credit', 'live.csv'), row: COUNTERFACTUAL_ROW },
    request: { desired: 0, k: 2, immutable: ['age'] },
  });
  const changes = counterfactual.counterfactuals.map((cf) =>
    cf.changes.map((c) => `${c.feature} ${String(c.from)} → ${String(c.to)}`).join(' and '),
  );
  log(
    `counterfactuals for live.csv row ${COUNTERFACTUAL_ROW} (${counterfactual.method}): ${changes.length > 0 ? changes.join('; or ') : (counterfactual.message ?? 'none found')} would make ${MODEL}@champion answer 0 (ballast counterfactual --model ${MODEL}@champion --input examples/credit/live.csv --row ${COUNTERFACTUAL_ROW} --desired 0 --immutable age)`,
  );
}

const COUNTERFACTUAL_ROW = 19;
