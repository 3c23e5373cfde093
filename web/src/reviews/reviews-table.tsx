import type { ReviewItem } from '../api/review-types.ts';
import { Chip, Link, ModelVersionLink } from '../components/bits.tsx';
import { formatNumber, formatTime } from '../lib/format.ts';
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
    <table class="table reviews-table" data-testid="reviews">
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
            <th scope="row" class="reviews-table__text">
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
            <td class="reviews-table__text">{fallbackText(item.fallback)}</td>
            <td class="num mono">{formatNumber(item.priority)}</td>
            <td class="reviews-table__text">
              <HeldAt iso={item.created_at} />
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

/** When it was held, the day and the time on two lines when the column is narrow (never broken inside the date). */
function HeldAt({ iso }: { iso: string }) {
  const [day, clock] = formatTime(iso).split(' ');
  return (
    <time dateTime={iso} title={iso}>
      <span class="reviews-table__day">{day}</span> {clock}
    </time>
  );
}
