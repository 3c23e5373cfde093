import { Command } from 'commander';
import { setPolicy, showPolicy } from '../../app/governance/policy.ts';
import { policyView } from '../../server/views/governance-views.ts';
import { withContext } from '../cli-context.ts';

function repeated(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function formatPolicy(view: ReturnType<typeof policyView>): string {
  if (view.updated_by === null) return `${view.model}: no promotion policy (champion and production deployments are not gated)`;
  const suites = view.require_suites.length > 0 ? view.require_suites.join(', ') : 'none';
  return [
    `${view.model}: promotion policy (set by ${view.updated_by} at ${view.updated_at})`,
    `  required suites    ${suites}`,
    `  requires approval  ${view.require_approval ? 'yes (an approved production approval)' : 'no'}`,
  ].join('\n');
}

export function policyCommand(): Command {
  const policy = new Command('policy').description("a model's promotion policy: what the champion alias and production deployments need");
  policy
    .command('set')
    .description('set the policy whole (it replaces the previous one; audited)')
    .argument('<model>', 'the model name')
    .option('--require-suite <name>', 'a suite whose latest run on the version must pass; repeat for more', repeated)
    .option('--require-approval', 'also require an approved production approval (ballast approvals)')
    .option('--no-require-approval', 'no approval needed (the default)')
    .option('--json', 'print JSON')
    .action(async (model: string, options: { requireSuite?: string[]; requireApproval?: boolean; json?: boolean }, command: Command) => {
      const view = policyView(
        await withContext(command, (ctx) =>
          setPolicy(ctx, { model, requireSuites: options.requireSuite ?? [], requireApproval: options.requireApproval === true }),
        ),
      );
      console.log(options.json ? JSON.stringify(view, null, 2) : formatPolicy(view));
    });
  policy
    .command('show')
    .argument('<model>', 'the model name')
    .option('--json', 'print JSON')
    .action(async (model: string, options: { json?: boolean }, command: Command) => {
      const view = policyView(await withContext(command, (ctx) => showPolicy(ctx, model)));
      console.log(options.json ? JSON.stringify(view, null, 2) : formatPolicy(view));
    });
  return policy;
}
