import { Command, InvalidArgumentError, Option } from 'commander';
import { actorRole } from '../../app/governance/actor-role.ts';
import { decideApproval, getApproval, listApprovals, requestApproval } from '../../app/governance/approvals.ts';
import { APPROVAL_STAGES, APPROVAL_STATUSES } from '../../core/governance/governance-records.ts';
import { approvalView } from '../../server/views/governance-views.ts';
import { withContext } from '../cli-context.ts';

type ApprovalWire = ReturnType<typeof approvalView>;

function wholeDays(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n)) throw new InvalidArgumentError('must be a whole number of days');
  return n;
}

function summary(a: ApprovalWire): string {
  const decided = a.decision === null ? '' : `  by ${a.decision.decided_by} at ${a.decision.decided_at}`;
  return `${a.id}  ${`${a.model.name}:${a.model.version}`.padEnd(20)} ${a.stage.padEnd(10)} ${a.status.padEnd(8)}  requested by ${a.requested_by} at ${a.requested_at}${decided}`;
}

function details(a: ApprovalWire): string {
  const lines = [
    `approval ${a.id}: ${a.model.name}:${a.model.version} for ${a.stage}, ${a.status}`,
    `  requested by ${a.requested_by} at ${a.requested_at}${a.request_note ? `: ${a.request_note}` : ''}`,
    `  periodic review every ${a.review_every_days} days once approved`,
    `  test runs relied on: ${a.test_runs.length === 0 ? 'none' : ''}`,
    ...a.test_runs.map((r) => `    ${r.passed ? '✓' : '✗'} ${r.suite} (run ${r.id})`),
  ];
  if (a.decision !== null)
    lines.push(
      `  ${a.decision.status} by ${a.decision.decided_by} at ${a.decision.decided_at}${a.decision.note ? `: ${a.decision.note}` : ''}`,
      `  model card at the decision: ${a.card_id === null ? 'none stored' : `${a.card_id} (ballast card --stored ${a.card_id})`}`,
    );
  return lines.join('\n');
}

function print(a: ApprovalWire, json: boolean | undefined): void {
  console.log(json ? JSON.stringify(a, null, 2) : details(a));
}

export function approvalsCommand(): Command {
  const approvals = new Command('approvals').description(
    "four-eyes approvals of a version's promotion (requested by one person, decided by another)",
  );
  approvals
    .command('request')
    .description('ask for an approval of a version for a stage; it names the latest run of each suite the version has')
    .argument('<ref>', 'MODEL:VERSION')
    .addOption(
      new Option('--stage <stage>', 'production is what champion and production deployments need')
        .choices([...APPROVAL_STAGES])
        .makeOptionMandatory(),
    )
    .option('--note <text>', 'what the approver should know')
    .option('--review-every <days>', 'days between periodic reviews once approved (default 90)', wholeDays)
    .option('--json', 'print JSON')
    .action(async (ref: string, options: { stage: string; note?: string; reviewEvery?: number; json?: boolean }, command: Command) => {
      const detail = await withContext(command, (ctx) =>
        requestApproval(ctx, { ref, stage: options.stage, note: options.note, reviewEveryDays: options.reviewEvery }),
      );
      const view = approvalView(detail);
      if (options.json) console.log(JSON.stringify(view, null, 2));
      else
        console.log(
          `requested approval ${view.id} of ${view.model.name}:${view.model.version} for ${view.stage}; someone else with the approver role decides it`,
        );
    });
  for (const [verb, decision] of [
    ['approve', 'approved'],
    ['reject', 'rejected'],
  ] as const)
    approvals
      .command(verb)
      .description(`${verb} a pending approval (approver role: an active token named after you; never your own request)`)
      .argument('<id>', 'approval id (from approvals list)')
      .option('--note <text>', 'why')
      .option('--json', 'print JSON')
      .action(async (id: string, options: { note?: string; json?: boolean }, command: Command) => {
        const detail = await withContext(command, async (ctx) =>
          decideApproval(ctx, { id, decision, note: options.note, role: await actorRole(ctx.store, ctx.actor) }),
        );
        print(approvalView(detail), options.json);
        if (detail.cardProblem !== undefined) console.error(`warning: ${detail.cardProblem}; the decision is recorded`);
      });
  approvals
    .command('list')
    .description('approvals, newest request first')
    .addOption(new Option('--status <status>', 'only these').choices([...APPROVAL_STATUSES]))
    .option('--model <name>', 'only this model')
    .option('--json', 'print JSON')
    .action(async (options: { status?: string; model?: string; json?: boolean }, command: Command) => {
      const list = (await withContext(command, (ctx) => listApprovals(ctx, { status: options.status, model: options.model }))).map(
        approvalView,
      );
      if (options.json) console.log(JSON.stringify({ approvals: list }, null, 2));
      else if (list.length === 0) console.log('no approvals; request one with: ballast approvals request MODEL:V --stage production');
      else for (const a of list) console.log(summary(a));
    });
  approvals
    .command('show')
    .argument('<id>', 'approval id')
    .option('--json', 'print JSON')
    .action(async (id: string, options: { json?: boolean }, command: Command) => {
      print(approvalView(await withContext(command, (ctx) => getApproval(ctx, id))), options.json);
    });
  return approvals;
}
