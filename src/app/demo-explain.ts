import path from 'node:path';
import type { AppContext } from './context.ts';
import { DEMO_DEPLOYMENT } from './demo.ts';
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
 * explained by the served version, its reasons printed as a reader of the decision would get them.
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
}
