import path from 'node:path';
import type { AppContext } from './context.ts';
import { decideApproval, requestApproval } from './governance/approvals.ts';
import { recordPeriodicReview } from './governance/periodic-reviews.ts';
import { setPolicy } from './governance/policy.ts';
import { CHECK_EVALUATORS } from './model-tests/check-evaluators.ts';
import { runModelTests } from './model-tests/run-model-tests.ts';
import { markSensitiveColumns } from './privacy/mark-columns.ts';

const MODEL = 'credit-risk';
/** Who the demo acts as: one person asks, another (with the approver role) decides: four eyes. */
const REQUESTER = 'demo-ml-engineer';
const APPROVER = 'demo-approver';

/**
 * The demo's governance, once, on a fresh data directory (runs again do nothing): the release suite
 * (examples/credit/tests.yaml) run on live.csv against the champion (credit-risk:2) and the challenger
 * (:3), so each version page shows a stored run; a policy that the champion alias needs that suite and
 * a production approval; the champion's approval requested by one person and approved by another, with
 * a first periodic review; the challenger's request left pending for the Approvals page; and `age`
 * marked sensitive on the champion, so a viewer's token sees it masked in the prediction log.
 */
export async function prepareDemoGovernance(ctx: AppContext, examplesDir: string, log: (line: string) => void): Promise<void> {
  const model = await ctx.store.models.findByName(MODEL);
  if (model === undefined || (await ctx.store.governance.policy(model.id)) !== undefined) return;
  const dir = path.join(examplesDir, 'credit');
  const runs = [];
  for (const version of [2, 3]) {
    const run = await runModelTests(ctx, {
      ref: `${MODEL}:${version}`,
      suiteFile: path.join(dir, 'tests.yaml'),
      dataFile: path.join(dir, 'live.csv'),
      label: 'default',
      evaluators: CHECK_EVALUATORS,
    });
    runs.push(run);
    const failed = run.wire.checks.filter((check) => !check.passed).map((check) => check.name);
    log(
      `tested ${MODEL}:${version} with examples/credit/tests.yaml: ${run.wire.passed ? 'passed' : 'failed'}` +
        `${failed.length > 0 ? ` (not passed: ${failed.join(', ')})` : ''} (ballast tests list ${MODEL}:${version})`,
    );
  }
  await setPolicy(ctx, { model: MODEL, requireSuites: [runs[0]!.suite.name], requireApproval: true });
  log(`policy: @champion of ${MODEL} needs a passing ${runs[0]!.suite.name} run and a production approval (ballast policy show ${MODEL})`);
  const asRequester = { ...ctx, actor: REQUESTER };
  const asApprover = { ...ctx, actor: APPROVER };
  const champion = await requestApproval(asRequester, { ref: `${MODEL}:2`, stage: 'production', note: 'release suite run on live.csv' });
  await decideApproval(asApprover, { id: champion.approval.id, decision: 'approved', note: 'suite and fairness reviewed', role: 'approver' });
  await recordPeriodicReview(asApprover, `${MODEL}:2`, { findings: 'first look after approval: no drift, slices stable', decision: 'keep' }, 'approver');
  const challenger = await requestApproval(asRequester, { ref: `${MODEL}:3`, stage: 'production', note: 'challenger for the next release' });
  log(
    `approvals: ${MODEL}:2 approved for production by ${APPROVER} (requested by ${REQUESTER}), reviewed once; ` +
      `${MODEL}:3 waiting (${challenger.approval.id}; dashboard: Approvals)`,
  );
  await markSensitiveColumns(ctx, { ref: `${MODEL}:2`, sensitive: ['age'] });
  log(`${MODEL}:2's "age" is sensitive: tokens without sensitive:read see it as *** in the prediction log`);
}
