import type { Command } from 'commander';
import { Option } from 'commander';
import { actorRole } from '../../app/governance/actor-role.ts';
import { recordPeriodicReview, reviewsDue } from '../../app/governance/periodic-reviews.ts';
import { REVIEW_DECISIONS } from '../../core/governance/governance-records.ts';
import type { ReviewSchedule } from '../../core/governance/review-due.ts';
import { governanceReviewWire, reviewScheduleWire } from '../../core/governance/review-schedule-wire.ts';
import { withContext } from '../cli-context.ts';

/** `credit:3  due 2026-03-02T…  OVERDUE 4.5 days  every 90 d  last review 2025-12-01T… keep by bo  (approval ID)` */
function line(s: ReviewSchedule): string {
  const state = s.overdue ? `OVERDUE ${s.daysOverdue.toFixed(1)} days` : 'on time';
  const last = s.lastReview ? `last review ${s.lastReview.at} ${s.lastReview.decision} by ${s.lastReview.reviewer}` : 'never reviewed';
  return `${s.approval.modelName}:${s.approval.modelVersion}  due ${s.dueAt}  ${state}  every ${s.approval.reviewEveryDays} d  ${last}  (approval ${s.approval.id})`;
}

/**
 * `reviews due` and `reviews record`: the periodic review of approved production versions, beside the
 * prediction review queue's `reviews list|decide` (docs/governance.md, "Periodic review").
 */
export function addPeriodicReviewCommands(reviews: Command): void {
  reviews
    .command('due')
    .description('periodic reviews of approved production versions: when each is due, the most overdue first')
    .option('--overdue', 'only reviews past their due date')
    .option('--model <name>', 'only versions of this model')
    .option('--json', 'print JSON (the shape of GET /v1/governance/reviews)')
    .action(async (options: { overdue?: boolean; model?: string; json?: boolean }, command: Command) => {
      const due = await withContext(command, (ctx) => reviewsDue(ctx, options));
      if (options.json) console.log(JSON.stringify({ reviews: due.map(reviewScheduleWire) }, null, 2));
      else if (due.length === 0) console.log(options.overdue ? 'no periodic review is overdue' : 'no periodic review is scheduled');
      else console.log(due.map(line).join('\n'));
    });
  reviews
    .command('record')
    .description("record a periodic review of a version's production approval (approver role; a token named after you says so)")
    .argument('<model_ref>', 'MODEL:VERSION (or MODEL@alias)')
    .requiredOption('--findings <text>', 'what was looked at and what was found')
    .addOption(
      new Option('--decision <decision>', 'keep it, retrain it, or retire it (ends the schedule)')
        .choices([...REVIEW_DECISIONS])
        .makeOptionMandatory(),
    )
    .option('--json', 'print JSON')
    .action(async (ref: string, options: { findings: string; decision: string; json?: boolean }, command: Command) => {
      const review = await withContext(command, async (ctx) =>
        recordPeriodicReview(ctx, ref, options, await actorRole(ctx.store, ctx.actor)),
      );
      if (options.json) console.log(JSON.stringify(governanceReviewWire(review), null, 2));
      else console.log(`periodic review ${review.id} of ${ref} recorded: ${review.decision} (by ${review.reviewer})`);
    });
}
