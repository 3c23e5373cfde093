import type { ReviewItem } from '../api/review-types.ts';
import { Chip, Link, ModelVersionLink, Time } from '../components/bits.tsx';
import { formatNumber } from '../lib/format.ts';
import { ReviewOutputSummary } from './review-output.tsx';
import type { ReviewQueue } from './review-route.ts';
import { fallbackText } from './review-wording.ts';

/**
 * The queue in the order the server answered (oldest first or by priority): why each item was held
 * (to the item, keeping the queue), the model's answer, the fallback its caller got, and for decided
 * items the label and who gave it.
 */
export function ReviewsTable({ reviews, queue }: { reviews: readonly ReviewItem[]; queue: ReviewQueue }) {
  const decided = queue.status === 'decided';
  return (
    <table class="table" data-testid="reviews">
      <caption class="visually-hidden">{decided ? 'Decided review items' : 'Predictions waiting for a reviewer'}</caption>
      <thead>
        <tr>
          <th scope="col">Why held</th>
          <th scope="col">Deployment</th>
          <th scope="col">Model</th>
          <th scope="col">Model's answer</th>
          <th scope="col">Caller got</th>
          <th scope="col" class="num">
            Priority
          </th>
          <th scope="col">Held at</th>
          {decided && <th scope="col">Decision</th>}
        </tr>
      </thead>
      <tbody>
        {reviews.map((item) => (
          <tr key={item.id} data-review={item.id}>
            <th scope="row">
              <Link to={{ page: 'review', id: item.id, queue }}>{item.reason}</Link>
            </th>
            <td>
              <Link to={{ page: 'deployment', name: item.deployment }}>{item.deployment}</Link>
            </td>
            <td>
              <ModelVersionLink name={item.model.name} version={item.model.version} />
              {item.role !== 'stable' && (
                <>
                  {' '}
                  <Chip tone="muted">{item.role}</Chip>
                </>
              )}
            </td>
            <td>
              <ReviewOutputSummary output={item.output} />
            </td>
            <td>{fallbackText(item.fallback)}</td>
            <td class="num mono">{formatNumber(item.priority)}</td>
            <td>
              <Time iso={item.created_at} />
            </td>
            {decided && (
              <td>
                {item.decision ? (
                  <>
                    <Chip tone="good">{String(item.decision.label)}</Chip> <span class="muted">by {item.decision.decided_by}</span>
                  </>
                ) : (
                  <span class="muted">—</span>
                )}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
