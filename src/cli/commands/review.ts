import { Command } from 'commander';
import { clearReviewPolicy, setReviewPolicy, showReviewPolicy } from '../../app/reviews/review-policy.ts';
import { reviewFallbackText } from '../../core/reviews/review-policy-text.ts';
import type { DeploymentRecord } from '../../core/serving-records.ts';
import { withContext } from '../cli-context.ts';

/** The policy as `review show` prints it, and its --json form (the API's `review_policy`). */
function policyOf(deployment: DeploymentRecord) {
  const policy = deployment.routing.review;
  return {
    deployment: deployment.name,
    review_policy: policy
      ? { when: policy.whenText, fallback: reviewFallbackText(policy.fallback), set_at: policy.setAt, set_by: policy.setBy }
      : null,
  };
}

function print(json: boolean | undefined, deployment: DeploymentRecord, text: string): void {
  console.log(json ? JSON.stringify(policyOf(deployment), null, 2) : text);
}

const describePolicy = (deployment: DeploymentRecord) => {
  const policy = deployment.routing.review;
  return policy
    ? `${deployment.name}: review when ${policy.whenText}; fallback ${reviewFallbackText(policy.fallback)} (set ${policy.setAt} by ${policy.setBy})`
    : `${deployment.name}: no review policy`;
};

export function reviewCommand(): Command {
  const review = new Command('review').description(
    "a deployment's review policy: which predictions a person decides, and what callers get meanwhile",
  );
  review
    .command('set')
    .description('hold predictions that meet --when for human review; callers get --fallback at once (operators)')
    .argument('<deployment>', 'the deployment')
    .requiredOption('--when <condition>', '"max_probability < 0.6", "probability between 0.4 and 0.6", contract_flagged or disagreement')
    .requiredOption('--fallback <fallback>', 'abstain, stable or label:VALUE (a class of the model)')
    .option('--json', 'print JSON')
    .action(async (name: string, options: { when: string; fallback: string; json?: boolean }, command: Command) => {
      const deployment = await withContext(command, (ctx) => setReviewPolicy(ctx, name, options));
      print(options.json, deployment, describePolicy(deployment));
    });
  review
    .command('clear')
    .description('remove the review policy: the model answers every prediction again')
    .argument('<deployment>', 'the deployment')
    .option('--json', 'print JSON')
    .action(async (name: string, options: { json?: boolean }, command: Command) => {
      const deployment = await withContext(command, (ctx) => clearReviewPolicy(ctx, name));
      print(options.json, deployment, `${name}: review policy cleared`);
    });
  review
    .command('show')
    .description("a deployment's review policy")
    .argument('<deployment>', 'the deployment')
    .option('--json', 'print JSON')
    .action(async (name: string, options: { json?: boolean }, command: Command) => {
      const deployment = await withContext(command, (ctx) => showReviewPolicy(ctx, name));
      print(options.json, deployment, describePolicy(deployment));
    });
  return review;
}
