import type { ReviewItem } from '../../core/reviews/review-item.ts';
import { reviewVerdict } from '../../core/reviews/review-verdict.ts';
import type { Store } from '../../store/store.ts';
import type { AnsweredRows, ReviewHold, ReviewQueue } from '../serving/serving-extensions.ts';

export interface ReviewQueueDeps {
  readonly store: Pick<Store, 'transaction'>;
  readonly clock: () => Date;
  readonly newId: () => string;
}

const ENSEMBLE_DISAGREEMENT = { reason: 'ensemble members disagree', priority: 0 };

/**
 * The serving host's review queue on the store. `hold` judges each row by the deployment's review
 * policy and writes the items of the rows it holds in one transaction, resolving only once that has
 * committed: the host answers afterwards, so every review id a caller was told is in the queue even
 * if the process is killed the moment the answer leaves. If the write fails, `hold` rejects and the
 * host fails the request rather than promise a review that was never queued.
 */
export function createReviewQueue(deps: ReviewQueueDeps): ReviewQueue {
  return {
    async hold(rows: AnsweredRows): Promise<readonly (ReviewHold | undefined)[]> {
      const policy = rows.deployment.routing.review;
      const holds: (ReviewHold | undefined)[] = rows.ids.map(() => undefined);
      if (policy === undefined) return holds;
      const disagreementsToReview = rows.deployment.routing.ensemble?.onDisagreement === 'review';
      const items: ReviewItem[] = [];
      const createdAt = deps.clock().toISOString();
      rows.records.forEach((record, row) => {
        const flags = rows.flags?.[row];
        // An ensemble that sends disagreements to review holds them whatever the policy's own condition.
        const verdict =
          reviewVerdict(policy.when, record, flags, rows.disagreement?.[row]) ??
          (disagreementsToReview && rows.disagreement?.[row] === true ? ENSEMBLE_DISAGREEMENT : undefined);
        if (verdict === undefined) return;
        const id = deps.newId();
        holds[row] = { id, fallback: policy.fallback, reason: verdict.reason };
        items.push({
          id,
          predictionId: rows.ids[row]!,
          deploymentName: rows.deployment.name,
          versionId: rows.version.id,
          modelName: rows.version.modelName,
          modelVersion: rows.version.version,
          role: rows.role,
          status: 'pending',
          reason: verdict.reason,
          priority: verdict.priority,
          fallback: policy.fallback,
          inputs: rows.inputs[row] ?? {},
          output: record,
          violations: flags ?? [],
          createdAt,
          decision: null,
        });
      });
      if (items.length > 0) await deps.store.transaction((tx) => tx.reviews.insertMany(items));
      return holds;
    },
  };
}
