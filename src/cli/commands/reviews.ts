import { Command, InvalidArgumentError, Option } from 'commander';
import { decideReview, listReviews, MAX_REVIEW_LIMIT, type ReviewView } from '../../app/reviews/reviews.ts';
import { REVIEW_ORDERS, REVIEW_STATUSES } from '../../core/reviews/review-item.ts';
import { reviewFallbackText } from '../../core/reviews/review-policy-text.ts';
import { presentReviews } from '../../app/privacy/sensitive-reads.ts';
import { withContext } from '../cli-context.ts';
import { addPeriodicReviewCommands } from './reviews-due.ts';

function limitOption(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > MAX_REVIEW_LIMIT)
    throw new InvalidArgumentError(`must be a whole number from 1 to ${MAX_REVIEW_LIMIT}`);
  return n;
}

/** `ID  STATUS  DEPLOYMENT  MODEL  CREATED  REASON`, and the decision when there is one. */
function line({ item }: ReviewView): string {
  const decided = item.decision ? `  → ${String(item.decision.label)} by ${item.decision.decidedBy}` : '';
  return `${item.id}  ${item.status.padEnd(7)}  ${item.deploymentName.padEnd(16)}  ${item.modelName}:${item.modelVersion}  ${item.createdAt}  ${item.reason}${decided}`;
}

/** The --json form: the item with its model's classes. */
const flat = ({ item, classes }: ReviewView) => ({ ...item, fallback: reviewFallbackText(item.fallback), classes });

export function reviewsCommand(): Command {
  const reviews = new Command('reviews').description(
    'the human review queue (predictions held by review policies, and their decisions) and periodic reviews of approved versions',
  );
  reviews
    .command('list')
    .description('review items, oldest first (or --order priority: the most doubtful first)')
    .option('--deployment <name>', 'only this deployment')
    .addOption(new Option('--status <status>', 'only items with this status').choices([...REVIEW_STATUSES]))
    .addOption(new Option('--order <order>', 'oldest first, or by priority').choices([...REVIEW_ORDERS]).default('oldest'))
    .option('--limit <n>', `how many items (at most ${MAX_REVIEW_LIMIT})`, limitOption, 50)
    .option('--json', 'print JSON')
    .option('--show-sensitive', "show the values of versions' sensitive columns unmasked (recorded in the audit log as sensitive.read)")
    .action(
      async (
        options: { deployment?: string; status?: string; order: string; limit: number; json?: boolean; showSensitive?: boolean },
        command: Command,
      ) => {
        const found = await withContext(command, async (ctx) => {
          const listed = await listReviews(ctx, options);
          const access = { reveal: options.showSensitive === true, route: 'ballast reviews list' };
          return { ...listed, reviews: await presentReviews(ctx, access, listed.reviews) };
        });
        if (options.json) console.log(JSON.stringify({ reviews: found.reviews.map(flat), pending: found.pending }, null, 2));
        else console.log([...found.reviews.map(line), `${found.pending} pending`].join('\n'));
      },
    );
  reviews
    .command('decide')
    .description("decide a held prediction: final, audited, and the prediction's label (feedback from review)")
    .argument('<id>', 'review item id (from reviews list)')
    .requiredOption('--label <label>', 'a class of the model (a number for a regressor)')
    .option('--note <text>', 'why, for whoever reads the decision later')
    .option('--json', 'print JSON')
    .action(async (id: string, options: { label: string; note?: string; json?: boolean }, command: Command) => {
      // The answer is masked: deciding needs no --show-sensitive (reviews list shows the inputs first).
      const decided = await withContext(command, async (ctx) => {
        const [shown] = await presentReviews(ctx, { reveal: false, route: 'ballast reviews decide' }, [
          await decideReview(ctx, id, options),
        ]);
        return shown!;
      });
      if (options.json) console.log(JSON.stringify(flat(decided), null, 2));
      else
        console.log(`review ${id} decided: ${String(decided.item.decision!.label)} (the label of prediction ${decided.item.predictionId})`);
    });
  addPeriodicReviewCommands(reviews);
  return reviews;
}
